package io.missioncontrol.project.hydra;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** The YAML type of a config value, as a typed form field needs it. */
public enum ValueType {
    STRING,
    INT,
    FLOAT,
    BOOL,
    /** the value is {@code null}: any type may be given. */
    NULL,
    LIST,
    MAP;

    /** The type of a value as read from YAML (String, Integer/Long/BigInteger, Double, Boolean, List, Map, null). */
    public static ValueType of(Object value) {
        return switch (value) {
            case null -> NULL;
            case String s -> STRING;
            case Boolean b -> BOOL;
            case Integer i -> INT;
            case Long l -> INT;
            case BigInteger b -> INT;
            case Double d -> FLOAT;
            case Float f -> FLOAT;
            case List<?> l -> LIST;
            case Map<?, ?> m -> MAP;
            default -> throw new IllegalArgumentException("not a config value: " + value.getClass().getName());
        };
    }

    /** True for INT and FLOAT. */
    public boolean numeric() {
        return this == INT || this == FLOAT;
    }
}
