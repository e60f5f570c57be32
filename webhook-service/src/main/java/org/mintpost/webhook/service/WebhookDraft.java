package org.mintpost.webhook.service;

import java.util.List;

/** A create or update request as given; null means "not given". */
public record WebhookDraft(String routeId, String name, String url, List<String> events, Boolean enabled,
        Boolean includeMachineEvents, String deliveryModeFilter) {
}
