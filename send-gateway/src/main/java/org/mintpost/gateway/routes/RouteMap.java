package org.mintpost.gateway.routes;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.RouteChanged;

/**
 * The projects' routes as the edge knows them from {@code route-changes}: per project, slug → route, and which
 * route is the default. The highest revision per route wins; a deleted route is gone.
 */
@ApplicationScoped
public class RouteMap {

    /** One route as a send needs it; {@code sandbox} and {@code redacted} as {@link RouteChanged} says. */
    public record Route(String routeId, String projectId, String slug, String routeType, boolean isDefault,
            boolean live, long revision, RouteChanged.Settings settings, boolean sandbox, boolean redacted) {
    }

    private final Map<String, Route> byId = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Route>> byProject = new ConcurrentHashMap<>();

    /** Applies one route state; older revisions than the one held are ignored. */
    public synchronized void apply(RouteChanged change) {
        if (change == null || change.routeId() == null || change.projectId() == null || change.slug() == null) {
            return;
        }
        Route current = byId.get(change.routeId());
        if (current != null && current.revision() >= change.revision()) {
            return;
        }
        unlink(current);
        Route next = new Route(change.routeId(), change.projectId(), change.slug().toLowerCase(Locale.ROOT),
                change.routeType(), change.isDefault(), !RouteChanged.STATUS_DELETED.equals(change.status()),
                change.revision(), change.settings(), change.sandbox(), change.redacted());
        byId.put(next.routeId(), next);
        if (next.live()) {
            byProject.computeIfAbsent(next.projectId(), p -> new ConcurrentHashMap<>()).put(next.slug(), next);
        }
    }

    /** One record of {@code route-changes}: a state, or a tombstone (null). */
    public void accept(String routeId, RouteChanged change) {
        if (change == null) {
            remove(routeId);
        } else {
            apply(change);
        }
    }

    public synchronized void remove(String routeId) {
        unlink(byId.remove(routeId));
    }

    private void unlink(Route route) {
        if (route == null) {
            return;
        }
        Map<String, Route> routes = byProject.get(route.projectId());
        if (routes != null) {
            routes.remove(route.slug(), route);
            if (routes.isEmpty()) {
                byProject.remove(route.projectId(), routes);
            }
        }
    }

    /** The project's live route of that slug (any case), or null. */
    public Route find(String projectId, String slug) {
        Map<String, Route> routes = byProject.get(projectId);
        return routes == null ? null : routes.get(slug.toLowerCase(Locale.ROOT));
    }

    /** The project's default route, or null when none is known. */
    public Route defaultOf(String projectId) {
        Map<String, Route> routes = byProject.get(projectId);
        if (routes == null) {
            return null;
        }
        return routes.values().stream().filter(Route::isDefault).findFirst().orElse(null);
    }

    /** Whether any live route of the project is known. */
    public boolean knows(String projectId) {
        Map<String, Route> routes = byProject.get(projectId);
        return routes != null && !routes.isEmpty();
    }

    /** The route of that id (live or deleted), or null. */
    public Route byId(String routeId) {
        return routeId == null ? null : byId.get(routeId);
    }

    public int size() {
        return byId.size();
    }
}
