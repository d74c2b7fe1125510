package io.maestro.internal.engine;

import io.maestro.internal.expression.Template;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A JSON-like value whose strings are compiled templates; evaluates to plain data. */
abstract sealed class ValueTemplate {

    static ValueTemplate compile(Object value) {
        if (value instanceof String s) {
            Template t = Template.parse(s);
            return t.isConstant() ? new Literal(s) : new Text(t);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, ValueTemplate> entries = new LinkedHashMap<>();
            boolean constant = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                ValueTemplate v = compile(e.getValue());
                constant &= v instanceof Literal;
                entries.put((String) e.getKey(), v);
            }
            return constant ? new Literal(value) : new MapValue(entries);
        }
        if (value instanceof List<?> list) {
            List<ValueTemplate> items = new ArrayList<>();
            boolean constant = true;
            for (Object item : list) {
                ValueTemplate v = compile(item);
                constant &= v instanceof Literal;
                items.add(v);
            }
            return constant ? new Literal(value) : new ListValue(items);
        }
        return new Literal(value);
    }

    abstract Object evaluate(Map<String, ?> context);

    static final class Literal extends ValueTemplate {
        private final Object value;

        Literal(Object value) {
            this.value = value;
        }

        @Override
        Object evaluate(Map<String, ?> context) {
            return value;
        }
    }

    static final class Text extends ValueTemplate {
        private final Template template;

        Text(Template template) {
            this.template = template;
        }

        @Override
        Object evaluate(Map<String, ?> context) {
            return template.evaluate(context);
        }
    }

    static final class MapValue extends ValueTemplate {
        private final Map<String, ValueTemplate> entries;

        MapValue(Map<String, ValueTemplate> entries) {
            this.entries = entries;
        }

        @Override
        Object evaluate(Map<String, ?> context) {
            Map<String, Object> out = new LinkedHashMap<>();
            entries.forEach((k, v) -> out.put(k, v.evaluate(context)));
            return Collections.unmodifiableMap(out);
        }
    }

    static final class ListValue extends ValueTemplate {
        private final List<ValueTemplate> items;

        ListValue(List<ValueTemplate> items) {
            this.items = items;
        }

        @Override
        Object evaluate(Map<String, ?> context) {
            List<Object> out = new ArrayList<>(items.size());
            for (ValueTemplate v : items) {
                out.add(v.evaluate(context));
            }
            return Collections.unmodifiableList(out);
        }
    }
}
