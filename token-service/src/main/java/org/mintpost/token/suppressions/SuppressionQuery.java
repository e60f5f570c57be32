package org.mintpost.token.suppressions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.mintpost.token.service.Errors;
import org.mintpost.token.service.ValidationFailed;

import io.quarkus.panache.common.Parameters;

/**
 * One page request of {@code GET /v1/suppressions}: the filters of Lettermint's OpenAPI ({@code filter[scope]},
 * {@code filter[route_id]}, {@code filter[project_id]}, {@code filter[value]} partial, {@code filter[reason]},
 * {@code filter[startDate]}, {@code filter[endDate]}), the sort ({@code value}, {@code created_at}, {@code reason},
 * each optionally {@code -}descending; default {@code -created_at}) and an opaque keyset cursor.
 */
record SuppressionQuery(UUID teamId, Map<String, Object> filters, String sort, Position after) {

    static final String DEFAULT_SORT = "-created_at";
    private static final Map<String, String> FIELDS = Map.of("value", "value", "created_at", "createdAt",
            "reason", "reason");

    /** Where a page starts: after (forward) or before (backward) the row with this sort value and id. */
    record Position(boolean forward, String value, UUID id) {
    }

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
        Position after = cursor == null || cursor.isBlank() ? null : decode(cursor, order);
        return new SuppressionQuery(teamId, filters, order, after);
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

    private String field() {
        return FIELDS.get(sort.startsWith("-") ? sort.substring(1) : sort);
    }

    private boolean ascending() {
        boolean asc = !sort.startsWith("-");
        return after == null || after.forward() ? asc : !asc;
    }

    String where() {
        StringBuilder q = new StringBuilder("teamId = :team and deletedAt is null");
        filters.keySet().forEach(key -> q.append(switch (key) {
            case "search" -> " and value like :search";
            case "startDate" -> " and updatedAt >= :startDate";
            case "endDate" -> " and createdAt <= :endDate";
            default -> " and " + key + " = :" + key;
        }));
        if (after != null) {
            String cmp = ascending() ? ">" : "<";
            q.append(" and (").append(field()).append(' ').append(cmp).append(" :after or (").append(field())
                    .append(" = :after and id ").append(cmp).append(" :afterId))");
        }
        return q.toString();
    }

    String orderBy() {
        String dir = ascending() ? " asc" : " desc";
        return field() + dir + ", id" + dir;
    }

    Parameters parameters() {
        Parameters p = Parameters.with("team", teamId);
        filters.forEach(p::and);
        if (after != null) {
            p.and("after", "createdAt".equals(field()) ? instant(after.value()) : after.value())
                    .and("afterId", after.id());
        }
        return p;
    }

    /** The cursor that continues after ({@code forward}) or before this row in the same sort. */
    String cursorAt(Suppression s, boolean forward) {
        String value = switch (field()) {
            case "value" -> s.value;
            case "reason" -> s.reason;
            default -> Long.toString(s.createdAt.getEpochSecond() * 1_000_000L + s.createdAt.getNano() / 1_000);
        };
        String raw = (forward ? "n" : "p") + "|" + sort + "|" + value + "|" + s.id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    boolean backward() {
        return after != null && !after.forward();
    }

    private static Position decode(String cursor, String sort) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 4 || !(parts[0].equals("n") || parts[0].equals("p")) || !parts[1].equals(sort)) {
                throw invalid();
            }
            if ("createdAt".equals(FIELDS.get(sort.startsWith("-") ? sort.substring(1) : sort))) {
                instant(parts[2]);
            }
            return new Position(parts[0].equals("n"), parts[2], UUID.fromString(parts[3]));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid();
        }
    }

    private static Instant instant(String micros) {
        long value = Long.parseLong(micros);
        return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
    }

    private static ValidationFailed invalid() {
        return ValidationFailed.of("cursor", "The cursor is not a valid cursor for this sort.");
    }
}
