package org.mintpost.gateway.routes;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mintpost.gateway.service.SendRefusedException;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;

/**
 * Keeps a project's settings ({@code delivery_mode}, redaction) from arriving after its messages. token-service answers
 * a project create or update only once Kafka holds the project's routes, so:
 * <ul>
 * <li>a send for a project the edge has no route of waits until it has read {@code route-changes} up to the end
 * (a brand-new sandbox project's first message is never taken for live); if that does not happen in time the
 * message is refused as temporarily unavailable rather than sent live;</li>
 * <li>a project create or update forwarded through this edge is answered only after the edge has read those routes
 * (a project switched to sandbox and sent to at once through this edge is sandbox).</li>
 * </ul>
 */
@ApplicationScoped
public class ProjectSettingsFence {

    static final Duration WAIT = Duration.ofSeconds(3);

    static final int MAX_SETTLED = 100_000;

    private final RouteMap routes;
    /** The route-changes reader's {@link RouteChangesReader#sync()}. */
    private final Supplier<CompletableFuture<Void>> sync;
    /** Projects found without routes after a catch-up: their settings cannot be pending (they ride on routes). */
    private final Set<String> settledWithoutRoutes = ConcurrentHashMap.newKeySet();

    @Inject
    public ProjectSettingsFence(RouteMap routes, RouteChangesReader reader) {
        this(routes, reader::sync);
    }

    ProjectSettingsFence(RouteMap routes, Supplier<CompletableFuture<Void>> sync) {
        this.routes = routes;
        this.sync = sync;
    }

    /** Completes when the project's routes are known (or it has none on the topic); else fails as unavailable. */
    public Uni<Void> settled(String projectId) {
        if (projectId == null || routes.knows(projectId) || settledWithoutRoutes.contains(projectId)) {
            return Uni.createFrom().voidItem();
        }
        return caughtUp().invoke(() -> {
            if (!routes.knows(projectId)) {
                if (settledWithoutRoutes.size() >= MAX_SETTLED) {
                    settledWithoutRoutes.clear();
                }
                settledWithoutRoutes.add(projectId);
            }
        }).onFailure().transform(e -> SendRefusedException.unavailable(
                "The project's settings are not known here yet; retry in a moment."));
    }

    /** Whether a forwarded call's answer waits for the route changes: a successful write of a project. */
    static boolean fences(HttpMethod method, String path, int status) {
        return status >= 200 && status < 300 && method != HttpMethod.GET && method != HttpMethod.HEAD
                && (path.equals("/v1/projects") || path.matches("^/v1/projects/[^/]+/?$"));
    }

    /**
     * Runs {@code relay} at once, or, for a successful project write, once this edge has read the routes it published
     * (at most {@link #WAIT}; the upstream answer is held paused meanwhile).
     */
    public void relayAfter(HttpMethod method, String path, HttpClientResponse upstream, Runnable relay) {
        if (!fences(method, path, upstream.statusCode())) {
            relay.run();
            return;
        }
        upstream.pause();
        Context context = Vertx.currentContext();
        sync.get().orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
            if (context == null) {
                relay.run();
            } else {
                context.runOnContext(v -> relay.run());
            }
        });
    }

    /**
     * Completes, on the caller's Vert.x context when it has one, once memory holds every route change on the topic
     * now; fails after {@link #WAIT}.
     */
    public Uni<Void> caughtUp() {
        Context context = Vertx.currentContext();
        Uni<Void> synced = Uni.createFrom().completionStage(
                () -> sync.get().orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        return context == null ? synced : synced.emitOn(task -> context.runOnContext(v -> task.run()));
    }
}
