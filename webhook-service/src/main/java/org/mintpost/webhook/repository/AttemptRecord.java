package org.mintpost.webhook.repository;

import java.time.Instant;
import java.util.List;

/** One attempt as {@code WebhookDeliveryData} shows it. */
public record AttemptRecord(
        String id,
        String webhookId,
        String jobId,
        String eventType,
        String status,
        int attemptNumber,
        Integer httpStatusCode,
        Integer durationMs,
        String payload,
        String responseBody,
        List<String> responseHeaders,
        String errorMessage,
        Instant deliveredAt,
        Instant createdAt) {
}
