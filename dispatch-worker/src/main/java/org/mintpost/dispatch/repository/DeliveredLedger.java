package org.mintpost.dispatch.repository;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.dispatch.config.DispatchConfig;
import org.mintpost.dispatch.service.RecentIds;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * The messages the workers have finished with (accepted or refused for good by the upstream), shared by
 * every worker in Redis for {@code mintpost.dispatch.ledger.ttl}: a send job that Kafka hands out again
 * (a worker killed before it committed its offsets, a broker restart, a rebalance) is then not sent a
 * second time. A small in-memory set answers for what this instance did itself.
 *
 * <p>Delivery stays at least once: if Redis does not answer within {@code mintpost.dispatch.ledger.timeout},
 * the job is sent (and {@code dispatch_ledger_unavailable_total} counts it). What is left is the moment
 * between the upstream's {@code 250} and the ledger write.
 */
@ApplicationScoped
public class DeliveredLedger {

    static final String PREFIX = "mintpost:dispatch:done:";

    private final ReactiveValueCommands<String, String> values;
    private final RecentIds recent;
    private final DispatchConfig.Ledger config;
    private final Counter unavailable;
    private final Counter duplicates;
    private final Set<String> attempting = ConcurrentHashMap.newKeySet();

    public DeliveredLedger(ReactiveRedisDataSource redis, DispatchConfig config, MeterRegistry registry) {
        this.values = redis.value(String.class);
        this.config = config.ledger();
        this.recent = new RecentIds(config.duplicateCacheSize());
        this.unavailable = registry.counter("dispatch.ledger.unavailable");
        this.duplicates = registry.counter("dispatch.duplicates");
    }

    /** True when the message was finished before, by this worker or another. */
    public Uni<Boolean> isDone(String messageId) {
        if (!config.enabled()) {
            return Uni.createFrom().item(false);
        }
        if (recent.contains(messageId)) {
            return Uni.createFrom().item(true);
        }
        return values.get(PREFIX + messageId)
                .map(value -> value != null)
                .ifNoItem().after(config.timeout()).fail()
                .onFailure().recoverWithItem(e -> {
                    unavailable.increment();
                    Log.warnf("delivered-ledger lookup failed, sending anyway: %s", e.toString());
                    return false;
                });
    }

    /**
     * Marks the message as being attempted by this instance; false if it already is (the same job handed
     * out twice in a row: the running attempt either finishes it or schedules its retry).
     */
    public boolean begin(String messageId) {
        return attempting.add(messageId);
    }

    public void end(String messageId) {
        attempting.remove(messageId);
    }

    /**
     * Records that the message is finished; never fails (a lost record only allows a duplicate). A message
     * this instance had finished before counts in {@code dispatch_duplicates_total}.
     */
    public Uni<Void> markDone(String messageId) {
        if (recent.seenBefore(messageId)) {
            duplicates.increment();
        }
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return values.set(PREFIX + messageId, "1", new SetArgs().px(config.ttl()))
                .ifNoItem().after(config.timeout()).fail()
                .onFailure().recoverWithItem(e -> {
                    unavailable.increment();
                    Log.warnf("delivered-ledger write failed: %s", e.toString());
                    return null;
                });
    }
}
