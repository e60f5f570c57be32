package org.mintpost.gateway.validation;

import static org.mintpost.gateway.validation.Fields.add;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/** Custom {@code headers} (our Message-ID unless the caller asks to keep theirs) and {@code metadata}. */
final class HeaderFields {

    static final int HEADER_NAME_MAX = 76;
    static final int HEADER_VALUE_MAX = 998;
    static final int METADATA_MAX_ENTRIES = 50;
    static final int METADATA_KEY_MAX = 100;
    static final int METADATA_VALUE_MAX = 1000;
    static final String PRESERVE_MESSAGE_ID = "X-LM-Preserve-Message-ID";

    private HeaderFields() {
    }

    static Map<String, String> headers(JsonNode body, Map<String, List<String>> errors) {
        JsonNode node = body.get("headers");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            add(errors, "headers", "The headers field must be an object of strings.");
            return null;
        }
        Map<String, String> raw = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String name = entry.getKey();
            String key = "headers." + name;
            if (!isHeaderName(name)) {
                add(errors, "headers", "Header names must be 1 to " + HEADER_NAME_MAX
                        + " printable characters without ':' or spaces.");
                continue;
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual()) {
                add(errors, key, "The " + key + " field must be a string.");
                continue;
            }
            String v = value.asText();
            if (v.length() > HEADER_VALUE_MAX || EmailAddress.hasControl(v.replace('\t', ' '))) {
                add(errors, key, "The " + key + " field may not contain line breaks or control characters.");
                continue;
            }
            raw.put(name, v);
        }
        boolean preserve = raw.entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase(PRESERVE_MESSAGE_ID)
                && e.getValue().trim().equalsIgnoreCase("true"));
        Map<String, String> out = new TreeMap<>();
        raw.forEach((name, value) -> {
            if (name.equalsIgnoreCase(PRESERVE_MESSAGE_ID)) {
                return;
            }
            if (name.equalsIgnoreCase("Message-ID") && !preserve) {
                return;
            }
            out.put(name, value);
        });
        return out;
    }

    private static boolean isHeaderName(String name) {
        if (name.isEmpty() || name.length() > HEADER_NAME_MAX) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                return false;
            }
        }
        return true;
    }

    static Map<String, String> metadata(JsonNode body, Map<String, List<String>> errors) {
        JsonNode node = body.get("metadata");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            add(errors, "metadata", "The metadata field must be an object of strings.");
            return null;
        }
        if (node.size() > METADATA_MAX_ENTRIES) {
            add(errors, "metadata", "The metadata may have at most " + METADATA_MAX_ENTRIES + " entries.");
            return null;
        }
        Map<String, String> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String key = "metadata." + entry.getKey();
            if (entry.getKey().isEmpty() || entry.getKey().length() > METADATA_KEY_MAX
                    || EmailAddress.hasControl(entry.getKey())) {
                add(errors, "metadata", "Metadata keys must be 1 to " + METADATA_KEY_MAX
                        + " characters without control characters.");
                continue;
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual()) {
                add(errors, key, "The " + key + " field must be a string.");
                continue;
            }
            if (value.asText().length() > METADATA_VALUE_MAX) {
                add(errors, key, "The " + key + " field may not be longer than " + METADATA_VALUE_MAX
                        + " characters.");
                continue;
            }
            out.put(entry.getKey(), value.asText());
        }
        return out;
    }
}
