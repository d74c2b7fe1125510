package io.maestro.http.internal;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * Reads a response body without ever holding more than a limit in memory. A successful
 * response's body is read whole, and fails with {@link ResponseTooLargeException} as soon as
 * it passes {@code max_response_size}, checked first against {@code Content-Length}: the
 * subscription is cancelled, which aborts the exchange. An error response's body is only
 * needed for the failure message: its first bytes are kept and the rest is drained (so the
 * connection can be reused) up to a small bound, then dropped.
 *
 * <p>Buffers are requested one at a time (by this subscriber and by the JDK consumer below alike),
 * so at most one chunk past the limit is ever held; the sink drops whatever still arrives before
 * its abort takes effect.
 *
 * <p>The body (or the failure) is handed to a {@link Listener} on the thread that finished
 * reading it, before the stage the client sees ({@link #getBody()}) completes, so that whoever
 * waits for the client's response future finds the answer there. That stage completes with no
 * value: the client, which may keep the exchange reachable until its connection is reused, then
 * does not keep the body's bytes alive too. The subscriber lets go of its buffer and listener
 * once done.
 *
 * <p>A successful response that does not declare a length over the limit (the usual case) is
 * read instead by the JDK's own {@link HttpResponse.BodySubscribers#ofByteArrayConsumer
 * byte-array consumer} feeding a {@link Sink} that keeps the same limit. The client trusts its
 * own subscribers not to block and delivers their body on the thread that read it; a subscriber
 * of ours would cost a hand-off to the client's executor per response (one task in six, at
 * 5 000 requests in flight). That consumer cannot cancel its subscription: past the limit the
 * sink stops keeping bytes and has the {@link Listener#abort() exchange aborted}.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<Void> {

    /** How much of an error body goes into the failure message. */
    static final int ERROR_BODY_KEPT = 1024;
    /** How much of an error body is read, at most, before the connection is dropped instead. */
    static final long ERROR_BODY_DRAINED = 64 * 1024;

    private final long limit;
    private final int keep;
    private final boolean failOverLimit;
    private final long declared;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private HttpResponse.ResponseInfo info;
    private Listener listener;
    private Flow.Subscription subscription;
    private byte[] buffer;
    private int kept;
    private long seen;
    private boolean truncated;
    private boolean finished;

    private BoundedBodySubscriber(long limit, int keep, boolean failOverLimit, long declared,
            HttpResponse.ResponseInfo info, Listener listener) {
        this.limit = limit;
        this.keep = keep;
        this.failOverLimit = failOverLimit;
        this.declared = declared;
        this.info = info;
        this.listener = listener;
    }

    /**
     * Told of the whole answer (status, headers and body as read) on the thread that finished
     * reading it, before the body's stage completes.
     */
    interface Listener {
        void onResponse(HttpResponse.ResponseInfo info, ResponseBody body, Throwable failure);

        /** Aborts the exchange (the body went past the limit and nothing cancels it otherwise). */
        void abort();
    }

    /**
     * The subscriber for one response.
     *
     * @param limit the binding's {@code max_response_size}
     * @param headRequest a HEAD response declares a length but has no body
     */
    static HttpResponse.BodySubscriber<Void> create(HttpResponse.ResponseInfo info, long limit, boolean headRequest, Listener listener) {
        long declared = headRequest ? -1 : contentLength(info.headers());
        int status = info.statusCode();
        if (status >= 200 && status < 300) {
            int keep = (int) Math.min(limit, Integer.MAX_VALUE - 16);
            return declared > limit
                    ? new BoundedBodySubscriber(limit, keep, true, declared, info, listener) // cancels at once
                    : HttpResponse.BodySubscribers.ofByteArrayConsumer(new Sink(limit, keep, declared, info, listener));
        }
        return new BoundedBodySubscriber(Math.min(limit, ERROR_BODY_DRAINED), ERROR_BODY_KEPT, false, declared, info, listener);
    }

    /**
     * A successful response's body, chunk by chunk from the JDK's byte-array consumer, then
     * {@code Optional.empty()} at its end. Told nothing of a read failure: the client's response
     * future then fails with it.
     */
    static final class Sink implements Consumer<Optional<byte[]>> {

        private final long limit;
        private final int keep;
        private final long declared;
        private HttpResponse.ResponseInfo info;
        private Listener listener;
        private byte[] buffer;
        private int kept;
        private long seen;
        /** Only with a limit past what one array holds: the rest is counted, not kept. */
        private boolean truncated;

        Sink(long limit, int keep, long declared, HttpResponse.ResponseInfo info, Listener listener) {
            this.limit = limit;
            this.keep = keep;
            this.declared = declared;
            this.info = info;
            this.listener = listener;
        }

        @Override
        public void accept(Optional<byte[]> chunk) {
            Listener l = listener;
            if (l == null) {
                return; // answered already (past the limit): what still arrives is dropped
            }
            if (chunk.isEmpty()) {
                byte[] bytes = kept(buffer, kept);
                HttpResponse.ResponseInfo i = info;
                release();
                l.onResponse(i, new ResponseBody(bytes, seen, truncated), null);
                return;
            }
            byte[] bytes = chunk.get();
            seen += bytes.length;
            if (seen > limit) {
                HttpResponse.ResponseInfo i = info;
                release();
                l.onResponse(i, null, new ResponseTooLargeException(seen, false, limit));
                l.abort();
                return;
            }
            if (buffer == null && bytes.length == declared) {
                buffer = bytes; // the whole declared body in one chunk (the usual case): kept as it is
                kept = bytes.length;
                return;
            }
            if (buffer == null || kept + bytes.length > buffer.length) {
                long wanted = Math.max(kept + (long) bytes.length, buffer == null
                        ? (declared >= 0 ? declared : 8192) : (long) buffer.length * 2);
                buffer = Arrays.copyOf(buffer == null ? new byte[0] : buffer, (int) Math.min(keep, wanted));
            }
            int n = Math.min(bytes.length, keep - kept);
            truncated |= n < bytes.length;
            System.arraycopy(bytes, 0, buffer, kept, n);
            kept += n;
        }

        private void release() {
            listener = null;
            info = null;
            buffer = null;
        }
    }

    /** The bytes kept so far, without copying when the buffer is exactly full. */
    private static byte[] kept(byte[] buffer, int kept) {
        return buffer == null ? new byte[0] : kept == buffer.length ? buffer : Arrays.copyOf(buffer, kept);
    }

    /** The declared {@code Content-Length}, or -1 (the client rejects a malformed length itself). */
    private static long contentLength(HttpHeaders headers) {
        String value = headers.firstValue("Content-Length").orElse(null);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public CompletionStage<Void> getBody() {
        return done;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (failOverLimit && declared > limit) {
            s.cancel();
            fail(new ResponseTooLargeException(declared, true, limit));
            return;
        }
        int initial = declared >= 0 ? (int) Math.min(declared, keep) : Math.min(8192, keep);
        buffer = new byte[Math.max(initial, 16)];
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (finished) {
            return;
        }
        for (int i = 0, size = items.size(); i < size; i++) {
            ByteBuffer item = items.get(i);
            int n = item.remaining();
            seen += n;
            if (seen > limit) {
                subscription.cancel();
                if (failOverLimit) {
                    fail(new ResponseTooLargeException(seen, false, limit));
                } else {
                    truncated = true;
                    copy(item);
                    complete();
                }
                return;
            }
            copy(item);
        }
        if (!failOverLimit && kept >= keep && declared > limit) {
            subscription.cancel(); // nothing more of this error body is wanted, and it is too big to drain
            complete();
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        fail(error);
    }

    @Override
    public void onComplete() {
        complete();
    }

    private void copy(ByteBuffer item) {
        int n = Math.min(item.remaining(), keep - kept);
        if (n < item.remaining()) {
            truncated = true;
        }
        if (n <= 0) {
            return;
        }
        if (kept + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(keep, Math.max((long) buffer.length * 2, (long) kept + n)));
        }
        item.get(buffer, kept, n);
        kept += n;
    }

    private void complete() {
        if (finished) {
            return;
        }
        finished = true;
        byte[] bytes = kept(buffer, kept);
        ResponseBody body = new ResponseBody(bytes, seen, truncated);
        HttpResponse.ResponseInfo i = info;
        Listener l = release();
        l.onResponse(i, body, null);
        done.complete(null);
    }

    private void fail(Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        HttpResponse.ResponseInfo i = info;
        Listener l = release();
        l.onResponse(i, null, failure);
        done.completeExceptionally(failure);
    }

    /** Lets go of what the answer no longer needs once it is handed on. */
    private Listener release() {
        Listener l = listener;
        listener = null;
        info = null;
        buffer = null;
        return l;
    }
}
