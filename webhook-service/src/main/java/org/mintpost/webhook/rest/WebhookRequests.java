package org.mintpost.webhook.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mintpost.webhook.service.ValidationException;
import org.mintpost.webhook.service.WebhookDraft;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads {@code StoreWebhookData} / {@code UpdateWebhookData}: a wrong JSON type is a 422 naming the field. */
final class WebhookRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookRequests() {
    }

    static WebhookDraft parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException();
        }
        if (root == null || !root.isObject()) {
            throw new ValidationException("body", "The request body must be a JSON object.");
        }
        Map<String, List<String>> errors = new LinkedHashMap<>();
        WebhookDraft draft = new WebhookDraft(text(root, "route_id", errors), text(root, "name", errors),
                text(root, "url", errors), strings(root, "events", errors), bool(root, "enabled", errors),
                bool(root, "include_machine_events", errors), text(root, "delivery_mode_filter", errors));
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return draft;
    }

    private static String text(JsonNode root, String field, Map<String, List<String>> errors) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.put(field, List.of("The " + field + " field must be a string."));
            return null;
        }
        return v.asText();
    }

    private static Boolean bool(JsonNode root, String field, Map<String, List<String>> errors) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            errors.put(field, List.of("The " + field + " field must be true or false."));
            return null;
        }
        return v.asBoolean();
    }

    private static List<String> strings(JsonNode root, String field, Map<String, List<String>> errors) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            errors.put(field, List.of("The " + field + " field must be an array."));
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                errors.put(field + "." + i, List.of("The " + field + "." + i + " field must be a string."));
            } else {
                values.add(v.get(i).asText());
            }
        }
        return values;
    }
}
