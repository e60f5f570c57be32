package org.mintpost.token.workloads;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.token.workloads.ExchangeErrors.TooManyExchanges;

/** Fixed one-minute windows of exchanges per client address and per issuer (per token-service instance). */
@ApplicationScoped
public class ExchangeRateLimiter {

    private static final long WINDOW_MS = 60_000;
    private static final int MAX_TRACKED = 100_000;

    private final ConcurrentMap<String, long[]> windows = new ConcurrentHashMap<>();
    private final int perIp;
    private final int perIssuer;

    public ExchangeRateLimiter(WorkloadsConfig config) {
        this.perIp = config.exchangesPerIpPerMinute();
        this.perIssuer = config.exchangesPerIssuerPerMinute();
    }

    public void acquireForIp(String ip) {
        acquire("ip:" + (ip == null ? "unknown" : ip), perIp);
    }

    /** Only for allowlisted issuers, so that made-up issuers cannot fill the table. */
    public void acquireForIssuer(String issuer) {
        acquire("iss:" + issuer, perIssuer);
    }

    private void acquire(String key, int limit) {
        long now = System.currentTimeMillis();
        long window = now / WINDOW_MS;
        if (windows.size() > MAX_TRACKED) {
            windows.entrySet().removeIf(e -> e.getValue()[0] != window);
        }
        long[] slot = windows.compute(key, (k, v) -> {
            if (v == null || v[0] != window) {
                return new long[] {window, 1};
            }
            v[1]++;
            return v;
        });
        if (slot[1] > limit) {
            throw new TooManyExchanges(Math.max(1, (window + 1) * WINDOW_MS / 1000 - now / 1000));
        }
    }
}
