package io.maestro.http.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a step's method maps to a request: {@code "VERB /path/{var}?literal=query"}, or a bare
 * name {@code Name} meaning {@code POST /Name}. Immutable; parsed once per method text.
 *
 * @param variables the step input keys the URL consumes; they are removed from the body or the
 *     query parameters
 */
record RequestMapping(String verb, List<Part> path, List<Part> query, Set<String> variables) {

    /** Verbs whose remaining input goes in the query string; the others send it as JSON. */
    static final Set<String> QUERY_VERBS = Set.of("GET", "HEAD", "DELETE", "OPTIONS");
    static final Set<String> BODY_VERBS = Set.of("POST", "PUT", "PATCH");

    private static final Pattern VERB = Pattern.compile("[A-Za-z]+");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern BARE_NAME = Pattern.compile("[^\\s/?#{}%]+");

    sealed interface Part permits Literal, Variable {
    }

    /** Already-encoded text. */
    record Literal(String encoded) implements Part {
    }

    record Variable(String name) implements Part {
    }

    RequestMapping {
        path = List.copyOf(path);
        query = List.copyOf(query);
        variables = Collections.unmodifiableSet(new LinkedHashSet<>(variables));
    }

    boolean sendsQuery() {
        return QUERY_VERBS.contains(verb);
    }

    /** @throws IllegalArgumentException saying what is wrong with the method text */
    static RequestMapping parse(String method) {
        String m = method.strip();
        int space = indexOfWhitespace(m);
        if (space < 0) {
            if (m.startsWith("/")) {
                throw new IllegalArgumentException("method '" + method + "' needs a verb, e.g. 'GET " + m + "'");
            }
            if (!BARE_NAME.matcher(m).matches()) {
                throw new IllegalArgumentException("method '" + method + "' is neither a name (POST /Name) nor 'VERB /path'");
            }
            return new RequestMapping("POST", List.of(new Literal("/" + PercentEncoding.component(m))), List.of(), Set.of());
        }
        String verb = m.substring(0, space);
        String target = m.substring(space).strip();
        if (!VERB.matcher(verb).matches() || !target.startsWith("/") || indexOfWhitespace(target) >= 0) {
            throw new IllegalArgumentException("method '" + method + "' must be 'VERB /path', e.g. 'GET /scores/{id}', or a bare name");
        }
        verb = verb.toUpperCase(java.util.Locale.ROOT);
        if (!QUERY_VERBS.contains(verb) && !BODY_VERBS.contains(verb)) {
            throw new IllegalArgumentException("method '" + method + "': unsupported HTTP verb " + verb
                    + "; use GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS");
        }
        if (target.indexOf('#') >= 0) {
            throw new IllegalArgumentException("method '" + method + "' must not have a fragment (#)");
        }
        int q = target.indexOf('?');
        Set<String> variables = new LinkedHashSet<>();
        List<Part> path = parts(method, q < 0 ? target : target.substring(0, q), false, variables);
        List<Part> query = q < 0 ? List.of() : parts(method, target.substring(q + 1), true, variables);
        return new RequestMapping(verb, path, query, variables);
    }

    /**
     * The path and literal query (with {@code ?} when there is one), variables filled from the
     * input and percent-encoded as one segment or component each.
     *
     * @throws IllegalArgumentException if a variable is missing, null, empty or not a scalar
     */
    String render(Map<?, ?> input) {
        StringBuilder out = new StringBuilder();
        append(out, path, input);
        if (!query.isEmpty()) {
            out.append('?');
            append(out, query, input);
        }
        return out.toString();
    }

    /** The input less the variables consumed by the URL. */
    Map<String, Object> remaining(Map<?, ?> input) {
        Map<String, Object> rest = new LinkedHashMap<>();
        input.forEach((k, v) -> {
            if (!variables.contains(k)) {
                rest.put(String.valueOf(k), v);
            }
        });
        return rest;
    }

    private void append(StringBuilder out, List<Part> parts, Map<?, ?> input) {
        for (Part part : parts) {
            if (part instanceof Literal l) {
                out.append(l.encoded());
            } else if (part instanceof Variable v) {
                Object value = input.get(v.name());
                if (value == null) {
                    throw new IllegalArgumentException("path variable {" + v.name() + "} is "
                            + (input.containsKey(v.name()) ? "null" : "missing from the step input") + "; input keys: " + input.keySet());
                }
                if (value instanceof Map || value instanceof List) {
                    throw new IllegalArgumentException("path variable {" + v.name() + "} must be a string, number or boolean, got "
                            + (value instanceof Map ? "an object" : "a list"));
                }
                String text = ScalarText.of(value);
                if (text.isEmpty()) {
                    throw new IllegalArgumentException("path variable {" + v.name() + "} is empty");
                }
                out.append(PercentEncoding.component(text));
            }
        }
    }

    private static List<Part> parts(String method, String template, boolean inQuery, Set<String> variables) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = template.indexOf('}', i);
            if (close >= 0 && (open < 0 || close < open)) {
                throw new IllegalArgumentException("method '" + method + "': '}' without '{' at " + close + " of '" + template + "'");
            }
            if (open < 0) {
                parts.add(literal(template.substring(i), inQuery));
                break;
            }
            if (open > i) {
                parts.add(literal(template.substring(i, open), inQuery));
            }
            if (close < 0) {
                throw new IllegalArgumentException("method '" + method + "': unclosed '{' in '" + template + "'");
            }
            String name = template.substring(open + 1, close);
            if (!VARIABLE.matcher(name).matches()) {
                throw new IllegalArgumentException("method '" + method + "': path variable {" + name
                        + "} must be a name of the step input ([A-Za-z_][A-Za-z0-9_-]*)");
            }
            parts.add(new Variable(name));
            variables.add(name);
            i = close + 1;
        }
        return parts;
    }

    private static Literal literal(String text, boolean inQuery) {
        return new Literal(inQuery ? PercentEncoding.literalQuery(text) : PercentEncoding.literalPath(text));
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
