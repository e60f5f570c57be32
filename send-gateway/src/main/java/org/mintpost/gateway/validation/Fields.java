package org.mintpost.gateway.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading one JSON field of a request, each problem added to the error map under the field's key. */
final class Fields {

    private Fields() {
    }

    static String string(JsonNode body, String field, Map<String, List<String>> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            add(errors, field, "The " + field + " field must be a string.");
            return null;
        }
        return node.asText();
    }

    static String optionalString(JsonNode item, String field, String key, Map<String, List<String>> errors) {
        JsonNode node = item.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            add(errors, key + "." + field, "The " + key + "." + field + " field must be a string.");
            return null;
        }
        return node.asText();
    }

    static int size(List<String> list) {
        return list == null ? 0 : list.size();
    }

    /** Adds a message under a key like {@code to.0}; a key may gather several. */
    public static void add(Map<String, List<String>> errors, String key, String message) {
        errors.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
    }
}
