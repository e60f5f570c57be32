package org.mintpost.audit.repository;

import java.time.Instant;

/**
 * One page of a team's messages, newest first by (created_at, message_id). Null fields do not filter;
 * {@code *Like} values are ILIKE patterns (already escaped); the cursor is the last row of the previous page.
 * {@code limit} is one more than the page size, to tell whether there is a next page. {@code tagsJson} is a JSON
 * array of {@code {name, value}} objects (value optional) every one of which the message's tags must contain.
 * {@code deliveryMode} is {@code live} (a message without a mode is live) or {@code sandbox}. {@code overdue}: true keeps
 * only scheduled messages whose time has passed, false leaves them out, null does not filter.
 */
public record MessageQuery(
        String teamId,
        String projectId,
        String routeId,
        String status,
        String tag,
        String tagsJson,
        String fromLike,
        String subjectLike,
        String searchLike,
        Instant fromDate,
        Instant toDate,
        Instant afterCreatedAt,
        String afterId,
        int limit,
        String deliveryMode,
        Boolean overdue) {
}
