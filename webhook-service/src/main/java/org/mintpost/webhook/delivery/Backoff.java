package org.mintpost.webhook.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again: exponential from {@code initial} (doubling per attempt, capped at {@code max}) with ±20 %
 * jitter, or what the receiver's {@code Retry-After} asked for (within the same cap).
 */
public record Backoff(Duration initial, Duration max) {

    public Duration after(int attempts, Long retryAfterSeconds) {
        if (retryAfterSeconds != null) {
            return min(Duration.ofSeconds(Math.max(1, retryAfterSeconds)), max);
        }
        long base = initial.toMillis();
        for (int i = 1; i < attempts && base < max.toMillis(); i++) {
            base *= 2;
        }
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis((long) (Math.min(base, max.toMillis()) * jitter));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
