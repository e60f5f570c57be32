package org.mintpost.gateway.service;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.resilience.CallBreaker;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.repository.RateLimitStore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Per-token and per-project message rates (a batch counts each message), held in Redis so they hold
 * over every gateway. If Redis cannot answer (down, hung past its deadline, or its circuit breaker open), each
 * gateway enforces its share of the limits on its own ({@link LocalRateLimits}): never unlimited. The switch is
 * logged once each way, counted in {@code mintpost_gateway_ratelimit_unavailable_total} and
 * {@code mintpost_gateway_ratelimit_local_total}, and shown by {@code mintpost_gateway_ratelimit_degraded} (1 while local).
 */
@ApplicationScoped
public class RateLimiter {

    /** The verdict with what the {@code X-RateLimit-*} headers need. */
    public record Decision(boolean allowed, int limit, long remaining, long retryAfterSeconds) {
    }

    private final GatewayConfig.RateLimit config;
    private final RateLimitStore store;
    private final LocalRateLimits local;
    private final Counter unavailable;
    private final Counter localDecisions;
    private final AtomicBoolean degraded = new AtomicBoolean();

    public RateLimiter(GatewayConfig config, RateLimitStore store, MeterRegistry registry) {
        this.config = config.rateLimit();
        this.store = store;
        this.local = new LocalRateLimits(this.config.perTokenPerSecond(), this.config.perProjectPerSecond(),
                this.config.gateways());
        this.unavailable = registry.counter("mintpost.gateway.ratelimit.unavailable");
        this.localDecisions = registry.counter("mintpost.gateway.ratelimit.local");
        Gauge.builder("mintpost.gateway.ratelimit.degraded", degraded, d -> d.get() ? 1 : 0)
                .description("1 while rate limits are enforced per gateway because Redis cannot answer")
                .register(registry);
    }

    public boolean enabled() {
        return config.enabled();
    }

    public Uni<Decision> check(Grant grant, int messages) {
        if (!config.enabled()) {
            return Uni.createFrom().item(new Decision(true, 0, 0, 0));
        }
        long window = System.currentTimeMillis() / 1000;
        int weight = Math.max(1, messages);
        String projectKey = grant.projectId() == null ? "team-" + grant.teamId() : grant.projectId();
        return store.count(grant.tokenId(), projectKey, window, weight)
                .map(counts -> {
                    if (degraded.compareAndSet(true, false)) {
                        Log.info("rate limits are shared through Redis again");
                    }
                    return decide(counts.token(), counts.project(), config.perTokenPerSecond(),
                            config.perProjectPerSecond());
                })
                .onFailure().recoverWithItem(e -> {
                    unavailable.increment();
                    localDecisions.increment();
                    if (degraded.compareAndSet(false, true)) {
                        Log.warnf("rate limit store unavailable (%s): each gateway now enforces its share, %d/s per "
                                + "token and %d/s per project, until Redis answers", reason(e), local.tokenShare(),
                                local.projectShare());
                    }
                    LocalRateLimits.Counts counts = local.count(grant.tokenId(), projectKey, window, weight);
                    return decide(counts.token(), counts.project(), counts.tokenLimit(), counts.projectLimit());
                });
    }

    private static Decision decide(long tokenCount, long projectCount, int tokenLimit, int projectLimit) {
        long tokenLeft = tokenLimit - tokenCount;
        long projectLeft = projectLimit - projectCount;
        int limit = tokenLeft <= projectLeft ? tokenLimit : projectLimit;
        long remaining = Math.max(0, Math.min(tokenLeft, projectLeft));
        return new Decision(tokenLeft >= 0 && projectLeft >= 0, limit, remaining, 1);
    }

    private static String reason(Throwable e) {
        return e instanceof CallBreaker.OpenException ? "its circuit breaker is open" : e.toString();
    }
}
