package org.mintpost.dispatch.repository;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.dispatch.config.DispatchConfig;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.params.SetParams;

/**
 * The messages the workers have finished with (accepted or refused for good by the upstream), shared by
 * every worker in Redis for {@code mintpost.dispatch.ledger.ttl}: a send job that Kafka hands out again
 * (a worker killed before it committed its offsets, a broker restart, a rebalance) is then not sent a
 * second time. A small in-memory set answers for what this instance did itself.
 *
 * <p>Calls block, and are made on the SMTP threads: the record of a delivery is written by the thread
 * that read the upstream's {@code 250}, on its own connection, at once. (Through the reactive client the
 * write waited for an event loop shared by every delivery in flight: 70–150 ms under load, which was
 * the window in which a {@code kill -9} made a duplicate.)
 *
 * <p>Delivery stays at least once: if Redis does not answer within {@code mintpost.dispatch.ledger.timeout},
 * the job is sent (and {@code dispatch_ledger_unavailable_total} counts it). What is left is the moment
 * between the upstream's {@code 250} and the ledger write.
 */
@ApplicationScoped
public class DeliveredLedger {

    static final String PREFIX = "mintpost:dispatch:done:";

    private final RecentOutcomes recent;
    private final DispatchConfig.Ledger config;
    private final Counter unavailable;
    private final Counter duplicates;
    private final Set<String> attempting = ConcurrentHashMap.newKeySet();
    private final JedisPool redis;

    public DeliveredLedger(DispatchConfig config, MeterRegistry registry) {
        this.config = config.ledger();
        this.recent = new RecentOutcomes(config.duplicateCacheSize());
        this.unavailable = registry.counter("dispatch.ledger.unavailable");
        this.duplicates = registry.counter("dispatch.duplicates");
        this.redis = this.config.enabled() ? pool(config) : null;
    }

    /** A connection for each SMTP thread; every call bounded by the ledger's timeout. */
    static JedisPool pool(DispatchConfig config) {
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

    /** What a claim found: the message is free to attempt, being attempted here, or finished (outcome or null). */
    public record Claim(boolean granted, Finished finished) {

        static final Claim GRANTED = new Claim(true, null);
        static final Claim BUSY = new Claim(false, null);

        /** Finished before, by this worker or another. */
        public boolean isFinished() {
            return !granted && finished != null;
        }
    }

    /** Finished before (by this worker or another), with its outcome; null when not. Blocks (at most the timeout). */
    Finished lookup(String messageId) {
        if (redis == null) {
            return null;
        }
        Finished known = recent.get(messageId);
        if (known != null) {
            return known;
        }
        try (Jedis jedis = redis.getResource()) {
            String value = jedis.get(PREFIX + messageId);
            return value == null ? null : value.equals(Finished.LEGACY) ? UNKNOWN : Finished.decode(value);
        } catch (RuntimeException e) {
            unavailable.increment();
            Log.warnf("delivered-ledger lookup failed, sending anyway: %s", e.toString());
            return null;
        }
    }

    /** A message finished before its outcome was kept in the ledger. */
    static final Finished UNKNOWN = new Finished(null, null, null, 0, 0, null);

    /**
     * Claims the message for an attempt by this instance: not granted when it is being attempted here right now
     * (the same job handed out twice in a row: the running attempt either finishes it or schedules its retry) or
     * was finished before (then with what the upstream said, null when the entry predates outcomes). Blocks (at
     * most the timeout). The attempt is marked first and the ledger read after: a copy that another attempt of
     * this instance finishes in between is then seen finished (its record is written before its mark is lifted),
     * where the other order let a copy read "not done", wait, find the mark already lifted, and send it again.
     * Every granted claim is followed by {@link #end}.
     */
    public Claim claim(String messageId) {
        if (!attempting.add(messageId)) {
            return Claim.BUSY;
        }
        Finished finished = lookup(messageId);
        if (finished != null) {
            attempting.remove(messageId);
            return new Claim(false, finished == UNKNOWN ? null : finished);
        }
        return Claim.GRANTED;
    }

    public void end(String messageId) {
        attempting.remove(messageId);
    }

    /**
     * Records that the message is finished and how; blocks (at most the timeout) and never fails (a lost record
     * only allows a duplicate). A message this instance had finished before counts in
     * {@code dispatch_duplicates_total}.
     */
    public void finished(String messageId, Finished outcome) {
        if (recent.finishedBefore(messageId, outcome)) {
            duplicates.increment();
        }
        if (redis == null) {
            return;
        }
        try (Jedis jedis = redis.getResource()) {
            jedis.set(PREFIX + messageId, outcome.encode(), new SetParams().px(config.ttl().toMillis()));
        } catch (RuntimeException e) {
            unavailable.increment();
            Log.warnf("delivered-ledger write failed: %s", e.toString());
        }
    }

    @PreDestroy
    void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
