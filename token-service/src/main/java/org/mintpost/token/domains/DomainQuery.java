package org.mintpost.token.domains;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.mintpost.token.service.Errors;
import org.mintpost.token.service.ValidationFailed;

import io.quarkus.panache.common.Parameters;

/**
 * One page request of {@code GET /v1/domains}: the filters ({@code filter[project]}, {@code filter[status]},
 * {@code filter[domain]}), the sort ({@code domain}, {@code created_at}, {@code status_changed_at}, each
 * optionally {@code -}descending; default {@code -created_at}) and an opaque keyset cursor of the sort value
 * and the id, so pages stay stable while domains are added.
 */
record DomainQuery(UUID teamId, UUID project, String status, String search, String sort, Position after) {

    static final String DEFAULT_SORT = "-created_at";
    private static final Map<String, String> FIELDS = Map.of("domain", "domain", "created_at", "createdAt",
            "status_changed_at", "statusChangedAt");
    private static final List<String> STATUSES = List.of(Domain.VERIFIED, Domain.PARTIALLY_VERIFIED, Domain.PENDING,
            Domain.FAILED);

    /** Where a page starts: after (forward) or before (backward) the row with this sort value and id. */
    record Position(boolean forward, String value, UUID id) {
    }

    static DomainQuery of(UUID teamId, String project, String status, String search, String sort, String cursor) {
        Errors errors = new Errors();
        String order = sort == null || sort.isBlank() ? DEFAULT_SORT : sort.strip();
        if (!FIELDS.containsKey(order.startsWith("-") ? order.substring(1) : order)) {
            errors.add("sort", "The sort must be one of domain, created_at, status_changed_at (- for descending).");
        }
        if (status != null && !status.isBlank() && !STATUSES.contains(status)) {
            errors.add("filter.status", "The selected filter.status is invalid.");
        }
        UUID projectId = null;
        if (project != null && !project.isBlank()) {
            try {
                projectId = UUID.fromString(project.strip());
            } catch (IllegalArgumentException e) {
                errors.add("filter.project", "The filter.project must be a project id.");
            }
        }
        errors.throwIfAny();
        Position after = cursor == null || cursor.isBlank() ? null : decode(cursor, order);
        return new DomainQuery(teamId, projectId, status == null || status.isBlank() ? null : status,
                search == null || search.isBlank() ? null : search.strip().toLowerCase(), order, after);
    }

    private String field() {
        return FIELDS.get(sort.startsWith("-") ? sort.substring(1) : sort);
    }

    /** Rows come in this order (reversed when paging backward; the caller turns them round). */
    private boolean ascending() {
        boolean asc = !sort.startsWith("-");
        return after == null || after.forward() ? asc : !asc;
    }

    String where() {
        StringBuilder q = new StringBuilder("teamId = :team and deletedAt is null");
        if (project != null) {
            q.append(" and :project member of projectIds");
        }
        if (status != null) {
            q.append(" and status = :status");
        }
        if (search != null) {
            q.append(" and domain like :search");
        }
        if (after != null) {
            String cmp = ascending() ? ">" : "<";
            q.append(" and (").append(field()).append(' ').append(cmp).append(" :value or (").append(field())
                    .append(" = :value and id ").append(cmp).append(" :id))");
        }
        return q.toString();
    }

    String orderBy() {
        String dir = ascending() ? " asc" : " desc";
        return field() + dir + ", id" + dir;
    }

    Parameters parameters() {
        Parameters p = Parameters.with("team", teamId);
        if (project != null) {
            p.and("project", project);
        }
        if (status != null) {
            p.and("status", status);
        }
        if (search != null) {
            p.and("search", "%" + search.replace("\\", "").replace("%", "").replace("_", "\\_") + "%");
        }
        if (after != null) {
            p.and("value", "domain".equals(field()) ? after.value() : instant(after.value())).and("id", after.id());
        }
        return p;
    }

    /** The cursor that continues after ({@code forward}) or before this row in the same sort. */
    String cursorAt(Domain d, boolean forward) {
        String value = switch (field()) {
            case "domain" -> d.domain;
            case "createdAt" -> micros(d.createdAt);
            default -> micros(d.statusChangedAt);
        };
        String raw = (forward ? "n" : "p") + "|" + sort + "|" + value + "|" + d.id;
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
            if (!"domain".equals(FIELDS.get(sort.startsWith("-") ? sort.substring(1) : sort))) {
                instant(parts[2]);
            }
            return new Position(parts[0].equals("n"), parts[2], UUID.fromString(parts[3]));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid();
        }
    }

    private static String micros(Instant at) {
        return Long.toString(at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000);
    }

    private static Instant instant(String micros) {
        long value = Long.parseLong(micros);
        return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
    }

    private static ValidationFailed invalid() {
        return ValidationFailed.of("cursor", "The cursor is not a valid cursor for this sort.");
    }
}
