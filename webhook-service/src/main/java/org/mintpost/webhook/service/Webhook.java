package org.mintpost.webhook.service;

import java.time.Instant;
import java.util.List;

/** A webhook as the API shows it; {@code secret} only right after create or regenerate. */
public record Webhook(String id, String routeId, String projectId, String name, String url, List<String> events,
        boolean enabled, boolean includeMachineEvents, String secret, Instant lastCalledAt, String disabledReason,
        Instant createdAt, Instant updatedAt, String deliveryModeFilter) {
}
