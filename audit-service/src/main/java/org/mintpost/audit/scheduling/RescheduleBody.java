package org.mintpost.audit.scheduling;

import java.util.List;
import java.util.Map;

import org.mintpost.audit.service.InvalidRequestException;
import org.mintpost.contracts.kafka.EventJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** The body of {@code PATCH /v1/messages/{id}} ({@code RescheduleMessageRequest}): its {@code scheduled_at} value. */
public final class RescheduleBody {

    private RescheduleBody() {
    }

    /** The {@code scheduled_at} value (a String when it is one); unparseable JSON is {@link InvalidJsonException}. */
    public static Object scheduledAt(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = EventJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException();
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException(Map.of(ScheduleTime.FIELD,
                    List.of("The body must be a JSON object with a scheduled_at field.")));
        }
        JsonNode at = node.get(ScheduleTime.FIELD);
        if (at == null || at.isNull()) {
            return null;
        }
        return at.isTextual() ? at.asText() : at;
    }

    /** The body is not JSON: 400 {@code invalid_json}. */
    public static class InvalidJsonException extends RuntimeException {

        public InvalidJsonException() {
            super("The request body is not valid JSON.", null, false, false);
        }
    }
}
