package io.maestro.http.internal;

import io.maestro.model.ServiceBinding;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * The transport-specific settings of an http binding, read from its {@code options}.
 *
 * @param trust the custom trust store, or {@code null} for the JDK's default trust
 */
public record BindingOptions(long maxResponseSize, TrustSettings trust) {

    public static final long DEFAULT_MAX_RESPONSE_SIZE = 10L * 1024 * 1024;

    // Kept literal rather than shared with HttpService so that internal code never depends on API classes.
    static final String MAX_RESPONSE_SIZE = "max_response_size";
    static final String TRUST_STORE = "trust_store";
    static final String TRUST_STORE_PASSWORD = "trust_store_password";
    static final String TRUST_STORE_TYPE = "trust_store_type";


    /** @throws IllegalArgumentException naming the bad option */
    public static BindingOptions of(ServiceBinding binding) {
        Map<String, Object> options = binding.options();
        long max = options.containsKey(MAX_RESPONSE_SIZE) ? parseSize(options.get(MAX_RESPONSE_SIZE)) : DEFAULT_MAX_RESPONSE_SIZE;
        TrustSettings trust = null;
        Object path = options.get(TRUST_STORE);
        if (path != null) {
            if (!(path instanceof String p) || p.isBlank()) {
                throw new IllegalArgumentException(TRUST_STORE + " must be a file path, got " + path);
            }
            Object password = options.get(TRUST_STORE_PASSWORD);
            Object type = options.get(TRUST_STORE_TYPE);
            trust = new TrustSettings(p, password == null ? null : password.toString(),
                    type == null ? TrustSettings.guessType(p) : trustStoreType(type.toString()));
        } else if (options.containsKey(TRUST_STORE_PASSWORD) || options.containsKey(TRUST_STORE_TYPE)) {
            throw new IllegalArgumentException(TRUST_STORE_PASSWORD + " and " + TRUST_STORE_TYPE + " need " + TRUST_STORE);
        }
        return new BindingOptions(max, trust);
    }

    /** Normalises a trust store type: PKCS12, JKS or PEM. */
    public static String trustStoreType(String type) {
        String t = type == null ? "" : type.trim().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "PKCS12", "P12", "PFX" -> "PKCS12";
            case "JKS" -> "JKS";
            case "PEM" -> "PEM";
            default -> throw new IllegalArgumentException(TRUST_STORE_TYPE + " must be PKCS12, JKS or PEM, got '" + type + "'");
        };
    }

    /** Bytes from a number, or a string such as {@code 512KiB}, {@code 10MiB}, {@code 1MB}. */
    static long parseSize(Object value) {
        long bytes;
        if (value instanceof Number n) {
            BigDecimal d = new BigDecimal(n.toString());
            if (d.signum() <= 0 || d.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException(MAX_RESPONSE_SIZE + " must be a positive whole number of bytes, got " + value);
            }
            bytes = d.longValueExact();
        } else if (value instanceof String s) {
            BigDecimal parsed = io.maestro.model.ByteSizes.parse(s);
            if (parsed == null) {
                throw new IllegalArgumentException(MAX_RESPONSE_SIZE + " must be a size such as 1048576, 512KiB or 10MiB, got '" + s + "'");
            }
            bytes = parsed.longValue();
            if (bytes < 1) {
                throw new IllegalArgumentException(MAX_RESPONSE_SIZE + " must be positive, got '" + s + "'");
            }
        } else {
            throw new IllegalArgumentException(MAX_RESPONSE_SIZE + " must be a number of bytes or a size such as 10MiB, got " + value);
        }
        return bytes;
    }
}
