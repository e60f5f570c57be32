package org.mintpost.dispatch.repository;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.mintpost.contracts.resilience.CallBreaker;
import org.mintpost.dispatch.config.DispatchConfig;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
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
 * probes close it again once Redis answers ({@code mintpost.dispatch.ledger.breaker-delay} after it opened). Its state
 * is the metric {@code dispatch_ledger_breaker} and the worker's readiness detail {@code ledger}. The breaker is a
 * plain {@link CallBreaker}, not an intercepted method: two ledger calls per delivery paid more for the
 * interceptor and its metrics than for Redis itself.
 */
@ApplicationScoped
public class LedgerStore {

    /** The breaker's name, in the metric and in the readiness detail. */
    public static final String BREAKER = "delivered-ledger";

    /** How long the start may wait for the pool's connections (a Redis that is down does not hold it longer). */
    static final Duration WARM_UP = Duration.ofSeconds(3);

    private final JedisPool redis;
    private final String redisHost;
    private final CallBreaker breaker;
    private final int connections;

    public LedgerStore(DispatchConfig config, MeterRegistry registry) {
        this.redis = config.ledger().enabled() ? pool(config) : null;
        this.connections = config.maxInFlight();
        this.redisHost = config.ledger().redisHosts().getHost() + ":" + config.ledger().redisHosts().getPort();
        this.breaker = new CallBreaker(4, 3, config.ledger().breakerDelay(), this::said);
        for (CallBreaker.State each : CallBreaker.State.values()) {
            Gauge.builder("dispatch.ledger.breaker", breaker, b -> b.state() == each ? 1 : 0).tag("state", each.label())
                    .description("the delivered ledger's circuit breaker (1 = its current state)").register(registry);
        }
        FunctionCounter.builder("dispatch.ledger.breaker.opened", breaker, CallBreaker::openedCount)
                .description("times the delivered ledger's circuit breaker opened").register(registry);
    }

    boolean enabled() {
        return redis != null;
    }

    /**
     * Runs one command on a pooled connection; fails at once ({@link CallBreaker.OpenException}) while the breaker is
     * open. 3 of the last 4 calls failing or missing their deadline open it.
     */
    public <T> T call(Function<Jedis, T> command) {
        if (!breaker.tryAcquire()) {
            throw new CallBreaker.OpenException(BREAKER);
        }
        T result;
        try (Jedis jedis = redis.getResource()) {
            result = command.apply(jedis);
        } catch (RuntimeException | Error e) {
            breaker.failed();
            throw e;
        }
        breaker.succeeded();
        return result;
    }

    /**
     * Opens a connection for each sender before the consumer starts (this observer runs first). A worker started
     * after a crash reads again what its predecessor had not committed, and every one of those jobs asks the ledger
     * at once: connections opened then, by a cold JVM on a busy node, each under the call's short deadline, can miss
     * it, and a lookup that misses it sends a message the ledger knew was delivered. Bounded by {@link #WARM_UP}.
     */
    void warmUp(@Observes @Priority(1000) StartupEvent event) throws InterruptedException {
        if (redis == null) {
            return;
        }
        long deadline = System.nanoTime() + WARM_UP.toNanos();
        List<Jedis> opened = new ArrayList<>();
        int missed = 0;
        try {
            while (opened.size() < connections && System.nanoTime() < deadline) {
                Jedis jedis = null;
                try {
                    jedis = redis.getResource();
                    jedis.ping();
                    opened.add(jedis);
                } catch (RuntimeException e) {
                    if (jedis != null) {
                        jedis.close(); // a broken connection leaves the pool
                    }
                    missed++;
                    Thread.sleep(20); // slow or refused: again while the budget lasts
                }
            }
        } finally {
            opened.forEach(Jedis::close);
        }
        if (opened.size() < connections) {
            Log.warnf("delivered ledger: %d of %d connections to %s opened within %d s (%d attempts missed)",
                    opened.size(), connections, redisHost, WARM_UP.toSeconds(), missed);
        }
    }

    /** {@code closed}, {@code open} or {@code half_open}. */
    public String state() {
        return breaker.state().label();
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

    private void said(CallBreaker.State state) {
        if (state == CallBreaker.State.CLOSED) {
            Log.infof("delivered ledger answers again: circuit breaker closed");
        } else if (state == CallBreaker.State.HALF_OPEN) {
            Log.debugf("delivered ledger: circuit breaker half-open, probing %s", redisHost);
        } else {
            Log.warnf("delivered ledger missed its deadlines (%s): circuit breaker open; jobs are sent unchecked",
                    redisHost);
        }
    }

    @PreDestroy
    void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
