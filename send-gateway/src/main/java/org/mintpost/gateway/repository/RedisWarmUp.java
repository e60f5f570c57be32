package org.mintpost.gateway.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.mintpost.gateway.config.GatewayConfig;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Fills the Redis connection pool when the edge starts: {@code mintpost.redis.warm-up-connections} PINGs at once,
 * outside the circuit breaker and bounded by {@code mintpost.redis.warm-up-timeout}. Without it the first burst of
 * requests opened every connection itself, the connects missed the 250 ms deadline and the breaker opened on a
 * healthy Redis. The edge reports ready once this is done (RedisReadiness); a Redis that is down or hung at start
 * only delays readiness by the timeout.
 */
@ApplicationScoped
public class RedisWarmUp {

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;
    private volatile boolean done;

    public RedisWarmUp(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.config = config;
    }

    void onStart(@Observes StartupEvent start) {
        int connections = config.redis().warmUpConnections();
        if (connections <= 0) {
            done = true;
            return;
        }
        long began = System.nanoTime();
        List<Uni<Boolean>> pings = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            pings.add(redis.execute("PING").map(r -> true).onFailure().recoverWithItem(false));
        }
        Uni.join().all(pings).andCollectFailures()
                .ifNoItem().after(config.redis().warmUpTimeout()).recoverWithItem(List.of())
                .subscribe().with(answered -> {
                    long ok = answered.stream().filter(Boolean::booleanValue).count();
                    Log.infof("Redis pool warmed up: %d of %d connections answered PING in %d ms", ok, connections,
                            (System.nanoTime() - began) / 1_000_000);
                    done = true;
                }, failure -> done = true);
    }

    /** Whether the start-up warm-up is over (whatever it found). */
    public boolean done() {
        return done;
    }
}
