package org.mintpost.gateway.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Fixed one-second windows in Redis, shared by every gateway: one round trip counts a request
 * against both its token's and its project's window, with the deadline and circuit breaker of {@link RedisCalls}.
 */
@ApplicationScoped
public class RateLimitStore {

    private static final String SCRIPT = """
            local t = redis.call('INCRBY', KEYS[1], ARGV[1])
            if t == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], 2000) end
            local p = redis.call('INCRBY', KEYS[2], ARGV[1])
            if p == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[2], 2000) end
            return {t, p}
            """;

    /** Counts in the current window after this request. */
    public record Counts(long token, long project) {
    }

    private final RedisCalls redis;

    public RateLimitStore(RedisCalls redis) {
        this.redis = redis;
    }

    public Uni<Counts> count(String tokenId, String projectId, long window, int weight) {
        String tokenKey = "mintpost:rl:t:" + tokenId + ":" + window;
        String projectKey = "mintpost:rl:p:" + projectId + ":" + window;
        return redis.execute("EVAL", SCRIPT, "2", tokenKey, projectKey, String.valueOf(weight))
                .map(RateLimitStore::counts);
    }

    private static Counts counts(Response response) {
        return new Counts(response.get(0).toLong(), response.get(1).toLong());
    }
}
