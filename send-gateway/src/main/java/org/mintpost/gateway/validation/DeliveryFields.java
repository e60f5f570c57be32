package org.mintpost.gateway.validation;

import static org.mintpost.gateway.validation.Fields.add;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.mintpost.contracts.api.ScheduleTimes;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;

import com.fasterxml.jackson.databind.JsonNode;

/** How the message travels: {@code route}, {@code scheduled_at}, {@code settings} and {@code sandbox_result}. */
final class DeliveryFields {

    private static final Pattern ROUTE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$");
    private static final Set<String> KNOWN_SETTINGS = Set.of("track_opens", "track_clicks", "tls");

    private DeliveryFields() {
    }

    static String route(JsonNode body, Map<String, List<String>> errors) {
        String route = Fields.string(body, "route", errors);
        if (route != null && !ROUTE.matcher(route).matches()) {
            add(errors, "route", "The route must be a slug (letters, digits, - and _).");
        }
        return route;
    }

    static Instant scheduledAt(JsonNode body, Instant now, Map<String, List<String>> errors) {
        JsonNode node = body.get("scheduled_at");
        if (node == null || node.isNull()) {
            return null;
        }
        Instant at = node.isTextual() ? ScheduleTimes.parse(node.asText(), now).orElse(null) : null;
        if (at == null) {
            add(errors, "scheduled_at", "The scheduled_at field must be " + ScheduleTimes.FORMS + ".");
            return null;
        }
        if (at.isBefore(now.minusSeconds(60))) {
            add(errors, "scheduled_at", "The scheduled_at field must be in the future.");
            return null;
        }
        return at;
    }

    /** One of Lettermint's {@code SandboxResult}s, or null; it matters only in a sandbox project. */
    static String sandboxResult(JsonNode body, Map<String, List<String>> errors) {
        JsonNode node = body.get("sandbox_result");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !SendJob.SANDBOX_RESULTS.contains(node.asText())) {
            add(errors, "sandbox_result", "The selected sandbox_result is invalid: it must be one of "
                    + String.join(", ", SendJob.SANDBOX_RESULTS) + ".");
            return null;
        }
        return node.asText();
    }

    static EmailContent.Settings settings(JsonNode body, Map<String, List<String>> errors) {
        JsonNode node = body.get("settings");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            add(errors, "settings", "The settings field must be an object.");
            return null;
        }
        Boolean opens = bool(node, "track_opens", errors);
        Boolean clicks = bool(node, "track_clicks", errors);
        String tls = null;
        JsonNode tlsNode = node.get("tls");
        if (tlsNode != null && !tlsNode.isNull()) {
            if (!tlsNode.isTextual() || !(tlsNode.asText().equals("opportunistic")
                    || tlsNode.asText().equals("enforced"))) {
                add(errors, "settings.tls", "The settings.tls field must be opportunistic or enforced.");
            } else {
                tls = tlsNode.asText();
            }
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!KNOWN_SETTINGS.contains(name)) {
                add(errors, "settings." + name, "The settings." + name + " field is not a known setting.");
            }
        });
        return new EmailContent.Settings(opens, clicks, tls);
    }

    private static Boolean bool(JsonNode node, String field, Map<String, List<String>> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            add(errors, "settings." + field, "The settings." + field + " field must be true or false.");
            return null;
        }
        return value.asBoolean();
    }
}
