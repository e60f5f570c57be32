package org.mintpost.dispatch.repository;

import java.net.URI;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.mintpost.dispatch.config.DispatchConfig;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * The delivered ledger's Redis: blocking calls on the calling (SMTP) thread, each bounded by
 * {@code mintpost.dispatch.ledger.timeout} (connect, pool wait and every read), behind one circuit breaker: after
 * a few calls in a row miss their deadline (a hung Redis: a long fork, a paused VM, a partition) the ledger is
 * treated as down at once and for a while, so a hung Redis costs one deadline, not one per delivery; half-open
 * probes close it again once Redis answers. Its state is the {@code ft_circuitbreaker_state_current} metric and
 * the worker's readiness detail {@code ledger}.
 */
@ApplicationScoped
public class LedgerStore {

    /** The breaker's name, in the metric and in the readiness detail. */
    public static final String BREAKER = "delivered-ledger";

    private final JedisPool redis;
    private final String redisHost;

    public LedgerStore(DispatchConfig config) {
        this.redis = config.ledger().enabled() ? pool(config) : null;
        this.redisHost = config.ledger().redisHosts().getHost() + ":" + config.ledger().redisHosts().getPort();
    }

    boolean enabled() {
        return redis != null;
    }

    /** Runs one command on a pooled connection; fails at once while the breaker is open. */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5000, successThreshold = 1)
    @CircuitBreakerName(BREAKER)
    public <T> T call(Function<Jedis, T> command) {
        try (Jedis jedis = redis.getResource()) {
            return command.apply(jedis);
        }
    }

    /** A connection for each SMTP thread; every call bounded by the ledger's deadline. */
    private static JedisPool pool(DispatchConfig config) {
        URI uri = config.ledger().redisHosts();
        int timeout = (int) Math.max(1, config.ledger().timeout().toMillis());
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeout)
                .socketTimeoutMillis(timeout)
                .ssl("rediss".equalsIgnoreCase(uri.getScheme()))
                .clientName("dispatch-worker-ledger");
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                client.password(userInfo);
            } else {
                if (colon > 0) {
                    client.user(userInfo.substring(0, colon));
                }
                client.password(userInfo.substring(colon + 1));
            }
        }
        config.ledger().redisPassword().filter(p -> !p.isEmpty()).ifPresent(client::password);
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            client.database(Integer.parseInt(path.substring(1)));
        }
        JedisPoolConfig pool = new JedisPoolConfig();
        pool.setMaxTotal(config.maxInFlight() + 2);
        pool.setMaxIdle(config.maxInFlight() + 2);
        pool.setMaxWait(config.ledger().timeout());
        pool.setJmxEnabled(false);
        return new JedisPool(pool, new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()),
                client.build());
    }

    void sayWhenTheBreakerMoves(@Observes StartupEvent event, CircuitBreakerMaintenance breakers) {
        breakers.onStateChange(BREAKER, state -> {
            if (state == CircuitBreakerState.CLOSED) {
                Log.infof("delivered ledger answers again: circuit breaker closed");
            } else if (state == CircuitBreakerState.HALF_OPEN) {
                Log.debugf("delivered ledger: circuit breaker half-open, probing %s", redisHost);
            } else {
                Log.warnf("delivered ledger missed its deadlines (%s): circuit breaker %s; jobs are sent unchecked",
                        redisHost, state.name().toLowerCase());
            }
        });
    }

    @PreDestroy
    void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
