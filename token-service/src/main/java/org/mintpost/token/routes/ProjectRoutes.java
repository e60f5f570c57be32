package org.mintpost.token.routes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.RouteChanged;
import org.mintpost.token.service.Errors;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * What a project's own life does to its routes, inside the project's transaction: the routes it starts with, a
 * new default, and deletion with the project. The caller publishes after the commit.
 */
@ApplicationScoped
public class ProjectRoutes {

    /** {@code initial_routes} of {@code StoreProjectData}, Lettermint's default first. */
    public static final List<String> INITIAL = List.of("both", Route.TRANSACTIONAL, Route.BROADCAST);

    private final RouteRepository routes;
    private final RouteService service;
    private final RouteEvents events;

    public ProjectRoutes(RouteRepository routes, RouteService service, RouteEvents events) {
        this.routes = routes;
        this.service = service;
        this.events = events;
    }

    /** Validates {@code initial_routes} (null: {@code both}). */
    public static String initial(Errors errors, String value) {
        if (value != null && !INITIAL.contains(value)) {
            errors.add("initial_routes", "The selected initial routes is invalid (both, transactional or broadcast).");
        }
        return value == null ? "both" : value;
    }

    /**
     * A new project's routes: {@code outgoing} (transactional, the default) and/or {@code broadcast}; with only
     * a broadcast route, that one is the default.
     */
    public Uni<List<Route>> createInitial(UUID teamId, UUID projectId, String initial, String actor, Instant now) {
        List<Route> made = new ArrayList<>();
        if (!Route.BROADCAST.equals(initial)) {
            made.add(RouteService.newRoute(teamId, projectId, "Transactional", RouteRules.DEFAULT_SLUG,
                    Route.TRANSACTIONAL, true, now));
        }
        if (!Route.TRANSACTIONAL.equals(initial)) {
            made.add(RouteService.newRoute(teamId, projectId, "Broadcast", RouteRules.BROADCAST_SLUG,
                    Route.BROADCAST, made.isEmpty(), now.plusNanos(1_000)));
        }
        return Multi.createFrom().iterable(made)
                .onItem().transformToUniAndConcatenate(r -> service.persist(r, actor, now))
                .collect().asList();
    }

    /** Makes {@code routeId} the project's default (422 {@code errors.default_route_id} if it cannot be). */
    public Uni<Void> makeDefault(UUID projectId, String routeId, String actor, Instant now) {
        UUID wanted;
        try {
            wanted = UUID.fromString(routeId.strip());
        } catch (IllegalArgumentException e) {
            wanted = null;
        }
        UUID id = wanted;
        return routes.ofProjectForUpdate(projectId).chain(list -> {
            Route chosen = list.stream().filter(r -> r.id.equals(id)).findFirst().orElse(null);
            if (chosen == null || Route.INBOUND.equals(chosen.routeType)) {
                new Errors().add("default_route_id", chosen == null
                        ? "The selected default_route_id is invalid: it is not a route of this project."
                        : "An inbound route cannot be the default route.").throwIfAny();
            }
            if (chosen.isDefault) {
                return Uni.createFrom().voidItem();
            }
            List<Route> changed = new ArrayList<>();
            list.stream().filter(r -> r.isDefault).forEach(r -> {
                r.isDefault = false;
                changed.add(r);
            });
            return routes.flush().chain(() -> {
                chosen.isDefault = true;
                changed.add(chosen);
                return Multi.createFrom().iterable(changed)
                        .onItem().transformToUniAndConcatenate(
                                r -> events.record(r, RouteChanged.CHANGE_UPDATED, actor, now))
                        .collect().asList().replaceWithVoid();
            });
        });
    }

    /** Deletes every route of a deleted project (each published as {@code deleted}). */
    public Uni<Void> deleteAll(UUID projectId, String actor, Instant now) {
        return routes.ofProjectForUpdate(projectId).chain(list -> Multi.createFrom().iterable(list)
                .onItem().transformToUniAndConcatenate(r -> {
                    r.deletedAt = now;
                    return events.record(r, RouteChanged.CHANGE_DELETED, actor, now);
                })
                .collect().asList().replaceWithVoid());
    }

    /** Publishes every live route of the project again: its message settings changed. */
    public Uni<Void> republish(UUID projectId, String actor, Instant now) {
        return routes.ofProjectForUpdate(projectId).chain(list -> Multi.createFrom().iterable(list)
                .filter(r -> r.deletedAt == null)
                .onItem().transformToUniAndConcatenate(r -> events.record(r, RouteChanged.CHANGE_UPDATED, actor, now))
                .collect().asList().replaceWithVoid());
    }

    public Uni<List<Route>> of(UUID projectId) {
        return routes.ofProject(projectId);
    }

    /** Live routes per project among {@code projectIds}. */
    public Uni<Map<UUID, Long>> counts(Collection<UUID> projectIds) {
        return routes.counts(projectIds);
    }
}
