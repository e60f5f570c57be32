package org.mintpost.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.repository.RateLimitStore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Per-token and per-project message rates (a batch counts each message), held in Redis so they hold
 * over every gateway. If Redis cannot answer, sending goes on (fail open) and a metric counts it.
 */
@ApplicationScoped
public class RateLimiter {

    /** The verdict with what the {@code X-RateLimit-*} headers need. */
    public record Decision(boolean allowed, int limit, long remaining, long retryAfterSeconds) {
    }

    private final GatewayConfig.RateLimit config;
    private final RateLimitStore store;
    private final Counter unavailable;

    public RateLimiter(GatewayConfig config, RateLimitStore store, MeterRegistry registry) {
        this.config = config.rateLimit();
        this.store = store;
        this.unavailable = registry.counter("mintpost.gateway.ratelimit.unavailable");
    }

    public boolean enabled() {
        return config.enabled();
    }

    public Uni<Decision> check(Grant grant, int messages) {
        if (!config.enabled()) {
            return Uni.createFrom().item(new Decision(true, 0, 0, 0));
        }
        long nowMs = System.currentTimeMillis();
        long window = nowMs / 1000;
        long retryAfter = 1;
        int tokenLimit = config.perTokenPerSecond();
        int projectLimit = config.perProjectPerSecond();
        return store.count(grant.tokenId(), grant.projectId() == null ? "team-" + grant.teamId() : grant.projectId(),
                window, Math.max(1, messages))
                .map(counts -> {
                    long tokenLeft = tokenLimit - counts.token();
                    long projectLeft = projectLimit - counts.project();
                    boolean tokenBinds = tokenLeft <= projectLeft;
                    int limit = tokenBinds ? tokenLimit : projectLimit;
                    long remaining = Math.max(0, Math.min(tokenLeft, projectLeft));
                    boolean allowed = tokenLeft >= 0 && projectLeft >= 0;
                    return new Decision(allowed, limit, remaining, retryAfter);
                })
                .onFailure().recoverWithItem(e -> {
                    unavailable.increment();
                    Log.warnf("rate limit store unavailable, letting the request through: %s", e.toString());
                    return new Decision(true, 0, 0, 0);
                });
    }
}
