package io.maestro.grpc.internal;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds {@link FileDescriptor}s from {@link FileDescriptorProto}s, dependencies first, and keeps
 * them: each file is built once, so every message type has exactly one descriptor (which
 * {@code DynamicMessage} relies on). A dependency nobody supplied that is one of protobuf's
 * well-known files ({@code google/protobuf/timestamp.proto}…) is taken from protobuf-java.
 * Thread-safe.
 */
final class FileLinker {

    private static final Map<String, FileDescriptor> WELL_KNOWN = Stream.of(
                    AnyProto.getDescriptor(), ApiProto.getDescriptor(), DescriptorProtos.getDescriptor(),
                    DurationProto.getDescriptor(), EmptyProto.getDescriptor(), FieldMaskProto.getDescriptor(),
                    SourceContextProto.getDescriptor(), StructProto.getDescriptor(), TimestampProto.getDescriptor(),
                    TypeProto.getDescriptor(), WrappersProto.getDescriptor())
            .collect(Collectors.toUnmodifiableMap(FileDescriptor::getName, Function.identity()));

    private final Map<String, FileDescriptor> files = new HashMap<>(); // guarded by this
    private final Map<String, Descriptor> messageTypes = new ConcurrentHashMap<>();
    private final Map<String, ServiceDescriptor> services = new ConcurrentHashMap<>();

    /** The dependencies of {@code protos} that neither they nor the built files hold, nor protobuf-java. */
    synchronized Set<String> missing(Map<String, FileDescriptorProto> protos) {
        Set<String> missing = new LinkedHashSet<>();
        for (FileDescriptorProto p : protos.values()) {
            for (String dep : p.getDependencyList()) {
                if (!protos.containsKey(dep) && !files.containsKey(dep) && !WELL_KNOWN.containsKey(dep)) {
                    missing.add(dep);
                }
            }
        }
        return missing;
    }

    /**
     * Builds every file of {@code protos} not built yet.
     *
     * @throws DescriptorValidationException for an invalid file
     * @throws IllegalArgumentException naming a dependency that is missing
     */
    synchronized void link(Map<String, FileDescriptorProto> protos) throws DescriptorValidationException {
        for (String name : protos.keySet()) {
            link(name, protos, new HashSet<>());
        }
    }

    private FileDescriptor link(String name, Map<String, FileDescriptorProto> protos, Set<String> inProgress)
            throws DescriptorValidationException {
        FileDescriptor built = files.get(name);
        if (built != null) {
            return built;
        }
        FileDescriptorProto proto = protos.get(name);
        if (proto == null) {
            FileDescriptor local = WELL_KNOWN.get(name);
            if (local == null) {
                throw new IllegalArgumentException("file " + name + " is imported but not supplied");
            }
            index(local);
            return local;
        }
        if (!inProgress.add(name)) {
            throw new IllegalArgumentException("file " + name + " imports itself (through " + inProgress + ")");
        }
        List<FileDescriptor> deps = new ArrayList<>();
        for (String dep : proto.getDependencyList()) {
            deps.add(link(dep, protos, inProgress));
        }
        FileDescriptor file = FileDescriptor.buildFrom(proto, deps.toArray(FileDescriptor[]::new));
        index(file);
        return file;
    }

    private void index(FileDescriptor file) {
        files.put(file.getName(), file);
        for (Descriptor d : file.getMessageTypes()) {
            indexMessage(d);
        }
        for (ServiceDescriptor s : file.getServices()) {
            services.put(s.getFullName(), s);
        }
    }

    private void indexMessage(Descriptor d) {
        messageTypes.put(d.getFullName(), d);
        for (Descriptor nested : d.getNestedTypes()) {
            indexMessage(nested);
        }
    }

    /** A service of the built files, or {@code null}. */
    ServiceDescriptor service(String fullName) {
        return services.get(fullName);
    }

    /** The services of the built files. */
    List<String> serviceNames() {
        return services.keySet().stream().sorted().toList();
    }

    /** A message type of the built files (or of protobuf's well-known files), or {@code null}. */
    Descriptor messageType(String fullName) {
        Descriptor d = messageTypes.get(fullName);
        if (d == null && fullName.startsWith("google.protobuf.")) {
            for (FileDescriptor f : WELL_KNOWN.values()) {
                d = f.findMessageTypeByName(fullName.substring("google.protobuf.".length()));
                if (d != null) {
                    break;
                }
            }
        }
        return d;
    }
}
