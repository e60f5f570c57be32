package org.mintpost.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.mintpost.gateway.repository.RedisCalls;

/**
 * Reports the Redis circuit breaker ({@code closed}, {@code open}, {@code half_open}) without ever making the
 * edge unready: without Redis it still accepts mail (rate limits local, sends with an Idempotency-Key refused).
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

    private final RedisCalls redis;

    public RedisReadiness(RedisCalls redis) {
        this.redis = redis;
    }

    @Override
    public HealthCheckResponse call() {
        String state = redis.state();
        return HealthCheckResponse.named("redis")
                .up()
                .withData("breaker", state)
                .withData("degraded", !"closed".equals(state))
                .build();
    }
}
