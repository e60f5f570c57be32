package org.mintpost.audit.rest;

import java.time.Instant;
import java.util.List;

import org.mintpost.audit.service.TokenLogEntry;
import org.mintpost.audit.service.TokenLogPage;

/** {@code {"data": [...], "next_cursor": ...}}, field names snake_case. */
public record TokenLogResponse(List<Item> data, String nextCursor) {

    /** One feed line; {@code actor} is set on lifecycle lines only. */
    public record Item(Instant at, String ip, String userAgent, String channel, String endpoint, String outcome,
            String reason, List<String> messageIds, String actor) {
    }

    static TokenLogResponse of(TokenLogPage page) {
        return new TokenLogResponse(page.entries().stream().map(TokenLogResponse::item).toList(), page.nextCursor());
    }

    private static Item item(TokenLogEntry e) {
        return new Item(e.at(), e.ip(), e.userAgent(), e.channel(), e.endpoint(), e.outcome(), e.reason(),
                e.messageIds(), e.actor());
    }
}
