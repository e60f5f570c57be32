package org.mintpost.gateway.service;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Brute-force protection: counts failed attempts per client IP. The token check counts presented tokens
 * that are malformed or unknown (the signature of guessing; a revoked or expired token is a real one and
 * does not count); the SMTP relay keeps an instance of its own for every failed AUTH. An IP that
 * reaches {@code maxFailures} within one window (which starts at its first failure) is refused without
 * any check until the window ends, so a guesser gets no answer either way. Held in memory: each gateway
 * counts what it sees, so behind N gateways an IP gets at most N × {@code maxFailures} guesses per
 * window. Bounded in size.
 */
public class AuthFailureThrottle {

    private static final class Window {
        final long startMillis;
        int failures;

        Window(long startMillis) {
            this.startMillis = startMillis;
        }
    }

    private final boolean enabled;
    private final int maxFailures;
    private final long windowMillis;
    private final int maxTrackedIps;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public AuthFailureThrottle(boolean enabled, int maxFailures, long windowMillis, int maxTrackedIps,
            LongSupplier clock) {
        this.enabled = enabled;
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
        this.maxTrackedIps = maxTrackedIps;
        this.clock = clock;
    }

    /** Seconds until this IP may try again, or 0 when it is not throttled. */
    public long retryAfterSeconds(String ip) {
        if (!enabled || ip == null) {
            return 0;
        }
        Window w = windows.get(ip);
        if (w == null) {
            return 0;
        }
        long now = clock.getAsLong();
        long left;
        synchronized (w) {
            if (w.failures < maxFailures) {
                return 0;
            }
            left = w.startMillis + windowMillis - now;
        }
        if (left <= 0) {
            windows.remove(ip, w);
            return 0;
        }
        return Math.max(1, (left + 999) / 1000);
    }

    int trackedIps() {
        return windows.size();
    }

    public int maxFailures() {
        return maxFailures;
    }

    /**
     * A failed attempt from this IP (over HTTP: a malformed or unknown token).
     *
     * @return true while this failure is still within {@code maxFailures} of its window (the SMTP relay
     *         records only those on {@code token-usage})
     */
    public boolean failed(String ip) {
        if (!enabled || ip == null) {
            return true;
        }
        long now = clock.getAsLong();
        if (windows.size() >= maxTrackedIps) {
            evictExpired(now);
        }
        Window w = windows.compute(ip, (k, old) -> old == null || now - old.startMillis >= windowMillis
                ? new Window(now) : old);
        synchronized (w) {
            return ++w.failures <= maxFailures;
        }
    }

    private void evictExpired(long now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext();) {
            if (now - it.next().startMillis >= windowMillis) {
                it.remove();
            }
        }
        if (windows.size() >= maxTrackedIps) {
            // still full of live windows (a flood from many addresses): start over rather than grow without bound
            windows.clear();
        }
    }

    /** Refusal of an IP that has made too many failed attempts. */
    public static final class ThrottledException extends RuntimeException {

        private final long retryAfterSeconds;
        private final int limit;

        public ThrottledException(long retryAfterSeconds, int limit) {
            super("too many failed authentication attempts from this address", null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
            this.limit = limit;
        }

        /** Failed attempts allowed per window. */
        public int limit() {
            return limit;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
