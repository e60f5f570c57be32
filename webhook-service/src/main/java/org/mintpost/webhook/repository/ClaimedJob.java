package org.mintpost.webhook.repository;

import java.time.Instant;

/** A job this instance holds the lease of, with what its attempt needs. */
public record ClaimedJob(String id, String webhookId, String eventType, String payload, int attempts,
        Instant createdAt, String url, String secretSealed) {
}
