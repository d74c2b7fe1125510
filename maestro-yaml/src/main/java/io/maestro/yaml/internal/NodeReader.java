package io.maestro.yaml.internal;

import io.maestro.model.NameSuggestions;
import io.maestro.model.RetrySpec;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads typed values out of YAML nodes, reporting every shape problem at the offending node
 * and remembering which node each definition path came from.
 */
class NodeReader {

    /** Tags a document may carry, explicitly or by resolution; anything else is refused. */
    private static final Set<Tag> ALLOWED_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ, Tag.TIMESTAMP);
    private static final int MAX_DEPTH = 2 * SafeYaml.MAX_NESTING_DEPTH;

    final Diagnostics diagnostics;
    private final Map<String, Node> locations;
    private final NumberConstructor numbers = new NumberConstructor();
    private int visited;
    private int depth;

    NodeReader(Diagnostics diagnostics) {
        this(diagnostics, new HashMap<>());
    }

    NodeReader(Diagnostics diagnostics, Map<String, Node> locations) {
        this.diagnostics = diagnostics;
        this.locations = locations;
    }

    Map<String, Node> locations() {
        return locations;
    }

    void record(String path, Node node) {
        locations.putIfAbsent(path, node);
    }

    void problem(Node node, String path, String message) {
        diagnostics.at(node, path, message);
    }

    // ---- budget: aliases can make a small document expand; cycles can make it endless ----

    void visit(Node node) {
        if (++visited > SafeYaml.MAX_EXPANDED_NODES) {
            diagnostics.at(node, "", "the document expands to more than " + SafeYaml.MAX_EXPANDED_NODES
                    + " values through aliases; this looks like an alias bomb and is refused");
            throw new Refused();
        }
    }

    void enter(Node node) {
        if (++depth > MAX_DEPTH) {
            diagnostics.at(node, "", "aliases nest more than " + MAX_DEPTH + " levels deep or refer to themselves; refused");
            throw new Refused();
        }
    }

    void exit() {
        depth--;
    }

    // ---- tags and kinds ----

    /** Whether the node's tag is one of the plain data tags; reports it otherwise. */
    boolean allowedTag(Node node, String path) {
        if (ALLOWED_TAGS.contains(node.getTag())) {
            return true;
        }
        diagnostics.at(node, path, "tag '" + node.getTag().getValue() + "' is not allowed: "
                + "Maestro reads plain data only (strings, numbers, booleans, null, mappings, lists)");
        return false;
    }

    static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        Tag tag = node.getTag();
        if (tag.equals(Tag.NULL)) {
            return "null";
        }
        if (tag.equals(Tag.BOOL)) {
            return "a boolean";
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "a number";
        }
        return "a string";
    }

    static boolean isStringScalar(Node node) {
        return node instanceof ScalarNode && (node.getTag().equals(Tag.STR) || node.getTag().equals(Tag.TIMESTAMP));
    }

    // ---- mappings ----

    /**
     * The fields of a mapping, or {@code null} (reported) when the node is not a mapping.
     * Unknown fields (with a suggestion), duplicate and non-string keys are reported; known
     * fields are recorded at {@code path.name}.
     *
     * @param what how to name the mapping in messages, e.g. "step 'auto_approve'"
     * @param known the allowed field names, or {@code null} to allow any
     */
    Mapping mapping(Node node, String path, String what, Collection<String> known) {
        visit(node);
        if (!(node instanceof MappingNode m)) {
            diagnostics.at(node, path, what + " must be a mapping, got " + kind(node));
            return null;
        }
        if (!allowedTag(node, path)) {
            return null;
        }
        Mapping mapping = new Mapping(m, path);
        Map<String, Node> firstKeys = new HashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node key = t.getKeyNode();
            visit(key);
            if (!(key instanceof ScalarNode s)) {
                diagnostics.at(key, path, "keys must be plain names, got " + kind(key) + " as a key in " + what);
                continue;
            }
            String name = s.getValue();
            String fieldPath = Paths.field(path, name);
            if (!allowedTag(key, fieldPath)) {
                continue;
            }
            Node first = firstKeys.putIfAbsent(name, key);
            if (first != null) {
                diagnostics.at(key, fieldPath, "duplicate key '" + name + "' in " + what + " (first at line "
                        + (first.getStartMark().getLine() + 1) + ", column " + (first.getStartMark().getColumn() + 1) + ")");
                continue;
            }
            if (known != null && !known.contains(name)) {
                diagnostics.at(key, fieldPath, "unknown field '" + name + "' in " + what + NameSuggestions.didYouMean(name, known)
                        + "; expected one of: " + String.join(", ", known));
                continue;
            }
            record(fieldPath, t.getValueNode());
            mapping.put(new Mapping.Field(name, key, t.getValueNode(), fieldPath));
        }
        return mapping;
    }

    /** The items of a list, or {@code null} (reported) when the node is not a list. */
    List<Node> list(Node node, String path, String what) {
        visit(node);
        if (!(node instanceof SequenceNode s)) {
            diagnostics.at(node, path, what + " must be a list, got " + kind(node));
            return null;
        }
        if (!allowedTag(node, path)) {
            return null;
        }
        for (int i = 0; i < s.getValue().size(); i++) {
            record(Paths.index(path, i), s.getValue().get(i));
        }
        return s.getValue();
    }

    // ---- scalars ----

    /** A string value, or {@code null} (reported) when the value is not a string. */
    String string(Mapping.Field f, String what) {
        return string(f.value(), f.path(), what);
    }

    String string(Node node, String path, String what) {
        visit(node);
        if (!allowedTag(node, path)) {
            return null;
        }
        if (isStringScalar(node)) {
            return ((ScalarNode) node).getValue();
        }
        diagnostics.at(node, path, what + " must be a string, got " + kind(node) + hintQuote(node));
        return null;
    }

    /** The text of any non-null scalar (a number or boolean as written), or {@code null} (reported). */
    String text(Node node, String path, String what) {
        visit(node);
        if (!allowedTag(node, path)) {
            return null;
        }
        if (node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return s.getValue();
        }
        diagnostics.at(node, path, what + " must be a string, got " + kind(node));
        return null;
    }

    private static String hintQuote(Node node) {
        return node instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)
                ? " (quote it to make it a string: \"" + s.getValue() + "\")"
                : "";
    }

    Boolean bool(Mapping.Field f, String what) {
        Node node = f.value();
        visit(node);
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            String v = s.getValue().toLowerCase(java.util.Locale.ROOT);
            return v.equals("true") || v.equals("yes") || v.equals("on");
        }
        diagnostics.at(node, f.path(), what + " must be true or false, got " + kind(node));
        return null;
    }

    /** An integer within {@code [min, max]}, or {@code null} (reported). */
    Integer integer(Mapping.Field f, String what, int min, int max) {
        Node node = f.value();
        visit(node);
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT) && allowedTag(node, f.path())) {
            Object n = numbers.construct(s);
            if (n instanceof Integer i && i >= min && i <= max) {
                return i;
            }
            diagnostics.at(node, f.path(), what + " must be " + range(min, max) + ", got " + s.getValue());
            return null;
        }
        diagnostics.at(node, f.path(), what + " must be a whole number, got " + kind(node)
                + (node instanceof ScalarNode s ? " '" + s.getValue() + "'" : ""));
        return null;
    }

    private static String range(int min, int max) {
        return max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
    }

    /** A number within {@code [min, max]}, or {@code null} (reported). */
    Double number(Mapping.Field f, String what, double min, double max) {
        Node node = f.value();
        visit(node);
        if (node instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT)) && allowedTag(node, f.path())) {
            Object n = numbers.construct(s);
            double d = n instanceof Number num ? num.doubleValue() : Double.NaN;
            if (d >= min && d <= max) {
                return d;
            }
            diagnostics.at(node, f.path(), what + " must be " + (max == Double.MAX_VALUE ? "at least " + min : "between " + min + " and " + max)
                    + ", got " + s.getValue());
            return null;
        }
        diagnostics.at(node, f.path(), what + " must be a number, got " + kind(node));
        return null;
    }

    /** A duration ({@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code PT5S}), or {@code null} (reported). */
    Duration duration(Mapping.Field f, String what) {
        Node node = f.value();
        visit(node);
        if (!allowedTag(node, f.path())) {
            return null;
        }
        if (!(node instanceof ScalarNode s) || s.getTag().equals(Tag.NULL) || s.getTag().equals(Tag.BOOL)) {
            diagnostics.at(node, f.path(), what + " must be a duration such as 250ms, 5s, 2m, 1h or PT5S, got " + kind(node));
            return null;
        }
        try {
            return Durations.parse(s.getValue());
        } catch (IllegalArgumentException e) {
            diagnostics.at(node, f.path(), what + ": " + e.getMessage());
            return null;
        }
    }

    private static ScalarNode s(Node node) {
        return (ScalarNode) node;
    }

    /** A byte size: a whole number of bytes or a number with KiB, MiB, GiB (or KB, MB, GB). */
    Number size(Mapping.Field f, String what) {
        Node node = f.value();
        visit(node);
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            Object n = numbers.construct(s);
            if (n instanceof Number num && !(n instanceof BigInteger) && num.longValue() > 0) {
                return num;
            }
        } else if (isStringScalar(node)) {
            Long bytes = Sizes.parse(((ScalarNode) node).getValue());
            if (bytes != null && bytes > 0) {
                return bytes <= Integer.MAX_VALUE ? (Number) bytes.intValue() : bytes;
            }
        }
        diagnostics.at(node, f.path(), what + " must be a positive size such as 10MiB, 512KiB or a number of bytes, got "
                + (node instanceof ScalarNode sc ? "'" + sc.getValue() + "'" : kind(node)));
        return null;
    }

    // ---- JSON-like values ----

    /**
     * The JSON-like value of a node (maps, lists, strings, numbers, booleans, null), recording
     * the node of every nested value; {@code null} with a problem for a refused tag.
     */
    Object json(Node node, String path) {
        visit(node);
        record(path, node);
        if (!allowedTag(node, path)) {
            return null;
        }
        if (node instanceof ScalarNode s) {
            return scalar(s);
        }
        enter(node);
        try {
            if (node instanceof SequenceNode seq) {
                List<Object> list = new ArrayList<>(seq.getValue().size());
                for (int i = 0; i < seq.getValue().size(); i++) {
                    list.add(json(seq.getValue().get(i), Paths.index(path, i)));
                }
                return list;
            }
            Mapping m = mapping(node, path, "a value", null);
            Map<String, Object> map = new LinkedHashMap<>();
            for (String name : m.names()) {
                Mapping.Field f = m.raw(name);
                map.put(name, json(f.value(), f.path()));
            }
            return map;
        } finally {
            exit();
        }
    }

    Object scalar(ScalarNode s) {
        Tag tag = s.getTag();
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        if (tag.equals(Tag.BOOL)) {
            String v = s.getValue().toLowerCase(java.util.Locale.ROOT);
            return v.equals("true") || v.equals("yes") || v.equals("on");
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return numbers.construct(s);
        }
        return s.getValue();
    }

    // ---- retry ----

    static final List<String> RETRY_FIELDS = List.of("max_attempts", "backoff", "retry_on");
    static final List<String> BACKOFF_FIELDS = List.of("initial", "max", "multiplier", "jitter");

    /**
     * {@code retry: none} or {@code {max_attempts, backoff: {initial, max, multiplier, jitter},
     * retry_on}}; fields left out come from {@link RetrySpec#DEFAULT}. {@code null} (reported)
     * when invalid.
     */
    RetrySpec retry(Mapping.Field f) {
        Node node = f.value();
        if (node instanceof ScalarNode s && isStringScalar(s) && s.getValue().equals("none")) {
            return RetrySpec.none();
        }
        if (node instanceof ScalarNode) {
            visit(node);
            diagnostics.at(node, f.path(), "retry must be 'none' or a mapping such as { max_attempts: 3, backoff: { initial: 100ms } }, got "
                    + kind(node) + " '" + s(node).getValue() + "'");
            return null;
        }
        Mapping m = mapping(node, f.path(), "retry", RETRY_FIELDS);
        if (m == null) {
            return null;
        }
        RetrySpec d = RetrySpec.DEFAULT;
        boolean ok = true;
        int maxAttempts = d.maxAttempts();
        Duration initial = d.initialDelay();
        Duration max = d.maxDelay();
        double multiplier = d.multiplier();
        double jitter = d.jitter();
        List<String> retryOn = d.retryOn();
        Mapping.Field ma = m.get("max_attempts");
        if (ma != null) {
            Integer v = integer(ma, "retry max_attempts", 1, 1000);
            ok &= v != null;
            maxAttempts = v == null ? maxAttempts : v;
        }
        Mapping.Field bf = m.get("backoff");
        Mapping.Field maxField = null;
        if (bf != null) {
            Mapping b = mapping(bf.value(), bf.path(), "retry backoff", BACKOFF_FIELDS);
            if (b == null) {
                ok = false;
            } else {
                if (b.get("initial") != null) {
                    Duration v = duration(b.get("initial"), "backoff initial");
                    ok &= v != null;
                    initial = v == null ? initial : v;
                }
                maxField = b.get("max");
                if (maxField != null) {
                    Duration v = duration(maxField, "backoff max");
                    ok &= v != null;
                    max = v == null ? max : v;
                }
                if (b.get("multiplier") != null) {
                    Double v = number(b.get("multiplier"), "backoff multiplier", 1.0, 1000.0);
                    ok &= v != null;
                    multiplier = v == null ? multiplier : v;
                }
                if (b.get("jitter") != null) {
                    Double v = number(b.get("jitter"), "backoff jitter", 0.0, 1.0);
                    ok &= v != null;
                    jitter = v == null ? jitter : v;
                }
            }
        }
        Mapping.Field ro = m.get("retry_on");
        if (ro != null) {
            List<Node> items = ro.value() instanceof ScalarNode && isStringScalar(ro.value()) ? List.of(ro.value()) : list(ro.value(), ro.path(), "retry_on");
            if (items == null) {
                ok = false;
            } else {
                List<String> codes = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    String code = string(items.get(i), Paths.index(ro.path(), i), "a retry_on entry");
                    if (code == null || code.isBlank()) {
                        ok = false;
                    } else {
                        codes.add(code);
                    }
                }
                retryOn = codes;
            }
        }
        if (!ok) {
            diagnostics.suppress(f.path());
            return null;
        }
        if (max.compareTo(initial) < 0) {
            Node at = maxField != null ? maxField.value() : bf.value();
            diagnostics.at(at, f.path(), "backoff max (" + Durations.format(max) + ") is below initial (" + Durations.format(initial) + ")"
                    + (maxField == null ? "; the default max is " + Durations.format(d.maxDelay()) + ", set backoff max" : ""));
            return null;
        }
        try {
            return new RetrySpec(maxAttempts, initial, max, multiplier, jitter, retryOn);
        } catch (IllegalArgumentException e) {
            diagnostics.at(node, f.path(), e.getMessage());
            return null;
        }
    }

    /** Integer, Long or BigInteger for ints (by magnitude, as SnakeYAML does); Double for floats. */
    private static final class NumberConstructor extends SafeConstructor {
        NumberConstructor() {
            super(new LoaderOptions());
        }

        Object construct(ScalarNode node) {
            try {
                return getConstructor(node).construct(node);
            } catch (RuntimeException e) {
                return node.getValue();
            }
        }
    }
}
