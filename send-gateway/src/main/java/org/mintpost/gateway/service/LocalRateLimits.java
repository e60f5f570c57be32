package org.mintpost.gateway.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rate limits one gateway enforces on its own while Redis cannot count for all of them: fixed one-second
 * windows in memory, each limit cut to this gateway's share ({@code limit / gateways}, at least 1), so that the
 * gateways together still hold about the configured limit. Never unlimited.
 */
final class LocalRateLimits {

    /** Counts in the current window after this request, and the limits they are held against. */
    record Counts(long token, long project, int tokenLimit, int projectLimit) {
    }

    private final int tokenShare;
    private final int projectShare;
    private volatile Window window = new Window(-1);

    private static final class Window {
        final long second;
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

        Window(long second) {
            this.second = second;
        }
    }

    LocalRateLimits(int perToken, int perProject, int gateways) {
        int instances = Math.max(1, gateways);
        this.tokenShare = Math.max(1, perToken / instances);
        this.projectShare = Math.max(1, perProject / instances);
    }

    int tokenShare() {
        return tokenShare;
    }

    int projectShare() {
        return projectShare;
    }

    /** Counts {@code weight} messages against the token's and the project's window of {@code second}. */
    Counts count(String tokenId, String projectKey, long second, int weight) {
        Window current = window;
        if (current.second != second) {
            synchronized (this) {
                current = window;
                if (current.second != second) {
                    // a new second: the old windows are dropped whole, so memory stays bounded by one second's callers
                    current = new Window(second);
                    window = current;
                }
            }
        }
        long token = current.counts.computeIfAbsent("t:" + tokenId, k -> new AtomicLong()).addAndGet(weight);
        long project = current.counts.computeIfAbsent("p:" + projectKey, k -> new AtomicLong()).addAndGet(weight);
        return new Counts(token, project, tokenShare, projectShare);
    }
}
