package org.mintpost.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.mintpost.gateway.repository.RedisCalls;
import org.mintpost.gateway.repository.RedisWarmUp;

/**
 * Reports the Redis circuit breaker ({@code closed}, {@code open}, {@code half_open}) without ever making the
 * edge unready: without Redis it still accepts mail (rate limits local, sends with an Idempotency-Key refused).
 * Only at start it waits for {@link RedisWarmUp} (bounded by its timeout).
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

    private final RedisCalls redis;
    private final RedisWarmUp warmUp;

    public RedisReadiness(RedisCalls redis, RedisWarmUp warmUp) {
        this.redis = redis;
        this.warmUp = warmUp;
    }

    @Override
    public HealthCheckResponse call() {
        String state = redis.state();
        return HealthCheckResponse.named("redis")
                .status(warmUp.done())
                .withData("warming_up", !warmUp.done())
                .withData("breaker", state)
                .withData("degraded", !"closed".equals(state))
                .build();
    }
}
