package org.mintpost.dispatch.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the worker can be tuned with; every key can be overridden by an env var. */
@ConfigMapping(prefix = "mintpost.dispatch")
public interface DispatchConfig {

    /** Whether the send-jobs consumer runs at all (a worker that does nothing is never ready). */
    @WithDefault("true")
    boolean enabled();

    /** SMTP conversations at once in this instance: the sender threads, one upstream connection each. */
    @WithDefault("32")
    int maxInFlight();

    /**
     * Jobs handed to the senders and not finished (queued for a sender, in an SMTP conversation, or waiting for
     * their events' acks); above it the poll loop pauses its partitions. A sender is free again at the reply.
     */
    @WithDefault("256")
    int maxPending();

    /** Consumer session timeout: how soon the group notices a dead worker and hands its partitions on. */
    @WithDefault("10s")
    Duration sessionTimeout();

    /** Records fetched per poll. */
    @WithDefault("200")
    int maxPollRecords();

    /**
     * Bound of each step of an SMTP attempt: the connect, and every read and write of the dialogue (Angus's
     * socket timeouts); past it the attempt is a soft failure. Not a bound of the whole attempt: a slow
     * upstream that answers every step in time is waited for, so its late {@code 250} is never missed.
     */
    @WithDefault("30s")
    Duration sendTimeout();

    /** How often finished offsets are committed. */
    @WithDefault("100ms")
    Duration commitInterval();

    /** How long a shutdown or a revoked partition waits for in-flight deliveries before committing. */
    @WithDefault("25s")
    Duration drainTimeout();

    /** Domain of generated Message-IDs ({@code <message_id@domain>}); empty: the sender's domain. */
    Optional<String> messageIdDomain();

    /** Size of the in-memory front of the delivered ledger (also behind {@code dispatch_duplicates_total}). */
    @WithDefault("100000")
    int duplicateCacheSize();

    /**
     * The largest job the edge accepts ({@code mintpost.max-job-bytes}, shared with the edge); the worker's
     * producer takes that plus the headroom of contracts' {@code Topics.jobTopicMaxBytes}, so every job it was
     * handed can be put back on a delay topic or dead-lettered.
     */
    @WithDefault("41943040")
    int maxJobBytes();

    Retry retry();

    Ledger ledger();

    Republish republish();

    /**
     * Putting a job's outcome on Kafka (its events, its retry or parked copy) when the broker refuses or does not
     * answer: retried with a growing wait, never at once; a copy that still cannot be put back after {@code bound}
     * (or can never be: too large) is dead-lettered with the reason, so no partition waits on it for longer.
     */
    interface Republish {

        /** The wait after the first failed publish; each next wait doubles, up to {@code max-backoff}. */
        @WithDefault("500ms")
        Duration initialBackoff();

        @WithDefault("8s")
        Duration maxBackoff();

        /** How long a job's outcome is retried before the job is dead-lettered (or, for its events, read again). */
        @WithDefault("30s")
        Duration bound();
    }

    /** The shared record of finished messages that keeps a redelivered job from being sent twice. */
    interface Ledger {

        /** Off: every job Kafka hands out is sent (at least once, duplicates after crashes). */
        @WithDefault("true")
        boolean enabled();

        /** How long a finished message is remembered: longer than any redelivery can come late. */
        @WithDefault("24h")
        Duration ttl();

        /**
         * The deadline of each ledger call (connect, pool wait, every read): past it the job is sent anyway (at
         * least once) and the call counts towards opening the ledger's circuit breaker.
         */
        @WithDefault("250ms")
        Duration timeout();

        /** How long the ledger's open circuit breaker refuses calls before one probes Redis again. */
        @WithDefault("5s")
        Duration breakerDelay();

        /** {@code redis://host:port[/db]} ({@code rediss://} for TLS); keep the password out of it. */
        @WithDefault("redis://127.0.0.1:6379")
        URI redisHosts();

        /** The password Redis requires (env {@code MINTPOST_DISPATCH_LEDGER_REDIS_PASSWORD}, from a Secret). */
        Optional<String> redisPassword();
    }

    interface Retry {

        /** Delay before the first retry; each next one multiplies it. */
        @WithDefault("10s")
        Duration initialBackoff();

        @WithDefault("2.0")
        double multiplier();

        /** Longest single delay. */
        @WithDefault("1h")
        Duration maxBackoff();

        /** Random spread added to each delay, as a fraction of it (0.2 = up to +20%). */
        @WithDefault("0.2")
        double jitter();

        /** Attempts in all (the first included) before a message is {@code failed}. */
        @WithDefault("30")
        int maxAttempts();

        /** No retry is scheduled later than {@code received_at + horizon}; the message is then {@code failed}. */
        @WithDefault("24h")
        Duration horizon();
    }
}
