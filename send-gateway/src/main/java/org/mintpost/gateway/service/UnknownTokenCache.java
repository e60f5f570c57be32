package org.mintpost.gateway.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mintpost.gateway.config.GatewayConfig;

/**
 * Hashes that token-service just said it does not know, kept for a few seconds (bounded), so a
 * flood of unknown tokens cannot reach token-service. A hash is forgotten as soon as a token with
 * it appears on {@code token-changes}.
 */
@ApplicationScoped
public class UnknownTokenCache {

    private final long ttlMs;
    private final int maxSize;
    private final Map<String, Long> until = new ConcurrentHashMap<>();

    @Inject
    public UnknownTokenCache(GatewayConfig config) {
        this(config.tokenService().negativeCacheTtl().toMillis(), config.tokenService().negativeCacheMaxSize());
    }

    public UnknownTokenCache(long ttlMs, int maxSize) {
        this.ttlMs = ttlMs;
        this.maxSize = maxSize;
    }

    public boolean isKnownUnknown(String hash) {
        Long expiry = until.get(hash);
        if (expiry == null) {
            return false;
        }
        if (expiry > System.currentTimeMillis()) {
            return true;
        }
        until.remove(hash);
        return false;
    }

    public void remember(String hash) {
        if (until.size() >= maxSize) {
            long now = System.currentTimeMillis();
            until.values().removeIf(expiry -> expiry <= now);
            if (until.size() >= maxSize) {
                until.clear();
            }
        }
        until.put(hash, System.currentTimeMillis() + ttlMs);
    }

    public void forget(String hash) {
        if (hash != null) {
            until.remove(hash);
        }
    }

    public int size() {
        return until.size();
    }
}
