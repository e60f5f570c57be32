package org.mintpost.audit.repository;

import java.time.Instant;

/**
 * A validated query of one token's feed. {@code afterAt}/{@code afterId} are the keyset position
 * of the last row already seen (both null for the first page); {@code limit} rows are wanted.
 */
public record TokenLogQuery(
        String tokenId,
        String outcome,
        String channel,
        Instant from,
        Instant to,
        Instant afterAt,
        Long afterId,
        int limit) {
}
