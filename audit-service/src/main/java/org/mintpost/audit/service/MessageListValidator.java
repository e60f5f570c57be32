package org.mintpost.audit.service;

import static org.mintpost.audit.service.QueryParams.integer;
import static org.mintpost.audit.service.QueryParams.present;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.mintpost.audit.repository.MessageQuery;
import org.mintpost.contracts.token.InternalCaller;

/** Checks {@code GET /v1/messages} parameters, naming every bad one, and turns them into one page query. */
final class MessageListValidator {

    /** The SDK's {@code MessageStatus}. */
    static final Set<String> STATUSES = Set.of("scheduled", "pending", "queued", "quarantined", "suppressed",
            "processed", "delivered", "opened", "clicked", "soft_bounced", "hard_bounced", "spam_complaint",
            "failed", "blocked", "policy_rejected", "unsubscribed", "canceled");

    private MessageListValidator() {
    }

    static MessageQuery validate(InternalCaller caller, MessageListParams p, int defaultSize, int maxSize) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        int size = defaultSize;
        if (present(p.pageSize())) {
            Optional<Integer> parsed = integer(p.pageSize());
            if (parsed.isEmpty() || parsed.get() < 1) {
                add(errors, "page.size", "The page size must be a positive integer (at most " + maxSize
                        + " are returned).");
            } else {
                size = Math.min(parsed.get(), maxSize);
            }
        }
        PageCursor cursor = null;
        if (present(p.cursor())) {
            cursor = PageCursor.decode(p.cursor()).orElse(null);
            if (cursor == null) {
                add(errors, "page.cursor", "The cursor is invalid.");
            }
        }
        String status = null;
        if (present(p.status())) {
            status = p.status().trim();
            if (!STATUSES.contains(status)) {
                add(errors, "filter.status", "The selected filter.status is invalid.");
            }
        }
        if (present(p.type()) && !"outbound".equals(p.type().trim()) && !"inbound".equals(p.type().trim())) {
            add(errors, "filter.type", "The selected filter.type is invalid.");
        }
        String mode = present(p.deliveryMode()) ? p.deliveryMode().trim() : null;
        if (mode != null && !"live".equals(mode) && !"sandbox".equals(mode)) {
            add(errors, "filter.delivery_mode",
                    "The selected filter.delivery_mode is invalid: it must be live or sandbox.");
        }
        Boolean overdue = null;
        if (present(p.overdue())) {
            String v = p.overdue().trim();
            overdue = "true".equals(v) || "1".equals(v) ? Boolean.TRUE
                    : "false".equals(v) || "0".equals(v) ? Boolean.FALSE : null;
            if (overdue == null) {
                add(errors, "filter.overdue", "The filter.overdue field must be true or false.");
            }
        }
        if (present(p.sort()) && !"-created_at".equals(p.sort().trim())) {
            add(errors, "sort", "Only -created_at (newest first) is supported.");
        }
        Instant from = date(errors, "filter.from_date", p.fromDate());
        Instant to = date(errors, "filter.to_date", p.toDate());
        if (from != null && to != null && !to.isAfter(from)) {
            add(errors, "filter.to_date", "The filter.to_date must be a date after filter.from_date.");
        }
        String project = id(errors, "filter.project", p.project());
        String route = id(errors, "filter.route_id", p.routeId());
        String tag = text(errors, "filter.tag", p.tag());
        String tagsJson = MessageTagsFilter.json(p.tags(), errors);
        String fromLike = like(text(errors, "filter.from_email", p.fromEmail()));
        String subjectLike = like(text(errors, "filter.subject", p.subject()));
        String searchLike = like(text(errors, "filter.search", p.search()));
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        if (caller.projectScope() != null) {
            // a project-scoped caller sees its own project only; asking for another finds nothing
            project = project == null || project.equals(caller.projectScope()) ? caller.projectScope() : "\u0001";
        }
        boolean inboundOnly = present(p.type()) && "inbound".equals(p.type().trim());
        return new MessageQuery(caller.teamId(), project, route, inboundOnly ? "\u0001" : status, tag, tagsJson, fromLike,
                subjectLike, searchLike, from, to, cursor == null ? null : cursor.at(),
                cursor == null ? null : cursor.key(), size + 1, mode, overdue);
    }

    /** A date-time or date (UTC midnight); a plain {@code to_date} date counts the whole day. */
    private static Instant date(Map<String, List<String>> errors, String field, String value) {
        if (!present(value)) {
            return null;
        }
        Optional<Instant> parsed = TokenLogService.instant(value);
        if (parsed.isEmpty()) {
            add(errors, field, "The " + field + " must be an ISO-8601 date or date-time, e.g. 2026-01-31.");
            return null;
        }
        boolean plainDate = value.trim().length() == 10;
        return field.endsWith("to_date") && plainDate ? parsed.get().plusSeconds(86_400) : parsed.get();
    }

    private static String id(Map<String, List<String>> errors, String field, String value) {
        if (!present(value)) {
            return null;
        }
        if (!Text.usableId(value.trim())) {
            add(errors, field, "The " + field + " is invalid.");
            return null;
        }
        return value.trim();
    }

    private static String text(Map<String, List<String>> errors, String field, String value) {
        if (!present(value)) {
            return null;
        }
        if (value.length() > 255 || value.indexOf('\u0000') >= 0) {
            add(errors, field, "The " + field + " must not be longer than 255 characters.");
            return null;
        }
        return value.trim();
    }

    /** A case-insensitive substring pattern with LIKE's wildcards escaped. */
    private static String like(String value) {
        if (value == null) {
            return null;
        }
        return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static void add(Map<String, List<String>> errors, String field, String message) {
        errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
    }
}
