package org.mintpost.dispatch.direct;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One destination's shaping (an MX rollup: every domain served by the same MX hosts): its open connections
 * (at most {@code connections}, idle ones kept for the next message), its message rate (a token bucket of
 * {@code messages-per-minute}) and its back-off after a 421 or another temporary refusal. Each destination has its
 * own, so a slow or refusing one never holds up another.
 */
final class DestinationState {

    private final String key;
    private final DeliveryConfig.Limits limits;
    private final DeliveryConfig.Backoff backoff;
    private final Semaphore permits;
    private final Deque<DirectConnection> idle = new ArrayDeque<>();
    private double tokens;
    private long refilledAt = System.nanoTime();
    private volatile long pausedUntilNanos;
    private volatile String pausedBy;
    private int strikes;

    DestinationState(String key, DeliveryConfig.Limits limits, DeliveryConfig.Backoff backoff) {
        this.key = key;
        this.limits = limits;
        this.backoff = backoff;
        this.permits = new Semaphore(limits.enabled() ? Math.max(1, limits.connections()) : Integer.MAX_VALUE);
        this.tokens = Math.max(1, limits.messagesPerMinute());
    }

    String key() {
        return key;
    }

    /** Why no new transaction may start now, if it is backed off. */
    Optional<String> paused() {
        long left = pausedUntilNanos - System.nanoTime();
        if (left <= 0) {
            return Optional.empty();
        }
        return Optional.of("destination " + key + " is backed off for " + Duration.ofNanos(left).toSeconds()
                + " s after: " + pausedBy);
    }

    /** Takes one message from the rate budget, waiting for it until {@code deadline}; false when it did not come. */
    boolean takeRate(long deadlineNanos) throws InterruptedException {
        if (!limits.enabled() || limits.messagesPerMinute() <= 0) {
            return true;
        }
        double perNano = limits.messagesPerMinute() / 60e9;
        while (true) {
            long waitNanos;
            synchronized (this) {
                long now = System.nanoTime();
                tokens = Math.min(limits.messagesPerMinute(), tokens + (now - refilledAt) * perNano);
                refilledAt = now;
                if (tokens >= 1) {
                    tokens -= 1;
                    return true;
                }
                waitNanos = (long) ((1 - tokens) / perNano);
                if (now + waitNanos > deadlineNanos) {
                    return false;
                }
            }
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }

    /** An idle connection of this kind to reuse; expired ones found on the way are closed. */
    DirectConnection idle(boolean verified, Duration idleTimeout) {
        synchronized (idle) {
            Iterator<DirectConnection> it = idle.iterator();
            while (it.hasNext()) {
                DirectConnection c = it.next();
                if (c.idleFor().compareTo(idleTimeout) > 0) {
                    it.remove();
                    discard(c);
                } else if (c.verified() == verified) {
                    it.remove();
                    return c;
                }
            }
            return null;
        }
    }

    /** A permit to open one more connection, waited for until {@code deadline}. */
    boolean permit(long deadlineNanos) throws InterruptedException {
        if (permits.tryAcquire()) {
            return true;
        }
        // an idle connection of the other kind holds a permit nobody will use now
        DirectConnection spare;
        synchronized (idle) {
            spare = idle.pollLast();
        }
        if (spare != null) {
            spare.close();
            return true;
        }
        return permits.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Gives a connection that has just finished a transaction back for the next one, or closes it. */
    void giveBack(DirectConnection c) {
        boolean spent = limits.enabled() && c.sent() >= limits.messagesPerConnection();
        if (spent || !c.usable()) {
            discard(c);
            return;
        }
        synchronized (idle) {
            idle.push(c);
        }
    }

    /** Frees the permit of a connection that could not be opened. */
    void release() {
        permits.release();
    }

    /** Closes a connection and frees its permit. */
    void discard(DirectConnection c) {
        c.close();
        permits.release();
    }

    /** A temporary refusal or an unreachable destination: no new transaction until the back-off is over. */
    synchronized void backOff(String reply) {
        strikes++;
        long nanos = backoff.initial().toNanos() << Math.min(20, strikes - 1);
        nanos = Math.min(nanos <= 0 ? Long.MAX_VALUE : nanos, backoff.max().toNanos());
        pausedBy = reply;
        pausedUntilNanos = System.nanoTime() + nanos;
    }

    synchronized void recovered() {
        strikes = 0;
        pausedUntilNanos = 0;
    }

    /** When the back-off ends (for logs). */
    Instant pausedUntil() {
        return Instant.now().plusNanos(Math.max(0, pausedUntilNanos - System.nanoTime()));
    }

    /** Closes every idle connection (shutdown). */
    void closeIdle() {
        synchronized (idle) {
            idle.forEach(this::discard);
            idle.clear();
        }
    }
}
