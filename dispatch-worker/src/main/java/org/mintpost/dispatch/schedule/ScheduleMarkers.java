package org.mintpost.dispatch.schedule;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.dispatch.config.DispatchConfig;
import org.mintpost.dispatch.repository.LedgerStore;

import redis.clients.jedis.params.SetParams;

/**
 * Where a cancel or reschedule is kept for every worker: one Redis key per message beside the delivered ledger
 * ({@code mintpost:dispatch:schedule:<id>}: {@code canceled} or {@code at:<epoch ms>}), kept until a week after the
 * time the message was due.
 */
@ApplicationScoped
public class ScheduleMarkers {

    static final String PREFIX = "mintpost:dispatch:schedule:";
    static final String DONE_PREFIX = "mintpost:dispatch:done:";
    static final String PARKED_PREFIX = "mintpost:dispatch:parked:";
    static final String CANCELED = "canceled";
    private static final Duration KEEP_AFTER = Duration.ofDays(7);

    private final LedgerStore redis;
    private final boolean enabled;

    public ScheduleMarkers(LedgerStore redis, DispatchConfig config) {
        this.redis = redis;
        this.enabled = config.ledger().enabled();
    }

    /** What was decided for the message: null (nothing), {@code canceled}, or {@code at:<epoch ms>}. Blocks. */
    String read(String messageId) {
        if (!enabled) {
            return null;
        }
        return redis.call(jedis -> jedis.get(PREFIX + messageId));
    }

    /**
     * Keeps a cancel (at null) or a new time; false when the message was finished before (too late to change).
     * Blocks; a Redis failure throws.
     */
    boolean write(String messageId, Instant at, Instant due, Instant now) {
        if (!enabled) {
            throw new IllegalStateException("the delivered ledger (Redis) is disabled: scheduling commands need it");
        }
        String value = at == null ? CANCELED : "at:" + at.toEpochMilli();
        Instant until = (due == null || due.isBefore(now) ? now : due).plus(KEEP_AFTER);
        long ttl = Math.max(1000, Duration.between(now, until).toMillis());
        return redis.call(jedis -> {
            jedis.set(PREFIX + messageId, value, new SetParams().px(ttl));
            return !jedis.exists(DONE_PREFIX + messageId);
        });
    }

    /**
     * Keeps a copy of a scheduled job when it is first parked ({@code mintpost:dispatch:parked:<id>}, until a week
     * after it is due), so that a reschedule to an earlier time can put it back in time. Blocks; a failure throws.
     */
    void keep(String messageId, String job, Instant due, Instant now) {
        if (!enabled) {
            return;
        }
        long ttl = Math.max(1000, Duration.between(now, due.plus(KEEP_AFTER)).toMillis());
        redis.call(jedis -> jedis.set(PARKED_PREFIX + messageId, job, new SetParams().px(ttl)));
    }

    /** The kept copy of a parked scheduled job, or null. Blocks. */
    String kept(String messageId) {
        return enabled ? redis.call(jedis -> jedis.get(PARKED_PREFIX + messageId)) : null;
    }

    /** The time of an {@code at:} marker. */
    static Instant time(String marker) {
        return Instant.ofEpochMilli(Long.parseLong(marker.substring(3)));
    }
}
