package org.mintpost.audit.service;

import java.util.Map;

/**
 * The raw query parameters of {@code GET /v1/messages} as the client sent them (any may be null), named as
 * Lettermint names them: {@code filter[status]}, {@code filter[route_id]}, {@code filter[project]},
 * {@code filter[tag]}, {@code filter[from_email]}, {@code filter[subject]}, {@code filter[search]},
 * {@code filter[from_date]}, {@code filter[to_date]}, {@code filter[type]}, {@code page[size]},
 * {@code page[cursor]}, {@code sort}, {@code filter[delivery_mode]}, {@code filter[overdue]}; {@code tags} holds
 * every {@code filter[tags][N][name|value]} parameter by its full name.
 */
public record MessageListParams(String status, String routeId, String project, String tag, String fromEmail,
        String subject, String search, String fromDate, String toDate, String type, String pageSize,
        String cursor, String sort, Map<String, String> tags, String deliveryMode,
        String overdue) {
}
