package org.mintpost.audit.service;

import java.time.Instant;
import java.util.List;

/**
 * One line of a token's feed: a use, a refused use, or a lifecycle change ({@code channel}
 * {@code lifecycle}, {@code outcome} = the change, {@code actor} = who made it).
 */
public record TokenLogEntry(
        long id,
        Instant at,
        String ip,
        String userAgent,
        String channel,
        String endpoint,
        String outcome,
        String reason,
        List<String> messageIds,
        String actor) {
}
