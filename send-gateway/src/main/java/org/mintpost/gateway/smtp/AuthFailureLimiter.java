package org.mintpost.gateway.smtp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed AUTH attempts per client address per minute (in this gateway's memory). Past the limit an
 * address is throttled for the rest of the minute and its failures are no longer put on
 * {@code token-usage}, so a brute force can flood neither the token map nor the topic.
 */
final class AuthFailureLimiter {

    private record Window(long minute, int failures) {
    }

    private final int perMinute;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    AuthFailureLimiter(int perMinute) {
        this.perMinute = perMinute;
    }

    /** True when this address has used up its failures for the current minute. */
    boolean throttled(String ip) {
        Window w = windows.get(ip);
        return w != null && w.minute() == minute() && w.failures() >= perMinute;
    }

    /** Counts one failure; true when it is still within the limit (so it may be recorded). */
    boolean fail(String ip) {
        long now = minute();
        if (windows.size() > 100_000) {
            windows.values().removeIf(w -> w.minute() != now);
        }
        Window w = windows.compute(ip, (k, v) -> v == null || v.minute() != now
                ? new Window(now, 1) : new Window(now, v.failures() + 1));
        return w.failures() <= perMinute;
    }

    private static long minute() {
        return System.currentTimeMillis() / 60_000;
    }
}
