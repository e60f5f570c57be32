package org.mintpost.webhook.repository;

import java.time.Instant;
import java.util.List;

/** One webhook as stored; the secret stays sealed. */
public record WebhookRow(
        String id,
        String teamId,
        String projectId,
        String routeId,
        String name,
        String url,
        List<String> events,
        boolean enabled,
        boolean includeMachineEvents,
        String secretSealed,
        Instant lastCalledAt,
        String disabledReason,
        Instant createdAt,
        Instant updatedAt,
        String deliveryModeFilter) {
}
