package org.mintpost.token.deadline;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.mintpost.contracts.api.DatabaseUnavailable;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;

/**
 * Every API request is answered within {@code mintpost.db.request-deadline}: one that has not started its answer by
 * then (a hung database: its queries are also bounded server side by {@code statement_timeout}, and a pool that
 * gives no connection fails at its acquisition timeout) gets {@code 503} + {@code Retry-After} and the public error
 * body, instead of hanging the client and the edge. Health and metrics ({@code /q/}) are left alone.
 */
@ApplicationScoped
public class RequestDeadline {

    private final Duration deadline;
    private final Counter missed;

    public RequestDeadline(DeadlineConfig config, MeterRegistry registry) {
        this.deadline = config.requestDeadline();
        this.missed = registry.counter("http.request.deadline.missed");
    }

    void install(@Observes Router router) {
        String body = Json.encode(DatabaseUnavailable.body());
        router.route().order(-1000).handler(ctx -> {
            if (ctx.request().path().startsWith("/q/")) {
                ctx.next();
                return;
            }
            long timer = ctx.vertx().setTimer(deadline.toMillis(), id -> {
                if (!ctx.response().ended() && !ctx.response().headWritten() && !ctx.response().closed()) {
                    missed.increment();
                    Log.warnf("%s %s not answered within %d ms: 503", ctx.request().method(), ctx.request().path(),
                            deadline.toMillis());
                    ctx.response().setStatusCode(503)
                            .putHeader("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS))
                            .putHeader("Content-Type", "application/json").end(body);
                }
            });
            ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
            ctx.next();
        });
    }
}
