package org.mintpost.webhook.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.RouteChanged;
import org.mintpost.contracts.kafka.RouteChangedDeserializer;
import org.mintpost.contracts.kafka.StateTopicReader;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The routes as token-service publishes them on the compacted {@code route-changes} topic, in memory: which
 * team and project own a route (a webhook belongs to a route), and each project's default route (an event
 * from a publisher that does not name its route goes to the project's default route).
 */
@Singleton // not a client proxy: the reader base class has no no-args constructor
public class RouteDirectory extends StateTopicReader<RouteChanged> {

    /** A live route's owners. */
    public record Route(String id, String teamId, String projectId, boolean isDefault) {
    }

    private final Map<String, RouteChanged> routes = new ConcurrentHashMap<>();
    private final Map<String, String> defaults = new ConcurrentHashMap<>();

    public RouteDirectory(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        super(Topics.ROUTE_CHANGES, new RouteChangedDeserializer(), "webhook-service-routes", bootstrap,
                Duration.ofMillis(500), Duration.ofMillis(100));
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    /** A live route by id, or null. */
    public Route route(String routeId) {
        RouteChanged r = routeId == null ? null : routes.get(routeId);
        if (r == null || RouteChanged.STATUS_DELETED.equals(r.status())) {
            return null;
        }
        return new Route(r.routeId(), r.teamId(), r.projectId(), r.isDefault());
    }

    /**
     * A live route by id, reading up to the topic's current end first when it is not known yet: a route is usable
     * as soon as the call that created it returned (up to {@code wait}).
     */
    public Route routeAfterSync(String routeId, Duration wait) {
        Route known = route(routeId);
        if (known != null || routeId == null) {
            return known;
        }
        try {
            sync().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // not caught up in time: answered from what is known
        }
        return route(routeId);
    }

    /** The route an event goes to: its own, else its project's default route; null when none is known. */
    public String routeOf(String routeId, String projectId) {
        if (routeId != null) {
            return routeId;
        }
        return projectId == null ? null : defaults.get(projectId);
    }

    public int size() {
        return routes.size();
    }

    @Override
    protected void apply(String routeId, RouteChanged change) {
        if (change == null) {
            RouteChanged gone = routes.remove(routeId);
            if (gone != null) {
                defaults.remove(gone.projectId(), routeId);
            }
            return;
        }
        routes.merge(routeId, change, (old, now) -> now.revision() >= old.revision() ? now : old);
        RouteChanged current = routes.get(routeId);
        boolean live = !RouteChanged.STATUS_DELETED.equals(current.status());
        if (live && current.isDefault() && !RouteChanged.TYPE_INBOUND.equals(current.routeType())) {
            defaults.merge(current.projectId(), routeId, (old, now) -> isTransactional(old) ? old : now);
        } else {
            defaults.remove(current.projectId(), routeId);
        }
    }

    private boolean isTransactional(String routeId) {
        RouteChanged r = routes.get(routeId);
        return r != null && RouteChanged.TYPE_TRANSACTIONAL.equals(r.routeType())
                && !RouteChanged.STATUS_DELETED.equals(r.status()) && r.isDefault();
    }

    @Override
    protected String summary() {
        return routes.size() + " routes in memory";
    }
}
