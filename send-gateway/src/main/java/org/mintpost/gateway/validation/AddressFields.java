package org.mintpost.gateway.validation;

import static org.mintpost.gateway.validation.Fields.add;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code from}, {@code to}, {@code cc}, {@code bcc} and {@code reply_to}: addresses as RFC 5322 allows them. */
final class AddressFields {

    private AddressFields() {
    }

    static String requiredAddress(JsonNode body, String field, Map<String, List<String>> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            add(errors, field, "The " + field + " field is required.");
            return null;
        }
        if (!node.isTextual()) {
            add(errors, field, "The " + field + " field must be a string.");
            return null;
        }
        return EmailAddress.parse(node.asText()).map(EmailAddress::formatted).orElseGet(() -> {
            add(errors, field, "The " + field + " field must be a valid email address.");
            return null;
        });
    }

    static List<String> addresses(JsonNode body, String field, boolean required,
            Map<String, List<String>> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                add(errors, field, "The " + field + " field is required.");
            }
            return required ? null : List.of();
        }
        if (!node.isArray()) {
            add(errors, field, "The " + field + " field must be an array of email addresses.");
            return null;
        }
        if (required && node.isEmpty()) {
            add(errors, field, "The " + field + " field must have at least 1 address.");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String key = field + "." + i;
            if (!item.isTextual()) {
                add(errors, key, "The " + key + " field must be a string.");
                continue;
            }
            EmailAddress.parse(item.asText()).ifPresentOrElse(a -> out.add(a.formatted()),
                    () -> add(errors, key, "The " + key + " field must be a valid email address."));
        }
        return out;
    }
}
