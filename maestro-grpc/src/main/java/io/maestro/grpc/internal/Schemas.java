package io.maestro.grpc.internal;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The schema of each server: one per channel for reflection, one per file for descriptor sets.
 * A schema that turned out stale (a method it lacks, or the server said UNIMPLEMENTED) is
 * dropped, so the next call learns the server afresh. Thread-safe.
 */
final class Schemas {

    private final Channels channels;
    private final ConcurrentMap<ChannelKey, Schema> reflected = new ConcurrentHashMap<>();
    private final ConcurrentMap<Path, Schema> fromFiles = new ConcurrentHashMap<>();

    Schemas(Channels channels) {
        this.channels = channels;
    }

    /** @throws io.maestro.MaestroException {@code invalid_binding} for an unreadable descriptor set */
    Schema of(GrpcSettings settings) {
        Path file = settings.descriptorSet();
        if (file != null) {
            Path key = file.toAbsolutePath().normalize();
            Schema s = fromFiles.get(key);
            return s != null ? s : fromFiles.computeIfAbsent(key, DescriptorSetSchema::new);
        }
        ChannelKey key = settings.channel();
        Schema s = reflected.get(key);
        return s != null ? s : reflected.computeIfAbsent(key, k -> new ReflectionSchema(() -> channels.channel(k), k.target()));
    }

    /** Drops {@code schema} (if it is still the current one). */
    void drop(GrpcSettings settings, Schema schema) {
        if (settings.descriptorSet() != null) {
            fromFiles.remove(settings.descriptorSet().toAbsolutePath().normalize(), schema);
        } else {
            reflected.remove(settings.channel(), schema);
        }
    }
}
