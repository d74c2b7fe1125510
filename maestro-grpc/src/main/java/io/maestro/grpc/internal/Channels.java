package io.maestro.grpc.internal;

import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.maestro.MaestroException;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One {@link ManagedChannel} per {@link ChannelKey}, made on first use and shared by every
 * binding with the same key; all shut down by {@link #close()}. Thread-safe.
 *
 * <p>A channel whose connection failed (TRANSIENT_FAILURE) is replaced when next asked for,
 * and shut down gracefully: gRPC would otherwise fail every call fast until its own reconnect
 * backoff (up to two minutes) ends, whereas each attempt the engine makes, paced by the step's
 * retry policy, should really try to connect.
 */
final class Channels implements AutoCloseable {

    private final ConcurrentMap<ChannelKey, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final List<ManagedChannel> retired = new ArrayList<>(); // guarded by itself
    /**
     * Channels a call saw fail with UNAVAILABLE. Their state may not have reached
     * TRANSIENT_FAILURE yet when the next call asks (it changes asynchronously), and reusing them
     * would fail that call fast, inside gRPC's reconnect backoff.
     */
    private final java.util.Set<ManagedChannel> failed = ConcurrentHashMap.newKeySet();
    private final Executor executor;
    private volatile boolean closed;

    /** @param executor runs the channels' callbacks, or {@code null} for gRPC's shared pool */
    Channels(Executor executor) {
        this.executor = executor;
    }

    /**
     * @throws MaestroException {@code invalid_binding} when a TLS file cannot be read,
     *     {@code closed} after {@link #close()}
     */
    public ManagedChannel channel(ChannelKey key) {
        ManagedChannel existing = channels.get(key);
        if (existing != null && usable(existing)) {
            return existing;
        }
        ManagedChannel channel = channels.compute(key, (k, current) -> {
            if (current != null && usable(current)) {
                return current; // another caller replaced it already
            }
            ManagedChannel fresh = open(k);
            if (current != null) {
                failed.remove(current);
                retire(current);
            }
            return fresh;
        });
        if (closed) {
            channel.shutdownNow();
            throw new MaestroException("closed", "the gRPC transport is closed", false);
        }
        return channel;
    }

    private boolean usable(ManagedChannel channel) {
        return !failed.contains(channel) && channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE;
    }

    /** A call on the channel of {@code key} failed with UNAVAILABLE: the next call gets a fresh channel. */
    public void connectionFailed(ChannelKey key) {
        ManagedChannel current = channels.get(key);
        if (current != null) {
            failed.add(current);
        }
    }

    private void retire(ManagedChannel channel) {
        channel.shutdown(); // its calls in flight finish
        synchronized (retired) {
            retired.removeIf(ManagedChannel::isTerminated);
            retired.add(channel);
        }
    }

    private ManagedChannel open(ChannelKey key) {
        if (closed) {
            throw new MaestroException("closed", "the gRPC transport is closed", false);
        }
        NettyChannelBuilder b = NettyChannelBuilder.forTarget(key.target(), credentials(key));
        if (key.authority() != null) {
            b.overrideAuthority(key.authority());
        }
        if (executor != null) {
            b.executor(executor);
        }
        // Retries are the engine's (with its backoff, breakers and journal): gRPC's own would hide attempts from it.
        b.disableRetry();
        b.userAgent("maestro");
        return b.build();
    }

    private static ChannelCredentials credentials(ChannelKey key) {
        if (key.plaintext()) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        try {
            if (key.caFile() != null) {
                tls.trustManager(new File(key.caFile()));
            }
            if (key.certFile() != null) {
                tls.keyManager(new File(key.certFile()), new File(key.keyFile()));
            }
        } catch (IOException | RuntimeException e) {
            throw new MaestroException("invalid_binding", "cannot read the TLS files of " + key.target() + ": " + e, false, e);
        }
        return tls.build();
    }

    /** Shuts every channel down, cancelling the calls in flight. */
    @Override
    public void close() {
        closed = true;
        List<ManagedChannel> all = new ArrayList<>(channels.values());
        channels.clear();
        synchronized (retired) {
            all.addAll(retired);
            retired.clear();
        }
        for (ManagedChannel c : all) {
            c.shutdownNow();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ManagedChannel c : all) {
            try {
                c.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
