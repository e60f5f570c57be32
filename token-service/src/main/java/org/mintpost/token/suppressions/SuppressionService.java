package org.mintpost.token.suppressions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.SuppressionChanged;
import org.mintpost.token.repository.ProjectRepository;
import org.mintpost.token.routes.RouteRepository;
import org.mintpost.token.service.ChangePublisher;
import org.mintpost.token.service.Clock;
import org.mintpost.token.service.Errors;
import org.mintpost.token.service.Keyset;
import org.mintpost.token.service.NotFound;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A team's suppression list (the official SDK's {@code suppressions} surface, and the entries delivery outcomes
 * add): list, add up to {@value #MAX_ENTRIES} entries at once (an equal live entry is skipped), remove. Every
 * change is published on {@code suppression-changes} before the call returns.
 */
@ApplicationScoped
public class SuppressionService {

    static final int MAX_ENTRIES = 1_000;

    /** What to add: entries as given, and where they apply. */
    public record Request(UUID teamId, List<String> entries, String reason, String scope, String projectId,
            String routeId) {
    }

    /** The message an automatic entry came from. */
    public record Source(String messageId, String subject, Instant at) {
    }

    /** Values added and values skipped (already there), as given. */
    public record Added(List<String> created, List<String> skipped) {
    }

    private final SuppressionRepository suppressions;
    private final ProjectRepository projects;
    private final RouteRepository routes;
    private final SuppressionEvents events;
    private final ChangePublisher publisher;

    public SuppressionService(SuppressionRepository suppressions, ProjectRepository projects, RouteRepository routes,
            SuppressionEvents events, ChangePublisher publisher) {
        this.suppressions = suppressions;
        this.projects = projects;
        this.routes = routes;
        this.events = events;
        this.publisher = publisher;
    }

    public Uni<Added> add(Request request, Source source, String actor) {
        Errors errors = new Errors();
        Map<String, SuppressionValues.Entry> entries = validate(request, errors);
        errors.throwIfAny();
        UUID projectId = request.projectId() == null ? null : UUID.fromString(request.projectId().strip());
        String routeId = request.routeId() == null ? null : request.routeId().strip();
        String scope = request.scope();
        // a team entry names no project or route, a project entry no route
        UUID keptProject = SuppressionChanged.SCOPE_TEAM.equals(scope) ? null : projectId;
        String keptRoute = SuppressionChanged.SCOPE_ROUTE.equals(scope) ? routeId : null;
        Instant now = Clock.now();
        return Panache.withTransaction(() -> checkProject(request.teamId(), keptProject)
                .chain(() -> checkRoute(request.teamId(), keptRoute))
                .chain(() -> suppressions.live(request.teamId(), scope, keptProject, keptRoute,
                        entries.values().stream().map(SuppressionValues.Entry::value).distinct().toList()))
                .chain(existing -> {
                    Set<String> taken = existing.stream().map(s -> s.value).collect(Collectors.toSet());
                    List<String> created = new ArrayList<>();
                    List<String> skipped = new ArrayList<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Map.Entry<String, SuppressionValues.Entry> e : entries.entrySet()) {
                        if (!taken.add(e.getValue().value())) {
                            skipped.add(e.getKey());
                            continue;
                        }
                        created.add(e.getKey());
                        Suppression s = entry(request.teamId(), scope, keptProject, keptRoute, e.getValue(),
                                request.reason(), source, now);
                        chain = chain.chain(() -> suppressions.persist(s))
                                .chain(() -> events.record(s, SuppressionChanged.CHANGE_CREATED, actor, now));
                    }
                    return chain.replaceWith(new Added(List.copyOf(created), List.copyOf(skipped)));
                }))
                .call(publisher::publishCommitted);
    }

    Uni<Void> checkProject(UUID teamId, UUID projectId) {
        if (projectId == null) {
            return Uni.createFrom().voidItem();
        }
        return projects.findVisible(teamId, projectId).onItem().ifNull().failWith(() -> new NotFound("Project"))
                .replaceWithVoid();
    }

    /** A route named by an entry or a filter must be a live route of the team: another team's is not found. */
    Uni<Void> checkRoute(UUID teamId, String routeId) {
        if (routeId == null) {
            return Uni.createFrom().voidItem();
        }
        UUID id;
        try {
            id = UUID.fromString(routeId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new NotFound("Route"));
        }
        return routes.findVisible(teamId, id).onItem().ifNull().failWith(() -> new NotFound("Route"))
                .replaceWithVoid();
    }

    private static Map<String, SuppressionValues.Entry> validate(Request r, Errors errors) {
        if (!SuppressionValues.SCOPES.contains(r.scope() == null ? "" : r.scope())) {
            errors.add("scope", r.scope() == null ? "The scope field is required."
                    : "The selected scope is invalid.");
        }
        if (!SuppressionValues.REASONS.contains(r.reason() == null ? "" : r.reason())) {
            errors.add("reason", r.reason() == null ? "The reason field is required."
                    : "The selected reason is invalid.");
        }
        if (r.projectId() != null) {
            try {
                UUID.fromString(r.projectId().strip());
            } catch (IllegalArgumentException e) {
                errors.add("project_id", "The project_id must be a project id.");
            }
        } else if (SuppressionChanged.SCOPE_PROJECT.equals(r.scope())) {
            errors.add("project_id", "The project_id field is required when scope is project.");
        }
        boolean noRoute = r.routeId() == null || r.routeId().isBlank();
        if (SuppressionChanged.SCOPE_ROUTE.equals(r.scope()) && noRoute) {
            errors.add("route_id", "The route_id field is required when scope is route.");
        } else if (!noRoute && r.routeId().strip().length() > 64) {
            errors.add("route_id", "The route_id must not be greater than 64 characters.");
        }
        List<String> given = r.entries() == null ? Collections.emptyList() : r.entries();
        if (given.isEmpty()) {
            errors.add("emails", "The email or emails field is required.");
        } else if (given.size() > MAX_ENTRIES) {
            errors.add("emails", "The emails field must not have more than " + MAX_ENTRIES + " items.");
        }
        Map<String, SuppressionValues.Entry> out = new LinkedHashMap<>();
        for (int i = 0; i < given.size() && given.size() <= MAX_ENTRIES; i++) {
            SuppressionValues.Entry e = SuppressionValues.parse(given.get(i));
            if (e == null) {
                errors.add("emails." + i, "The emails." + i + " field must be a valid email address, "
                        + "@domain or .extension.");
            } else {
                out.putIfAbsent(given.get(i).strip(), e);
            }
        }
        return out;
    }

    static Suppression entry(UUID team, String scope, UUID project, String route,
            SuppressionValues.Entry e, String reason, Source source, Instant now) {
        Suppression s = new Suppression();
        s.id = UUID.randomUUID();
        s.teamId = team;
        s.scope = scope;
        s.projectId = project;
        s.routeId = route;
        s.type = e.type();
        s.value = e.value();
        s.reason = reason;
        if (source != null) {
            s.sourceMessageId = source.messageId();
            s.sourceSubject = source.subject();
            s.sourceCreatedAt = source.at();
        }
        s.createdAt = now;
        s.updatedAt = now;
        return s;
    }

    public Uni<Keyset.Page<Suppression>> list(SuppressionQuery query, int perPage) {
        return Panache.withSession(() -> checkProject(query.teamId(), (UUID) query.filters().get("projectId"))
                .chain(() -> checkRoute(query.teamId(), (String) query.filters().get("routeId")))
                .chain(() -> suppressions.page(query, perPage + 1)))
                .map(rows -> query.keyset().page(rows, perPage, query::sortValue, s -> s.id));
    }

    /** Removes the entry; published as {@code deleted}. */
    public Uni<Void> remove(UUID teamId, UUID id, String actor) {
        Instant now = Clock.now();
        return Panache.withTransaction(() -> suppressions.findVisibleForUpdate(teamId, id)
                .onItem().ifNull().failWith(() -> new NotFound("Suppression"))
                .chain(s -> {
                    s.deletedAt = now;
                    return events.record(s, SuppressionChanged.CHANGE_DELETED, actor, now);
                }))
                .call(publisher::publishCommitted);
    }
}
