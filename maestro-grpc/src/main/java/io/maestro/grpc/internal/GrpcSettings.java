package io.maestro.grpc.internal;

import io.maestro.model.ServiceBinding;
import io.grpc.Metadata;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of one grpc binding, read (and checked) from its endpoint, headers and options.
 *
 * @param service the service to look methods up in, or {@code null}
 * @param descriptorSet the descriptor-set file, or {@code null} for server reflection
 * @param metadata what to send with every call: the binding's headers, then its
 *     {@code metadata} option (which wins on the same key), keys lower-cased
 * @param maxMessageSize bytes, or 0 for gRPC's defaults
 */
public record GrpcSettings(
        ChannelKey channel,
        String service,
        Path descriptorSet,
        BindingMetadata metadata,
        int maxMessageSize,
        boolean ignoreUnknownFields) {

    public static final String PLAINTEXT = "plaintext";
    public static final String SERVICE = "service";
    public static final String DESCRIPTOR_SET = "descriptor_set";
    public static final String METADATA = "metadata";
    public static final String MAX_MESSAGE_SIZE = "max_message_size";
    public static final String CA_FILE = "ca_file";
    public static final String CERT_FILE = "cert_file";
    public static final String KEY_FILE = "key_file";
    public static final String AUTHORITY = "authority";
    public static final String IGNORE_UNKNOWN_FIELDS = "ignore_unknown_fields";

    static final List<String> OPTIONS = List.of(PLAINTEXT, SERVICE, DESCRIPTOR_SET, METADATA, MAX_MESSAGE_SIZE,
            CA_FILE, CERT_FILE, KEY_FILE, AUTHORITY, IGNORE_UNKNOWN_FIELDS);

    /** Metadata keys Maestro sets on every call. */
    public static final Set<String> RESERVED_METADATA = Set.of(
            "idempotency-key", "maestro-execution-id", "maestro-step-id", "maestro-attempt");

    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    /** @throws IllegalArgumentException naming the bad setting */
    public static GrpcSettings of(ServiceBinding binding) {
        String endpoint = checkEndpoint(binding.endpoint()).trim();
        Map<String, Object> options = binding.options();
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' of a grpc binding"
                        + Suggestions.didYouMean(key, OPTIONS) + "; options: " + String.join(", ", OPTIONS));
            }
        }
        boolean plaintext = bool(options, PLAINTEXT);
        String ca = path(options, CA_FILE);
        String cert = path(options, CERT_FILE);
        String key = path(options, KEY_FILE);
        if (plaintext && (ca != null || cert != null || key != null)) {
            throw new IllegalArgumentException("TLS files (" + CA_FILE + ", " + CERT_FILE + ", " + KEY_FILE
                    + ") need plaintext: false");
        }
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("a client certificate needs both " + CERT_FILE + " and " + KEY_FILE);
        }
        String authority = string(options, AUTHORITY);
        if (authority != null && authority.isBlank()) {
            throw new IllegalArgumentException(AUTHORITY + " must not be blank");
        }
        String service = string(options, SERVICE);
        if (service != null) {
            checkServiceName(service);
        }
        String descriptorSet = path(options, DESCRIPTOR_SET);
        int maxMessageSize = options.containsKey(MAX_MESSAGE_SIZE) ? parseSize(options.get(MAX_MESSAGE_SIZE)) : 0;
        Map<String, String> metadata = new LinkedHashMap<>();
        binding.headers().forEach((k, v) -> metadata.put(checkMetadata(k, v), v));
        Object m = options.get(METADATA);
        if (m != null) {
            if (!(m instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(METADATA + " must be a map of strings, got " + m);
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object v = e.getValue();
                if (v instanceof Map || v instanceof List || v == null) {
                    throw new IllegalArgumentException(METADATA + " value of " + e.getKey() + " must be a string, got " + v);
                }
                metadata.put(checkMetadata(String.valueOf(e.getKey()), v.toString()), v.toString());
            }
        }
        return new GrpcSettings(
                new ChannelKey(endpoint, plaintext, ca, cert, key, authority),
                service,
                descriptorSet == null ? null : Path.of(descriptorSet),
                BindingMetadata.of(metadata),
                maxMessageSize,
                bool(options, IGNORE_UNKNOWN_FIELDS));
    }

    /** @return the endpoint; @throws IllegalArgumentException for a blank one or a URL */
    public static String checkEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("a grpc binding needs an endpoint such as localhost:50051");
        }
        String e = endpoint.trim().toLowerCase(Locale.ROOT);
        if (e.startsWith("http://") || e.startsWith("https://") || e.startsWith("grpc://") || e.startsWith("grpcs://")) {
            throw new IllegalArgumentException("a grpc endpoint is host:port (use plaintext for cleartext), not a URL: " + endpoint);
        }
        return endpoint;
    }

    /** @return the name; @throws IllegalArgumentException unless it is a dotted protobuf name */
    public static String checkServiceName(String name) {
        if (name == null || !SERVICE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a service is named by its full protobuf name, such as kyc.v1.KycService; got '" + name + "'");
        }
        return name;
    }

    /**
     * @return the key, lower-cased
     * @throws IllegalArgumentException for a key or value gRPC refuses, or a reserved key
     */
    public static String checkMetadata(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        if (RESERVED_METADATA.contains(k)) {
            throw new IllegalArgumentException("metadata " + key + " is set by Maestro on every call and cannot be bound");
        }
        if (k.startsWith("grpc-") || k.startsWith(":")) {
            throw new IllegalArgumentException("metadata " + key + " is reserved by gRPC");
        }
        if (k.isEmpty() || !k.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
            throw new IllegalArgumentException("invalid metadata key '" + key + "': use lower-case letters, digits, '-', '_' and '.'");
        }
        if (k.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
            try {
                Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("binary metadata " + key + " needs a base64 value: " + e.getMessage());
            }
        } else if (!value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new IllegalArgumentException("metadata " + key + " must be printable ASCII (use a -bin key for binary values)");
        }
        return k;
    }

    private static boolean bool(Map<String, Object> options, String key) {
        Object v = options.get(key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(key + " must be true or false, got " + v);
    }

    private static String string(Map<String, Object> options, String key) {
        Object v = options.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(key + " must be a string, got " + v);
        }
        return s;
    }

    private static String path(Map<String, Object> options, String key) {
        String s = string(options, key);
        if (s != null && s.isBlank()) {
            throw new IllegalArgumentException(key + " must be a file path");
        }
        return s;
    }

    /** Bytes from a number, or a string such as {@code 512KiB}, {@code 8MiB}, {@code 1MB}. */
    static int parseSize(Object value) {
        BigDecimal bytes;
        if (value instanceof Number n) {
            bytes = new BigDecimal(n.toString());
        } else if (value instanceof String s) {
            bytes = io.maestro.model.ByteSizes.parse(s);
            if (bytes == null) {
                throw new IllegalArgumentException(MAX_MESSAGE_SIZE + " must be a size such as 4194304, 512KiB or 8MiB, got '" + s + "'");
            }
        } else {
            throw new IllegalArgumentException(MAX_MESSAGE_SIZE + " must be a number of bytes or a size such as 8MiB, got " + value);
        }
        if (bytes.signum() <= 0 || bytes.stripTrailingZeros().scale() > 0 || bytes.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(MAX_MESSAGE_SIZE + " must be a whole number of bytes from 1 to 2GiB-1, got " + value);
        }
        return bytes.intValueExact();
    }

    /** Metadata keys and values of a binding, checked, with their gRPC keys made once. */
    public record BindingMetadata(List<Map.Entry<Metadata.Key<String>, String>> ascii, List<Map.Entry<Metadata.Key<byte[]>, byte[]>> binary) {

        static BindingMetadata of(Map<String, String> entries) {
            List<Map.Entry<Metadata.Key<String>, String>> ascii = new ArrayList<>();
            List<Map.Entry<Metadata.Key<byte[]>, byte[]>> binary = new ArrayList<>();
            entries.forEach((k, v) -> {
                if (k.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                    binary.add(Map.entry(Metadata.Key.of(k, Metadata.BINARY_BYTE_MARSHALLER), Base64.getDecoder().decode(v)));
                } else {
                    ascii.add(Map.entry(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
                }
            });
            return new BindingMetadata(List.copyOf(ascii), List.copyOf(binary));
        }

        /** Adds every entry to {@code headers}. */
        public void addTo(Metadata headers) {
            for (Map.Entry<Metadata.Key<String>, String> e : ascii) {
                headers.put(e.getKey(), e.getValue());
            }
            for (Map.Entry<Metadata.Key<byte[]>, byte[]> e : binary) {
                headers.put(e.getKey(), e.getValue());
            }
        }
    }
}
