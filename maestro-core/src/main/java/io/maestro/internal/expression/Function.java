package io.maestro.internal.expression;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The whitelist of functions an expression may call; nothing else is callable. */
enum Function {
    LEN("len", 1, "fnLen"),
    LOWER("lower", 1, "fnLower"),
    UPPER("upper", 1, "fnUpper"),
    TRIM("trim", 1, "fnTrim"),
    CONTAINS("contains", 2, "fnContains"),
    STARTS_WITH("startsWith", 2, "fnStartsWith"),
    ENDS_WITH("endsWith", 2, "fnEndsWith"),
    DEFAULT("default", 2, "fnDefault"),
    STRING("string", 1, "fnString"),
    NUMBER("number", 1, "fnNumber"),
    EMPTY("empty", 1, "fnEmpty");

    private static final Map<String, Function> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(f -> f.name, java.util.function.Function.identity()));

    static final String NAMES = Arrays.stream(values()).map(f -> f.name).collect(Collectors.joining(", "));

    /** The name an expression uses. */
    final String name;
    final int arity;
    /** The {@link Builtins} method the generated MVEL source calls. */
    final String helper;

    Function(String name, int arity, String helper) {
        this.name = name;
        this.arity = arity;
        this.helper = helper;
    }

    static Optional<Function> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
