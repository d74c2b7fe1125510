package io.maestro.yaml.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** The fields of one YAML mapping, keyed by name, in order, with their key and value nodes. */
final class Mapping {

    record Field(String name, Node key, Node value, String path) {
        /** A value written as {@code ~}, {@code null} or nothing at all. */
        boolean isNull() {
            return value instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
        }
    }

    private final MappingNode node;
    private final String path;
    private final Map<String, Field> fields = new LinkedHashMap<>();

    Mapping(MappingNode node, String path) {
        this.node = node;
        this.path = path;
    }

    void put(Field field) {
        fields.put(field.name(), field);
    }

    MappingNode node() {
        return node;
    }

    String path() {
        return path;
    }

    boolean has(String name) {
        return fields.containsKey(name);
    }

    Set<String> names() {
        return Collections.unmodifiableSet(fields.keySet());
    }

    /** The field, or {@code null} when it is absent or its value is null. */
    Field get(String name) {
        Field f = fields.get(name);
        return f == null || f.isNull() ? null : f;
    }

    /** The field even when its value is null, or {@code null} when absent. */
    Field raw(String name) {
        return fields.get(name);
    }
}
