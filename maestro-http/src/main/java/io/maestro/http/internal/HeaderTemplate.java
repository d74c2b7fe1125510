package io.maestro.http.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A binding header value that may read the step input: {@code "Bearer {{ .input.token }}"},
 * {@code "{{ input.customer['id'] }}"}, {@code "{{ .input.items[0].sku }}"}. Only paths into
 * {@code input} are allowed, not Maestro's full expression language: a binding is shared by
 * every workflow, so it sees the request and nothing else. A missing or null value renders as
 * the empty string; a map or list as JSON. Immutable.
 */
public final class HeaderTemplate {

    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{(.*?)}}");
    private static final Pattern PATH_STEP = Pattern.compile(
            "\\.([A-Za-z_][A-Za-z0-9_-]*)|\\[(\\d+)]|\\['([^']*)']|\\[\"([^\"]*)\"]");

    private final List<Object> parts; // String literal, or a List<Object> path of String keys and Integer indexes

    private HeaderTemplate(List<Object> parts) {
        this.parts = List.copyOf(parts);
    }

    /** @throws IllegalArgumentException for a template that is not a path into {@code input} */
    public static HeaderTemplate parse(String text) {
        List<Object> parts = new ArrayList<>();
        Matcher m = TEMPLATE.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                parts.add(text.substring(last, m.start()));
            }
            parts.add(path(m.group(1).strip(), m.group()));
            last = m.end();
        }
        if (last < text.length()) {
            parts.add(text.substring(last));
        }
        return new HeaderTemplate(parts);
    }

    /** Whether the value reads the input at all. */
    boolean isTemplated() {
        return parts.stream().anyMatch(p -> p instanceof List);
    }

    /** @param json renders maps and lists */
    String render(Object input, Function<Object, String> json) {
        if (!isTemplated()) {
            return parts.isEmpty() ? "" : (String) parts.get(0);
        }
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.append(s);
            } else {
                Object value = resolve(input, (List<?>) part);
                out.append(value instanceof Map || value instanceof List ? json.apply(value) : ScalarText.of(value));
            }
        }
        return out.toString();
    }

    private static Object resolve(Object value, List<?> path) {
        for (Object step : path) {
            if (step instanceof String key && value instanceof Map<?, ?> map) {
                value = map.get(key);
            } else if (step instanceof Integer index && value instanceof List<?> list) {
                value = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
        }
        return value;
    }

    private static List<Object> path(String expression, String whole) {
        String rest = expression.startsWith(".") ? expression.substring(1) : expression;
        if (!rest.startsWith("input") || (rest.length() > 5 && Character.isJavaIdentifierPart(rest.charAt(5)))) {
            throw notAPath(whole);
        }
        rest = rest.substring(5);
        List<Object> path = new ArrayList<>();
        Matcher m = PATH_STEP.matcher(rest);
        int at = 0;
        while (at < rest.length()) {
            if (!m.find(at) || m.start() != at) {
                throw notAPath(whole);
            }
            if (m.group(1) != null) {
                path.add(m.group(1));
            } else if (m.group(2) != null) {
                try {
                    path.add(Integer.valueOf(m.group(2)));
                } catch (NumberFormatException e) {
                    throw notAPath(whole);
                }
            } else {
                path.add(m.group(3) != null ? m.group(3) : m.group(4));
            }
            at = m.end();
        }
        return path;
    }

    private static IllegalArgumentException notAPath(String template) {
        return new IllegalArgumentException("header templates may only read the step input, as {{ .input.name }}, "
                + "{{ .input.a.b }} or {{ .input.list[0] }}; got " + template);
    }
}
