package org.mintpost.gateway.repository;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import org.mintpost.gateway.config.GatewayConfig;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Every Redis call of the edge (idempotency claims and completions, rate-limit counts) goes through here: each
 * bounded by {@code mintpost.redis.timeout}, all behind one circuit breaker. After a few calls in a row miss their
 * deadline or fail (a hung Redis: a long fork, a paused VM, a partition; or one that is down) Redis is treated as
 * down at once and for {@code mintpost.redis.breaker-delay}, so a hung Redis costs one deadline, not one per
 * request; a half-open probe closes the breaker again once Redis answers. Callers treat any failure, an open
 * breaker included, as "Redis is down". The state is the readiness detail {@code redis} and the metric
 * {@code mintpost_gateway_redis_breaker}.
 */
@ApplicationScoped
public class RedisCalls {

    /** The breaker's name, in the log, the metric and the readiness detail. */
    public static final String BREAKER = "edge-redis";

    private static final TypeLiteral<Uni<Response>> RESPONSE = new TypeLiteral<>() {
    };

    private final ReactiveRedisDataSource redis;
    private final CircuitBreakerMaintenance breakers;
    private final Guard guard;

    public RedisCalls(ReactiveRedisDataSource redis, GatewayConfig config, CircuitBreakerMaintenance breakers,
            MeterRegistry registry) {
        this.redis = redis;
        this.breakers = breakers;
        this.guard = Guard.create()
                .withDescription(BREAKER)
                .withTimeout().duration(Math.max(1, config.redis().timeout().toMillis()), ChronoUnit.MILLIS).done()
                .withCircuitBreaker().name(BREAKER)
                .requestVolumeThreshold(4).failureRatio(0.75).successThreshold(1)
                .delay(Math.max(1, config.redis().breakerDelay().toMillis()), ChronoUnit.MILLIS)
                .onStateChange(RedisCalls::said).done()
                .build();
        for (CircuitBreakerState each : CircuitBreakerState.values()) {
            String name = each.name().toLowerCase();
            Gauge.builder("mintpost.gateway.redis.breaker", this, calls -> name.equals(calls.state()) ? 1 : 0)
                    .tag("state", name).description("the Redis circuit breaker's state (1 = current)")
                    .register(registry);
        }
    }

    /** One command; fails at its deadline, and at once while the breaker is open. */
    public Uni<Response> execute(String command, String... args) {
        return guard.get(() -> redis.execute(command, args), RESPONSE);
    }

    /** {@code closed}, {@code open} or {@code half_open}. */
    public String state() {
        return breakers.currentState(BREAKER).name().toLowerCase();
    }

    private static void said(CircuitBreakerState state) {
        if (state == CircuitBreakerState.CLOSED) {
            Log.info("Redis answers again: circuit breaker closed; shared rate limits and idempotency keys are back");
        } else if (state == CircuitBreakerState.HALF_OPEN) {
            Log.debug("Redis circuit breaker half-open: probing");
        } else {
            Log.warn("Redis missed its deadlines or failed: circuit breaker open; rate limits are local to this "
                    + "gateway, sends with an Idempotency-Key get 503");
        }
    }
}
