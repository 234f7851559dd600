package io.missioncontrol.base;

import jakarta.persistence.AttributeConverter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JPA converters that keep small collections as JSON text in one column. */
public final class JsonColumns {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonColumns() {
    }

    /** An ordered string map (e.g. Hydra overrides, key to value) as a JSON object. */
    public static class StringMap implements AttributeConverter<Map<String, String>, String> {
        @Override
        public String convertToDatabaseColumn(Map<String, String> value) {
            return value == null || value.isEmpty() ? null : JSON.writeValueAsString(value);
        }

        @Override
        public Map<String, String> convertToEntityAttribute(String text) {
            return text == null || text.isBlank() ? new LinkedHashMap<>()
                    : JSON.readValue(text, new TypeReference<LinkedHashMap<String, String>>() { });
        }
    }

    /** A list of strings (e.g. raw override arguments) as a JSON array. */
    public static class StringList implements AttributeConverter<List<String>, String> {
        @Override
        public String convertToDatabaseColumn(List<String> value) {
            return value == null || value.isEmpty() ? null : JSON.writeValueAsString(value);
        }

        @Override
        public List<String> convertToEntityAttribute(String text) {
            return text == null || text.isBlank() ? List.of()
                    : JSON.readValue(text, new TypeReference<List<String>>() { });
        }
    }
}
