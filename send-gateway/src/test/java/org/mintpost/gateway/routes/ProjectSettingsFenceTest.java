package org.mintpost.gateway.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.RouteChanged;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.gateway.service.SendRefusedException;

import io.vertx.core.http.HttpMethod;

/**
 * The fence on its own, with a reader that applies a sandbox project's route only when asked to catch up (what a
 * reader a moment behind the broker does): a message of the project is then sandbox, where without the fence it is
 * live; a reader that cannot catch up refuses instead of sending live; a project without routes is asked about once.
 */
class ProjectSettingsFenceTest {

    private final RouteMap routes = new RouteMap();
    private final RouteModes modes = new RouteModes(routes);

    private static RouteChanged sandboxRoute(String projectId) {
        return new RouteChanged(UUID.randomUUID().toString(), Instant.now(), RouteChanged.SCHEMA_VERSION,
                RouteChanged.CHANGE_CREATED, UUID.randomUUID().toString(), "team-1", projectId, "outgoing",
                "outgoing", RouteChanged.TYPE_TRANSACTIONAL, true, null, RouteChanged.STATUS_ACTIVE, 1, "test",
                new RouteChanged.ProjectSettings(SendJob.SANDBOX, false));
    }

    @Test
    void anUnknownProjectsMessageWaitsForItsRoutesAndIsSandbox() {
        RouteChanged pending = sandboxRoute("p1");
        ProjectSettingsFence fence = new ProjectSettingsFence(routes, () -> CompletableFuture.runAsync(
                () -> routes.accept(pending.routeId(), pending),
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)));
        assertEquals(SendJob.LIVE, modes.of("p1", null, null).deliveryMode(), "what an unfenced send would get");

        fence.settled("p1").await().atMost(Duration.ofSeconds(5));
        assertEquals(SendJob.SANDBOX, modes.of("p1", null, null).deliveryMode());
    }

    @Test
    void aReaderThatCannotCatchUpRefusesRatherThanSendLive() {
        ProjectSettingsFence fence = new ProjectSettingsFence(routes, CompletableFuture::new);
        SendRefusedException e = assertThrows(SendRefusedException.class,
                () -> fence.settled("p2").await().atMost(Duration.ofSeconds(10)));
        assertEquals(SendRefusedException.Kind.UNAVAILABLE, e.kind());
    }

    @Test
    void aKnownProjectOrOneWithoutRoutesIsNotAskedAgain() {
        AtomicInteger syncs = new AtomicInteger();
        ProjectSettingsFence fence = new ProjectSettingsFence(routes, () -> {
            syncs.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
        fence.settled("routeless").await().atMost(Duration.ofSeconds(5));
        fence.settled("routeless").await().atMost(Duration.ofSeconds(5));
        RouteChanged known = sandboxRoute("known");
        routes.accept(known.routeId(), known);
        fence.settled("known").await().atMost(Duration.ofSeconds(5));
        assertEquals(1, syncs.get());
    }

    @Test
    void onlySuccessfulProjectWritesHoldTheirAnswer() {
        assertTrue(ProjectSettingsFence.fences(HttpMethod.POST, "/v1/projects", 201));
        assertTrue(ProjectSettingsFence.fences(HttpMethod.PUT, "/v1/projects/abc", 200));
        assertFalse(ProjectSettingsFence.fences(HttpMethod.PUT, "/v1/projects/abc", 422));
        assertFalse(ProjectSettingsFence.fences(HttpMethod.GET, "/v1/projects/abc", 200));
        assertFalse(ProjectSettingsFence.fences(HttpMethod.POST, "/v1/projects/abc/rotate-token", 200));
        assertFalse(ProjectSettingsFence.fences(HttpMethod.PUT, "/v1/routes/abc", 200));
    }
}
