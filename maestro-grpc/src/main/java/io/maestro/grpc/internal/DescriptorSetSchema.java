package io.maestro.grpc.internal;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.maestro.MaestroException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Services described by a descriptor-set file ({@code protoc --include_imports
 * --descriptor_set_out}), read once, when the schema is made. Imports the set lacks may only be
 * protobuf's well-known files. Thread-safe.
 */
final class DescriptorSetSchema extends Schema {

    private final Path file;

    /** @throws MaestroException {@code invalid_binding} when the file cannot be read or is not a valid descriptor set */
    DescriptorSetSchema(Path file) {
        this.file = file;
        FileDescriptorSet set;
        try (InputStream in = Files.newInputStream(file)) {
            set = FileDescriptorSet.parseFrom(in);
        } catch (NoSuchFileException e) {
            throw invalid("no such file");
        } catch (InvalidProtocolBufferException e) {
            throw invalid("not a descriptor set (a serialized google.protobuf.FileDescriptorSet): " + e.getMessage());
        } catch (IOException e) {
            throw invalid("cannot read it: " + e);
        }
        Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
        for (FileDescriptorProto p : set.getFileList()) {
            protos.putIfAbsent(p.getName(), p);
        }
        if (!files.missing(protos).isEmpty()) {
            throw invalid("it lacks " + files.missing(protos) + ", imported by its files; write it with protoc --include_imports");
        }
        try {
            files.link(protos);
        } catch (DescriptorValidationException | IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private MaestroException invalid(String why) {
        return new MaestroException("invalid_binding", "descriptor_set " + file + ": " + why, false);
    }

    @Override
    public String source() {
        return "descriptor set " + file;
    }

    @Override
    protected CompletableFuture<ServiceDescriptor> service(String fullName, Duration timeout) {
        ServiceDescriptor s = files.service(fullName);
        return s != null ? CompletableFuture.completedFuture(s) : CompletableFuture.failedFuture(new UnknownServiceException(fullName));
    }

    @Override
    protected CompletableFuture<List<String>> serviceNames(Duration timeout) {
        return CompletableFuture.completedFuture(files.serviceNames());
    }
}
