package org.mintpost.token.domains;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.mintpost.token.service.Errors;
import org.mintpost.token.service.Keyset;

import io.quarkus.panache.common.Parameters;

/**
 * One page request of {@code GET /v1/domains}: the filters ({@code filter[project]}, {@code filter[status]},
 * {@code filter[domain]}), the sort ({@code domain}, {@code created_at}, {@code status_changed_at}, each
 * optionally {@code -}descending; default {@code -created_at}) and an opaque keyset cursor of the sort value
 * and the id, so pages stay stable while domains are added.
 */
record DomainQuery(UUID teamId, UUID project, String status, String search, Keyset keyset) {

    static final String DEFAULT_SORT = "-created_at";
    private static final Map<String, String> FIELDS = Map.of("domain", "domain", "created_at", "createdAt",
            "status_changed_at", "statusChangedAt");
    private static final List<String> STATUSES = List.of(Domain.VERIFIED, Domain.PARTIALLY_VERIFIED, Domain.PENDING,
            Domain.FAILED);

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
        String field = FIELDS.get(order.startsWith("-") ? order.substring(1) : order);
        return new DomainQuery(teamId, projectId, status == null || status.isBlank() ? null : status,
                search == null || search.isBlank() ? null : search.strip().toLowerCase(),
                Keyset.of(order, field, !"domain".equals(field), cursor));
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
        return q.append(keyset.condition()).toString();
    }

    String orderBy() {
        return keyset.orderBy();
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
        return keyset.bind(p);
    }

    /** A domain's value in the cursor of this sort. */
    String sortValue(Domain d) {
        return switch (keyset.field()) {
            case "domain" -> d.domain;
            case "createdAt" -> Keyset.cursorValue(d.createdAt);
            default -> Keyset.cursorValue(d.statusChangedAt);
        };
    }
}
