package org.mintpost.webhook.rest;

import java.time.Instant;
import java.util.List;

import org.mintpost.webhook.service.Webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The SDK's {@code WebhookData} (and {@code WebhookListData}); {@code secret} only after create or regenerate. */
public record WebhookData(
        String id,
        String routeId,
        String projectId,
        String name,
        String url,
        List<String> events,
        boolean enabled,
        boolean includeMachineEvents,
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret,
        String disabledReason,
        Instant lastCalledAt,
        Instant createdAt,
        Instant updatedAt,
        String deliveryModeFilter) {

    static WebhookData of(Webhook w) {
        return new WebhookData(w.id(), w.routeId(), w.projectId(), w.name(), w.url(), w.events(), w.enabled(),
                w.includeMachineEvents(), w.secret(), w.disabledReason(), w.lastCalledAt(), w.createdAt(),
                w.updatedAt(), w.deliveryModeFilter());
    }
}
