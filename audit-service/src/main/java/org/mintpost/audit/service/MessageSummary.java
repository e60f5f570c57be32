package org.mintpost.audit.service;

import java.time.Instant;
import java.util.List;

/** A message as its latest delivery event describes it. */
public record MessageSummary(
        String id,
        String status,
        Instant statusChangedAt,
        String from,
        List<String> to,
        String subject,
        String tag,
        Instant createdAt,
        String routeId) {
}
