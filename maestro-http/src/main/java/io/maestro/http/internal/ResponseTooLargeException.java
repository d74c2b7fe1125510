package io.maestro.http.internal;

import java.io.IOException;

/** A response body over the binding's {@code max_response_size}; the exchange was aborted. */
final class ResponseTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param declared whether {@code size} is the announced Content-Length, or the bytes read before aborting */
    ResponseTooLargeException(long size, boolean declared, long limit) {
        super(declared
                ? "response body of " + size + " bytes (Content-Length) exceeds max_response_size of " + limit + " bytes; not read"
                : "response body exceeds max_response_size of " + limit + " bytes; aborted after " + size + " bytes");
    }
}
