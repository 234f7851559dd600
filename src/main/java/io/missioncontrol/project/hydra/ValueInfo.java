package io.missioncontrol.project.hydra;

/**
 * A config value with its YAML type: one row of {@link HydraConfig#flattened()}.
 *
 * @param value the value as read (String, Integer/Long/BigInteger, Double, Boolean, List, Map or
 *     {@code null}); interpolations and {@code ???} are strings
 * @param type its type
 */
public record ValueInfo(Object value, ValueType type) {

    public static ValueInfo of(Object value) {
        return new ValueInfo(value, ValueType.of(value));
    }

    /** True when the value is Hydra's mandatory-missing marker {@code ???}. */
    public boolean missing() {
        return "???".equals(value);
    }

    /** True when the value is a string holding an interpolation such as {@code ${model.lr}}. */
    public boolean interpolation() {
        return value instanceof String s && s.contains("${");
    }

    /**
     * The value as text for a form field: strings as they are, numbers and booleans as Hydra reads
     * them back ({@code 0.001}, {@code true}, {@code null}), lists and maps in Hydra's override
     * syntax ({@code [1, 2]}, {@code {a: 1}}).
     */
    public String text() {
        return value instanceof String s ? s : HydraSyntax.render(value);
    }
}
