package org.mintpost.token.leaks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

/** A fixed one-minute window of leak reports per client address (per token-service instance). */
@ApplicationScoped
public class ReportRateLimiter {

    private static final long WINDOW_MS = 60_000;
    private static final int MAX_TRACKED = 100_000;

    private final ConcurrentMap<String, long[]> windows = new ConcurrentHashMap<>();
    private final int perMinute;

    public ReportRateLimiter(LeaksConfig config) {
        this.perMinute = config.reportsPerIpPerMinute();
    }

    /** Counts one report from {@code ip}; throws {@link TooManyReports} past the limit. */
    public void acquire(String ip) {
        long now = System.currentTimeMillis();
        long window = now / WINDOW_MS;
        if (windows.size() > MAX_TRACKED) {
            windows.entrySet().removeIf(e -> e.getValue()[0] != window);
        }
        long[] slot = windows.compute(ip == null ? "unknown" : ip, (k, v) -> {
            if (v == null || v[0] != window) {
                return new long[] {window, 1};
            }
            v[1]++;
            return v;
        });
        if (slot[1] > perMinute) {
            throw new TooManyReports(Math.max(1, (window + 1) * WINDOW_MS / 1000 - now / 1000));
        }
    }
}
