package io.maestro.http.internal;

/**
 * A response body as read, possibly only its beginning.
 *
 * @param size how many bytes the server sent (at least), including any that were dropped
 * @param truncated whether {@code bytes} is only the beginning of the body
 */
record ResponseBody(byte[] bytes, long size, boolean truncated) {

    boolean isEmpty() {
        return size == 0;
    }
}
