package io.maestro.http.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A binding's validated base URL: {@code http} or {@code https}, a host, an optional base path,
 * no query or fragment.
 *
 * @param base the URL without a trailing slash, to which request paths are appended
 */
public record Endpoint(String base, boolean secure) {

    /** @throws IllegalArgumentException with the reason the endpoint is not usable */
    public static Endpoint parse(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("an http binding needs an endpoint such as http://localhost:8081");
        }
        URI uri;
        try {
            uri = new URI(endpoint.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' must not have a query or fragment");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' must not hold credentials: use a header");
        }
        String base = uri.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new Endpoint(base, scheme.equals("https"));
    }
}
