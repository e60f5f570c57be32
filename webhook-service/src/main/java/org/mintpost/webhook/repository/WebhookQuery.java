package org.mintpost.webhook.repository;

import java.time.Instant;

/** Filters and cursor of a webhook list; null means "any". */
public record WebhookQuery(String teamId, String projectId, String routeId, Boolean enabled, String event,
        String search, Instant afterCreatedAt, String afterId, int limit) {
}
