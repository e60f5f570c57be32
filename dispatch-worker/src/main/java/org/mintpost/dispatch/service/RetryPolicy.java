package org.mintpost.dispatch.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mintpost.contracts.Topics;
import org.mintpost.contracts.Topics.RetryTier;
import org.mintpost.dispatch.config.DispatchConfig;

/**
 * Exponential backoff with jitter, mapped onto the fixed delay topics: a wait goes to the longest
 * tier that is not longer than it.
 */
@ApplicationScoped
public class RetryPolicy {

    private final DispatchConfig.Retry config;
    private final List<RetryTier> tiers;

    @Inject
    public RetryPolicy(DispatchConfig config) {
        this(config.retry(), Topics.SEND_JOBS_RETRY);
    }

    RetryPolicy(DispatchConfig.Retry config, List<RetryTier> tiers) {
        this.config = config;
        this.tiers = tiers;
    }

    /**
     * When to try again after {@code attemptsDone} failed attempts, or empty when the message has run
     * out of attempts or the next try would fall beyond the horizon.
     */
    public Optional<Instant> nextAttempt(int attemptsDone, Instant receivedAt, Instant now) {
        if (attemptsDone >= config.maxAttempts()) {
            return Optional.empty();
        }
        Duration delay = backoff(attemptsDone);
        Instant next = now.plus(delay);
        Instant start = receivedAt == null ? now : receivedAt;
        if (next.isAfter(start.plus(config.horizon()))) {
            return Optional.empty();
        }
        return Optional.of(next);
    }

    /** The delay after the {@code n}-th failed attempt (n ≥ 1), jitter included. */
    Duration backoff(int n) {
        double base = config.initialBackoff().toMillis() * Math.pow(config.multiplier(), Math.max(0, n - 1));
        double capped = Math.min(base, config.maxBackoff().toMillis());
        double jittered = capped * (1 + ThreadLocalRandom.current().nextDouble() * Math.max(0, config.jitter()));
        return Duration.ofMillis((long) jittered);
    }

    /** The delay topic for a wait of {@code wait}: the longest tier not longer than it, else the shortest. */
    public RetryTier tierFor(Duration wait) {
        RetryTier chosen = tiers.get(0);
        for (RetryTier tier : tiers) {
            if (tier.delay().compareTo(wait) <= 0) {
                chosen = tier;
            }
        }
        return chosen;
    }

    public boolean isDelayTopic(String topic) {
        for (RetryTier tier : tiers) {
            if (tier.topic().equals(topic)) {
                return true;
            }
        }
        return false;
    }
}
