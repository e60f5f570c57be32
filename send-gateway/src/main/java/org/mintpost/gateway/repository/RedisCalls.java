package org.mintpost.gateway.repository;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.resilience.CallBreaker;
import org.mintpost.gateway.config.GatewayConfig;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;

/**
 * Every Redis call of the edge (idempotency claims and completions, rate-limit counts) goes through here: each
 * bounded by {@code mintpost.redis.timeout}, all behind one circuit breaker. After a few calls in a row miss their
 * deadline or fail (a hung Redis: a long fork, a paused VM, a partition; or one that is down) Redis is treated as
 * down at once and for {@code mintpost.redis.breaker-delay}, so a hung Redis costs one deadline, not one per
 * request; a half-open probe closes the breaker again once Redis answers. Callers treat any failure, an open
 * breaker included, as "Redis is down". The state is the readiness detail {@code redis} and the metric
 * {@code mintpost_gateway_redis_breaker}.
 *
 * <p>On the send path, so nothing here hands the call to another thread: the deadline is a Vert.x timer of the
 * caller's own event loop (never cancelled: it finds the call answered and does nothing), the breaker a plain
 * {@link CallBreaker}, and the reply goes on where the Redis client delivers it (the caller's context).
 */
@ApplicationScoped
public class RedisCalls {

    /** The breaker's name, in the log, the metric and the readiness detail. */
    public static final String BREAKER = "edge-redis";

    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final long timeoutMillis;
    private final CallBreaker breaker;

    public RedisCalls(ReactiveRedisDataSource redis, Vertx vertx, GatewayConfig config, MeterRegistry registry) {
        this.redis = redis;
        this.vertx = vertx;
        this.timeoutMillis = Math.max(1, config.redis().timeout().toMillis());
        this.breaker = new CallBreaker(4, 3, config.redis().breakerDelay(), RedisCalls::said);
        for (CallBreaker.State each : CallBreaker.State.values()) {
            Gauge.builder("mintpost.gateway.redis.breaker", breaker, b -> b.state() == each ? 1 : 0)
                    .tag("state", each.label()).description("the Redis circuit breaker's state (1 = current)")
                    .register(registry);
        }
    }

    /** One command; fails at its deadline, and at once while the breaker is open. */
    public Uni<Response> execute(String command, String... args) {
        return Uni.createFrom().emitter(emitter -> {
            if (!breaker.tryAcquire()) {
                emitter.fail(new CallBreaker.OpenException(BREAKER));
                return;
            }
            AtomicBoolean answered = new AtomicBoolean();
            emitter.onTermination(() -> {
                if (answered.compareAndSet(false, true)) {
                    breaker.abandoned(); // cancelled by the caller before Redis answered
                }
            });
            vertx.setTimer(timeoutMillis, id -> {
                if (answered.compareAndSet(false, true)) {
                    breaker.failed();
                    emitter.fail(new TimeoutException());
                }
            });
            redis.execute(command, args).subscribe().with(response -> {
                if (answered.compareAndSet(false, true)) {
                    breaker.succeeded();
                    emitter.complete(response);
                }
            }, failure -> {
                if (answered.compareAndSet(false, true)) {
                    breaker.failed();
                    emitter.fail(failure);
                }
            });
        });
    }

    /** {@code closed}, {@code open} or {@code half_open}. */
    public String state() {
        return breaker.state().label();
    }

    private static void said(CallBreaker.State state) {
        if (state == CallBreaker.State.CLOSED) {
            Log.info("Redis answers again: circuit breaker closed; shared rate limits and idempotency keys are back");
        } else if (state == CallBreaker.State.HALF_OPEN) {
            Log.debug("Redis circuit breaker half-open: probing");
        } else {
            Log.warn("Redis missed its deadlines or failed: circuit breaker open; rate limits are local to this "
                    + "gateway, sends with an Idempotency-Key get 503");
        }
    }
}
