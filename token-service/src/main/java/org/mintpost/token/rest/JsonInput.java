package org.mintpost.token.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.mintpost.token.service.Errors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads fields of a JSON request body with strict types: a number where a string is expected, a
 * string where an array is expected and the like are validation errors naming the field, never a
 * coercion and never a server error. Absent and {@code null} fields read as null.
 */
public final class JsonInput {

    private final JsonNode body;
    private final Errors errors = new Errors();

    private JsonInput(JsonNode body) {
        this.body = body;
    }

    /** An absent body (no content) reads as an empty object. */
    public static JsonInput of(JsonNode body) {
        JsonInput input = new JsonInput(body == null || body.isMissingNode() || body.isNull() ? null : body);
        if (input.body != null && !input.body.isObject()) {
            input.errors.add("body", "The request body must be a JSON object.");
        }
        return input;
    }

    private JsonNode field(String name) {
        if (body == null || !body.isObject()) {
            return null;
        }
        JsonNode node = body.get(name);
        return node == null || node.isNull() ? null : node;
    }

    public String string(String name) {
        JsonNode node = field(name);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(name, "The " + name + " field must be a string.");
            return null;
        }
        return node.textValue();
    }

    public Boolean bool(String name) {
        JsonNode node = field(name);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            errors.add(name, "The " + name + " field must be true or false.");
            return null;
        }
        return node.booleanValue();
    }

    public Long integer(String name) {
        JsonNode node = field(name);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            errors.add(name, "The " + name + " field must be an integer.");
            return null;
        }
        return node.longValue();
    }

    public List<String> strings(String name) {
        JsonNode node = field(name);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            errors.add(name, "The " + name + " field must be an array.");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                errors.add(name + "." + i, "The " + name + "." + i + " field must be a string.");
            } else {
                out.add(item.textValue());
            }
        }
        return out;
    }

    public Instant instant(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text.strip());
            } catch (DateTimeParseException again) {
                errors.add(name, "The " + name + " field must be an ISO 8601 date-time with a time zone.");
                return null;
            }
        }
    }

    /** Throws the type errors found so far, all together. */
    public JsonInput check() {
        errors.throwIfAny();
        return this;
    }
}
