package org.mintpost.webhook.rest;

import java.time.Instant;
import java.util.List;

import org.mintpost.webhook.repository.AttemptRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The SDK's {@code WebhookDeliveryData}: one attempt with the payload sent, the (capped) answer, {@code sandbox}. */
public record DeliveryData(
        String id,
        String webhookId,
        String eventType,
        String status,
        int attemptNumber,
        Integer httpStatusCode,
        Integer durationMs,
        JsonNode payload,
        String responseBody,
        List<String> responseHeaders,
        String errorMessage,
        Instant deliveredAt,
        Instant timestamp,
        boolean sandbox) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static DeliveryData of(AttemptRecord a) {
        JsonNode payload = json(a.payload());
        return new DeliveryData(a.id(), a.webhookId(), a.eventType(), a.status(), a.attemptNumber(),
                a.httpStatusCode(), a.durationMs(), payload, a.responseBody(), a.responseHeaders(),
                a.errorMessage(), a.deliveredAt(), a.createdAt(), isSandbox(payload));
    }

    /** A delivery is sandbox when it carries a sandbox message's event (the event's details say so). */
    private static boolean isSandbox(JsonNode payload) {
        return "sandbox".equals(payload.path("data").path("details").path("delivery_mode").asText(null));
    }

    private static JsonNode json(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(payload);
        }
    }
}
