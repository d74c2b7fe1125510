package io.maestro.cli.internal.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The server's one bearer token. Requests carry {@code Authorization: Bearer <token>}; the check
 * compares SHA-256 digests with {@link MessageDigest#isEqual}, so its time tells nothing about
 * how much of a guess was right, nor about the token's length.
 */
public final class BearerToken {

    /** Shorter tokens are refused: they could be guessed. */
    static final int MIN_LENGTH = 16;

    private static final String SCHEME = "Bearer ";
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"maestro\"");

    private final byte[] digest;

    private BearerToken(String token) {
        this.digest = sha256(token);
    }

    /** @throws IllegalArgumentException if the token is too short or holds characters a header cannot carry */
    public static BearerToken of(String token) {
        if (token == null || token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the token must be at least " + MIN_LENGTH + " characters long");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException("the token may hold only visible ASCII characters (no spaces)");
            }
        }
        return new BearerToken(token);
    }

    /** 32 random bytes from {@link SecureRandom}, base64url: for a server started without a token. */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @throws ApiError 401 unless the header carries this token */
    void check(String authorization) {
        if (authorization == null) {
            throw new ApiError(401, "unauthorized", "this request needs the header 'Authorization: Bearer <token>'", CHALLENGE);
        }
        if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new ApiError(401, "unauthorized", "the Authorization header must use the Bearer scheme", CHALLENGE);
        }
        String given = authorization.substring(SCHEME.length()).strip();
        if (!MessageDigest.isEqual(digest, sha256(given))) {
            throw new ApiError(401, "unauthorized", "the bearer token is not the server's", CHALLENGE);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
