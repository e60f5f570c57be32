package org.mintpost.token.suppressions;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.mintpost.token.service.Errors;
import org.mintpost.token.service.Keyset;

import io.quarkus.panache.common.Parameters;

/**
 * One page request of {@code GET /v1/suppressions}: the filters of Lettermint's OpenAPI ({@code filter[scope]},
 * {@code filter[route_id]}, {@code filter[project_id]}, {@code filter[value]} partial, {@code filter[reason]},
 * {@code filter[startDate]}, {@code filter[endDate]}), the sort ({@code value}, {@code created_at}, {@code reason},
 * each optionally {@code -}descending; default {@code -created_at}) and an opaque keyset cursor.
 */
record SuppressionQuery(UUID teamId, Map<String, Object> filters, Keyset keyset) {

    static final String DEFAULT_SORT = "-created_at";
    private static final Map<String, String> FIELDS = Map.of("value", "value", "created_at", "createdAt",
            "reason", "reason");

    /** The raw filter parameters, as they came. */
    record Filters(String scope, String routeId, String projectId, String value, String reason, String startDate,
            String endDate) {
    }

    static SuppressionQuery of(UUID teamId, Filters f, String sort, String cursor) {
        Errors errors = new Errors();
        String order = sort == null || sort.isBlank() ? DEFAULT_SORT : sort.strip();
        if (!FIELDS.containsKey(order.startsWith("-") ? order.substring(1) : order)) {
            errors.add("sort", "The sort must be one of value, created_at, reason (- for descending).");
        }
        Map<String, Object> filters = new java.util.LinkedHashMap<>();
        if (present(f.scope())) {
            if (!SuppressionValues.SCOPES.contains(f.scope().strip())) {
                errors.add("filter.scope", "The selected filter.scope is invalid.");
            }
            filters.put("scope", f.scope().strip());
        }
        if (present(f.reason())) {
            if (!SuppressionValues.REASONS.contains(f.reason().strip())) {
                errors.add("filter.reason", "The selected filter.reason is invalid.");
            }
            filters.put("reason", f.reason().strip());
        }
        if (present(f.projectId())) {
            try {
                filters.put("projectId", UUID.fromString(f.projectId().strip()));
            } catch (IllegalArgumentException e) {
                errors.add("filter.project_id", "The filter.project_id must be a project id.");
            }
        }
        if (present(f.routeId())) {
            filters.put("routeId", f.routeId().strip());
        }
        if (present(f.value())) {
            String search = f.value().strip().toLowerCase(Locale.ROOT).replace("\\", "").replace("%", "")
                    .replace("_", "\\_");
            filters.put("search", "%" + search + "%");
        }
        date(errors, filters, "startDate", f.startDate(), false);
        date(errors, filters, "endDate", f.endDate(), true);
        errors.throwIfAny();
        String field = FIELDS.get(order.startsWith("-") ? order.substring(1) : order);
        return new SuppressionQuery(teamId, filters, Keyset.of(order, field, "createdAt".equals(field), cursor));
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static void date(Errors errors, Map<String, Object> filters, String name, String text, boolean end) {
        if (!present(text)) {
            return;
        }
        String t = text.strip();
        try {
            filters.put(name, t.length() == 10 ? (end ? LocalDate.parse(t).plusDays(1).atStartOfDay()
                    .toInstant(ZoneOffset.UTC).minusNanos(1_000) : LocalDate.parse(t).atStartOfDay()
                    .toInstant(ZoneOffset.UTC)) : OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            errors.add("filter." + name, "The filter." + name + " must be an ISO 8601 date or date-time.");
        }
    }

    String where() {
        StringBuilder q = new StringBuilder("teamId = :team and deletedAt is null");
        filters.keySet().forEach(key -> q.append(switch (key) {
            case "search" -> " and value like :search";
            case "startDate" -> " and updatedAt >= :startDate";
            case "endDate" -> " and createdAt <= :endDate";
            default -> " and " + key + " = :" + key;
        }));
        return q.append(keyset.condition()).toString();
    }

    String orderBy() {
        return keyset.orderBy();
    }

    Parameters parameters() {
        Parameters p = Parameters.with("team", teamId);
        filters.forEach(p::and);
        return keyset.bind(p);
    }

    /** An entry's value in the cursor of this sort. */
    String sortValue(Suppression s) {
        return switch (keyset.field()) {
            case "value" -> s.value;
            case "reason" -> s.reason;
            default -> Keyset.cursorValue(s.createdAt);
        };
    }
}
