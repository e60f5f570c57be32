package org.mintpost.webhook.rest;

import java.time.Instant;
import java.util.List;

import org.mintpost.webhook.repository.AttemptRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The SDK's {@code WebhookDeliveryData}: one attempt with the payload sent and the (capped) answer. */
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
        Instant timestamp) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static DeliveryData of(AttemptRecord a) {
        return new DeliveryData(a.id(), a.webhookId(), a.eventType(), a.status(), a.attemptNumber(),
                a.httpStatusCode(), a.durationMs(), json(a.payload()), a.responseBody(), a.responseHeaders(),
                a.errorMessage(), a.deliveredAt(), a.createdAt());
    }

    private static JsonNode json(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(payload);
        }
    }
}
