package io.maestro.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.maestro.MaestroException;
import io.maestro.model.ServiceBinding;
import io.maestro.spi.transport.CallMetadata;
import io.maestro.spi.transport.ServiceCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the request of one call (DESIGN §6). The URL is the endpoint plus the method's path,
 * its {@code {variables}} taken from the step input and encoded as one path segment each. GET,
 * HEAD, DELETE and OPTIONS send the rest of the input as query parameters; POST, PUT and PATCH
 * send it as a JSON body ({@code null} input: no body).
 *
 * <p>Query parameters keep the input's order; a null value is left out; a list repeats the key
 * ({@code tag=a&tag=b}); a map (or a list inside a list) is sent as its JSON text, so
 * {@code {"filter": {"min": 1}}} becomes {@code filter=%7B%22min%22%3A1%7D}.
 *
 * <p>Parsed methods, endpoints and header templates are cached per text: a workflow's few
 * distinct strings. Thread-safe.
 */
public final class RequestFactory {

    private final JsonCodec json;
    private final String userAgent = "maestro/" + MaestroVersion.VALUE;
    private final Map<String, RequestMapping> mappings = new ConcurrentHashMap<>();
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, HeaderTemplate> headerTemplates = new ConcurrentHashMap<>();

    public RequestFactory(JsonCodec json) {
        this.json = json;
    }

    /** @throws MaestroException (not retryable) when the call cannot become a request */
    public Exchange prepare(ServiceCall call) {
        ServiceBinding binding = call.binding();
        String service = call.service();
        Endpoint endpoint;
        BindingOptions options;
        try {
            endpoint = binding.endpoint() == null ? Endpoint.parse(null) : endpoints.computeIfAbsent(binding.endpoint(), Endpoint::parse);
            options = BindingOptions.of(binding);
        } catch (IllegalArgumentException e) {
            throw new MaestroException("invalid_binding", "service " + service + ": " + e.getMessage(), false);
        }
        RequestMapping mapping;
        try {
            mapping = mappings.computeIfAbsent(call.method(), RequestMapping::parse);
        } catch (IllegalArgumentException e) {
            throw new MaestroException("invalid_method", "service " + service + ": " + e.getMessage(), false);
        }

        Object input = call.input();
        String target;
        Object rest;
        try {
            if (mapping.variables().isEmpty()) {
                target = mapping.render(Map.of());
                rest = input;
            } else if (input instanceof Map<?, ?> map) {
                target = mapping.render(map);
                rest = mapping.remaining(map);
            } else {
                throw new IllegalArgumentException("the path variables " + mapping.variables()
                        + " are filled from the step input, which must then be a map; got " + kind(input));
            }
            if (mapping.sendsQuery()) {
                target = withQuery(target, rest, mapping);
            }
        } catch (IllegalArgumentException e) {
            throw new MaestroException("invalid_input", service + ": " + call.method() + ": " + e.getMessage(), false);
        }

        URI uri;
        try {
            uri = URI.create(endpoint.base() + target);
        } catch (IllegalArgumentException e) {
            throw new MaestroException("invalid_method", "service " + service + ": " + call.method()
                    + " does not make a valid URL: " + e.getMessage(), false);
        }
        // No request timeout for the client: the call's own deadline (ExchangeSender) covers the
        // whole exchange, headers and body, and aborts it; a second timer per request would only
        // repeat it for the headers.
        Duration timeout = call.timeout();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (!endpoint.secure()) {
            // No h2c upgrade dance on cleartext: HTTP/2 is negotiated with ALPN over TLS only.
            request.version(HttpClient.Version.HTTP_1_1);
        }
        request.header("Accept", "application/json");
        request.header("User-Agent", userAgent);
        if (!mapping.sendsQuery() && rest != null) {
            try {
                request.method(mapping.verb(), HttpRequest.BodyPublishers.ofByteArray(json.write(rest)));
            } catch (JsonProcessingException e) {
                throw new MaestroException("invalid_input", service + ": " + call.method() + ": the step input cannot be sent as JSON: "
                        + e.getOriginalMessage(), false, e);
            }
            request.header("Content-Type", "application/json");
        } else if (mapping.verb().equals("GET")) {
            request.GET(); // no body publisher at all: the client then runs no body-sending machinery for it
        } else if (mapping.verb().equals("DELETE")) {
            request.DELETE();
        } else {
            request.method(mapping.verb(), HttpRequest.BodyPublishers.noBody());
        }
        bindingHeaders(request, binding, input, service);
        CallMetadata meta = call.metadata();
        request.setHeader("Idempotency-Key", meta.idempotencyKey());
        request.setHeader("X-Maestro-Execution-Id", meta.executionId());
        request.setHeader("X-Maestro-Step-Id", meta.stepId());
        request.setHeader("X-Maestro-Attempt", Integer.toString(meta.attempt()));
        try {
            return new Exchange(service, request.build(), options.maxResponseSize(), options.trust(), timeout);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MaestroException("invalid_input", service + ": " + call.method() + ": " + e.getMessage(), false, e);
        }
    }

    private void bindingHeaders(HttpRequest.Builder request, ServiceBinding binding, Object input, String service) {
        for (Map.Entry<String, String> h : binding.headers().entrySet()) {
            HeaderTemplate template;
            try {
                template = headerTemplates.computeIfAbsent(h.getValue(), HeaderTemplate::parse);
            } catch (IllegalArgumentException e) {
                throw new MaestroException("invalid_binding", "service " + service + ", header " + h.getKey() + ": " + e.getMessage(), false);
            }
            String value = template.render(input, json::writeString);
            if (value.isEmpty()) {
                continue;
            }
            try {
                request.setHeader(h.getKey(), value);
            } catch (IllegalArgumentException e) {
                // A literal value was checked when bound (if bound in Java); a templated one may carry anything.
                throw new MaestroException(template.isTemplated() ? "invalid_input" : "invalid_binding",
                        "service " + service + ", header " + h.getKey() + ": " + e.getMessage(), false);
            }
        }
    }

    private String withQuery(String target, Object rest, RequestMapping mapping) {
        if (rest == null) {
            return target;
        }
        if (!(rest instanceof Map<?, ?> params)) {
            throw new IllegalArgumentException(mapping.verb() + " sends the step input as query parameters, so it must be a map; got "
                    + kind(rest));
        }
        StringBuilder out = new StringBuilder(target);
        boolean first = mapping.query().isEmpty();
        for (Map.Entry<?, ?> e : params.entrySet()) {
            String key = PercentEncoding.component(String.valueOf(e.getKey()));
            Object value = e.getValue();
            if (value instanceof List<?> list) {
                for (Object item : list) {
                    if (item != null) {
                        first = param(out, first, key, item);
                    }
                }
            } else if (value != null) {
                first = param(out, first, key, value);
            }
        }
        return out.toString();
    }

    private boolean param(StringBuilder out, boolean first, String key, Object value) {
        out.append(first ? '?' : '&').append(key).append('=');
        String text = value instanceof Map || value instanceof List ? json.writeString(value) : ScalarText.of(value);
        out.append(PercentEncoding.component(text));
        return false;
    }

    private static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof Map) {
            return "an object";
        }
        return value instanceof String ? "a string" : value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
