package org.mintpost.dispatch.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.dispatch.config.DispatchConfig;

class RetryPolicyTest {

    static DispatchConfig.Retry config(int maxAttempts, Duration horizon) {
        return new DispatchConfig.Retry() {
            public Duration initialBackoff() {
                return Duration.ofSeconds(10);
            }

            public double multiplier() {
                return 2;
            }

            public Duration maxBackoff() {
                return Duration.ofHours(1);
            }

            public double jitter() {
                return 0.2;
            }

            public int maxAttempts() {
                return maxAttempts;
            }

            public Duration horizon() {
                return horizon;
            }
        };
    }

    final RetryPolicy policy = new RetryPolicy(config(30, Duration.ofHours(24)), Topics.SEND_JOBS_RETRY);

    @Test
    void backoffGrowsExponentiallyWithBoundedJitterAndACap() {
        for (int i = 0; i < 50; i++) {
            long first = policy.backoff(1).toMillis();
            long third = policy.backoff(3).toMillis();
            long late = policy.backoff(20).toMillis();
            assertTrue(first >= 10_000 && first <= 12_000, "first " + first);
            assertTrue(third >= 40_000 && third <= 48_000, "third " + third);
            assertTrue(late >= 3_600_000 && late <= 4_320_000, "capped " + late);
        }
    }

    @Test
    void waitsGoToTheLongestTierNotLongerThanThem() {
        assertEquals("send-jobs-retry-10s", policy.tierFor(Duration.ofSeconds(2)).topic());
        assertEquals("send-jobs-retry-10s", policy.tierFor(Duration.ofSeconds(45)).topic());
        assertEquals("send-jobs-retry-1m", policy.tierFor(Duration.ofMinutes(5)).topic());
        assertEquals("send-jobs-retry-10m", policy.tierFor(Duration.ofMinutes(59)).topic());
        assertEquals("send-jobs-retry-1h", policy.tierFor(Duration.ofDays(3)).topic());
    }

    @Test
    void attemptsAndHorizonBoundTheRetries() {
        Instant now = Instant.now();
        RetryPolicy limited = new RetryPolicy(config(3, Duration.ofHours(24)), Topics.SEND_JOBS_RETRY);
        assertTrue(limited.nextAttempt(2, now, now).isPresent());
        assertTrue(limited.nextAttempt(3, now, now).isEmpty());
        RetryPolicy shortHorizon = new RetryPolicy(config(30, Duration.ofMinutes(1)), Topics.SEND_JOBS_RETRY);
        assertTrue(shortHorizon.nextAttempt(1, now, now).isPresent());
        assertTrue(shortHorizon.nextAttempt(4, now, now).isEmpty(), "80 s > 1 min horizon");
        assertTrue(shortHorizon.nextAttempt(1, now.minusSeconds(55), now).isEmpty());
    }
}
