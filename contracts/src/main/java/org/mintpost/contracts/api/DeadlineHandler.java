package org.mintpost.contracts.api;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Handler;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * A Vert.x route handler that answers every API request within a deadline: one that has not started its answer by
 * then (a hung database: its queries are also bounded server side by {@code statement_timeout}, and a pool that
 * gives no connection fails at its acquisition timeout) gets {@code 503} + {@code Retry-After} and the
 * {@link DatabaseUnavailable} body, instead of hanging the client and the edge. Health and metrics ({@code /q/}) are
 * left alone. Each service installs it first on its router ({@code RequestDeadline}).
 */
public final class DeadlineHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineHandler.class);
    private static final String BODY = Json.encode(DatabaseUnavailable.body());

    private final long deadlineMillis;
    private final Runnable onMissed;

    /** {@code onMissed} runs once for each request answered 503 (a counter, typically). */
    public DeadlineHandler(Duration deadline, Runnable onMissed) {
        this.deadlineMillis = deadline.toMillis();
        this.onMissed = onMissed;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.request().path().startsWith("/q/")) {
            ctx.next();
            return;
        }
        long timer = ctx.vertx().setTimer(deadlineMillis, id -> {
            if (!ctx.response().ended() && !ctx.response().headWritten() && !ctx.response().closed()) {
                onMissed.run();
                LOG.warn("{} {} not answered within {} ms: 503", ctx.request().method(), ctx.request().path(),
                        deadlineMillis);
                ctx.response().setStatusCode(503)
                        .putHeader("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS))
                        .putHeader("Content-Type", "application/json").end(BODY);
            }
        });
        ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
        ctx.next();
    }
}
