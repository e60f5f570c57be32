package org.mintpost.webhook.rest;

import java.time.Instant;

import org.mintpost.webhook.repository.AttemptRecord;

/** The SDK's {@code WebhookDeliveryListData}. */
public record DeliveryListData(
        String id,
        String webhookId,
        String eventType,
        String status,
        int attemptNumber,
        Integer httpStatusCode,
        Integer durationMs,
        String errorMessage,
        Instant deliveredAt,
        Instant createdAt) {

    static DeliveryListData of(AttemptRecord a) {
        return new DeliveryListData(a.id(), a.webhookId(), a.eventType(), a.status(), a.attemptNumber(),
                a.httpStatusCode(), a.durationMs(), a.errorMessage(), a.deliveredAt(), a.createdAt());
    }
}
