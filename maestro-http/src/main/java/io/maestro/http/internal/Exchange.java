package io.maestro.http.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * One prepared request and what the transport needs to send it and read its answer.
 *
 * @param trust the binding's trust store, or {@code null} for the default
 */
public record Exchange(String service, HttpRequest request, long maxResponseSize, TrustSettings trust, Duration timeout) {

    /** {@code service: VERB scheme://host/path}, without the query (which may carry personal data). */
    public String describe() {
        URI uri = request.uri();
        return service + ": " + request.method() + " " + uri.getScheme() + "://" + uri.getRawAuthority()
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    boolean isHead() {
        return request.method().equals("HEAD");
    }
}
