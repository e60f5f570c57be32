package org.mintpost.token.routes;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.RouteChanged;
import org.mintpost.token.repository.ProjectRepository;
import org.mintpost.token.service.Caller;
import org.mintpost.token.service.ChangePublisher;
import org.mintpost.token.service.Clock;
import org.mintpost.token.service.Errors;
import org.mintpost.token.service.NotFound;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A project's routes (the official SDK's {@code projects.routes/createRoute} and {@code routes} surface). A route
 * of another team is not found. Every change is published on {@code route-changes} before the call returns.
 */
@ApplicationScoped
public class RouteService {

    private final RouteRepository routes;
    private final ProjectRepository projects;
    private final RouteEvents events;
    private final ChangePublisher publisher;

    public RouteService(RouteRepository routes, ProjectRepository projects, RouteEvents events,
            ChangePublisher publisher) {
        this.routes = routes;
        this.projects = projects;
        this.events = events;
        this.publisher = publisher;
    }

    /** The project's live routes, oldest first (404 for a project the caller cannot see). */
    public Uni<List<Route>> list(Caller caller, UUID projectId) {
        return Panache.withSession(() -> projects.findVisible(caller.teamId(), projectId)
                .onItem().ifNull().failWith(() -> new NotFound("Project"))
                .chain(project -> routes.ofProject(project.id)));
    }

    public Uni<Route> create(Caller caller, UUID projectId, RouteInputs.NewRoute input) {
        Errors errors = new Errors();
        String name = RouteRules.name(errors, input.name(), true);
        String type = RouteRules.type(errors, input.routeType());
        String slug = RouteRules.slug(errors, input.slug());
        errors.throwIfAny();
        Instant now = Clock.now();
        return Panache.withTransaction(() -> projects.findVisibleForUpdate(caller.teamId(), projectId)
                .onItem().ifNull().failWith(() -> new NotFound("Project"))
                .chain(project -> routes.ofProject(project.id).chain(existing -> {
                    if (existing.size() >= RouteRules.MAX_ROUTES) {
                        errors.add("route", "A project has at most " + RouteRules.MAX_ROUTES + " routes.");
                    }
                    Set<String> taken = slugs(existing);
                    if (slug != null && taken.contains(slug)) {
                        errors.add("slug", "The slug has already been taken in this project.");
                    }
                    errors.throwIfAny();
                    Route route = newRoute(project.teamId, project.id, name,
                            slug != null ? slug : free(RouteRules.slugOf(name), taken), type, existing.isEmpty(), now);
                    return persist(route, caller.actor(), now);
                })))
                .call(publisher::publishCommitted);
    }

    public Uni<Route> get(Caller caller, UUID routeId) {
        return Panache.withSession(() -> routes.findVisible(caller.teamId(), routeId)
                .onItem().ifNull().failWith(() -> new NotFound("Route")));
    }

    public Uni<Route> update(Caller caller, UUID routeId, RouteInputs.Changes changes) {
        Errors errors = new Errors();
        String name = RouteRules.name(errors, changes.name(), false);
        RouteInputs.Settings s = changes.settings();
        if (s != null) {
            RouteRules.tls(errors, s.tls());
        }
        errors.throwIfAny();
        Instant now = Clock.now();
        return Panache.withTransaction(() -> lock(caller, routeId).chain(route -> {
            if (changes.inboundSettings()) {
                errors.add("inbound_settings", Route.INBOUND.equals(route.routeType)
                        ? "Inbound mail is not supported here: inbound settings cannot be set."
                        : "Inbound settings apply only to inbound routes.");
                errors.throwIfAny();
            }
            if (name != null) {
                route.name = name;
            }
            if (s != null) {
                apply(route, s);
            }
            return events.record(route, RouteChanged.CHANGE_UPDATED, caller.actor(), now).replaceWith(route);
        })).call(publisher::publishCommitted);
    }

    /** Deletes a route; the project's default route cannot be deleted (422 {@code errors.route}). */
    public Uni<Void> delete(Caller caller, UUID routeId) {
        Instant now = Clock.now();
        return Panache.withTransaction(() -> lock(caller, routeId).chain(route -> {
            if (route.isDefault) {
                new Errors().add("route", "The default route of a project cannot be deleted. Make another route "
                        + "the project's default first (default_route_id), then delete this one.").throwIfAny();
            }
            route.deletedAt = now;
            return events.record(route, RouteChanged.CHANGE_DELETED, caller.actor(), now);
        })).call(publisher::publishCommitted);
    }

    /** Inbound mail is out of scope: a visible route gets a clear 422, another team's a 404. */
    public Uni<Route> verifyInboundDomain(Caller caller, UUID routeId) {
        return get(caller, routeId);
    }

    Uni<Route> lock(Caller caller, UUID routeId) {
        return routes.findVisibleForUpdate(caller.teamId(), routeId)
                .onItem().ifNull().failWith(() -> new NotFound("Route"));
    }

    Uni<Route> persist(Route route, String actor, Instant now) {
        return routes.persist(route).chain(() -> events.record(route, RouteChanged.CHANGE_CREATED, actor, now))
                .replaceWith(route);
    }

    static Route newRoute(UUID teamId, UUID projectId, String name, String slug, String type, boolean isDefault,
            Instant now) {
        Route r = new Route();
        r.id = UUID.randomUUID();
        r.teamId = teamId;
        r.projectId = projectId;
        r.name = name;
        r.slug = slug;
        r.routeType = type;
        r.isDefault = isDefault;
        r.createdAt = now;
        r.updatedAt = now;
        return r;
    }

    private static void apply(Route route, RouteInputs.Settings s) {
        route.trackOpens = s.trackOpens() != null ? s.trackOpens() : route.trackOpens;
        route.trackClicks = s.trackClicks() != null ? s.trackClicks() : route.trackClicks;
        route.generatePlaintextFallback = s.generatePlaintextFallback() != null ? s.generatePlaintextFallback()
                : route.generatePlaintextFallback;
        route.suppressAutoResponders = s.suppressAutoResponders() != null ? s.suppressAutoResponders()
                : route.suppressAutoResponders;
        route.suppressDisposableRecipients = s.suppressDisposableRecipients() != null
                ? s.suppressDisposableRecipients() : route.suppressDisposableRecipients;
        route.tls = s.tls() != null ? s.tls() : route.tls;
        route.disableHostedUnsubscribe = s.disableHostedUnsubscribe() != null ? s.disableHostedUnsubscribe()
                : route.disableHostedUnsubscribe;
        route.redactEmailContent = s.redactEmailContent() != null ? s.redactEmailContent() : route.redactEmailContent;
    }

    private static Set<String> slugs(List<Route> routes) {
        Set<String> taken = new HashSet<>();
        routes.forEach(r -> taken.add(r.slug));
        return taken;
    }

    /** {@code base}, or {@code base-2}, {@code base-3}, … whichever is free. */
    private static String free(String base, Set<String> taken) {
        String slug = base;
        for (int n = 2; taken.contains(slug); n++) {
            slug = base + "-" + n;
        }
        return slug;
    }
}
