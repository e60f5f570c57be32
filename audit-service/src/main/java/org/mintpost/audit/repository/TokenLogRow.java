package org.mintpost.audit.repository;

import java.time.Instant;

/** One row to append to {@code audit.token_log}; {@code messageIdsJson} is a JSON array. */
public record TokenLogRow(
        String eventId,
        Instant at,
        String tokenId,
        String tokenKind,
        String tokenDisplay,
        String teamId,
        String projectId,
        String channel,
        String endpoint,
        String outcome,
        String reason,
        String ip,
        String userAgent,
        String messageIdsJson,
        String actor) {
}
