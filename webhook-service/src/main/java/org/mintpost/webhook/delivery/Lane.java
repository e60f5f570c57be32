package org.mintpost.webhook.delivery;

import java.util.ArrayDeque;
import java.util.Deque;

import org.mintpost.webhook.repository.ClaimedJob;

/**
 * One webhook's jobs held by this instance (guarded by the worker's lock): those waiting for their turn, how many
 * are in flight, how many are held in all (until their attempt is written), and how long its attempts take.
 */
final class Lane {

    /** A claimed job and the moment (System.nanoTime) its lease ends. */
    record Claim(ClaimedJob job, long leaseEndsNanos) {
    }

    final Deque<Claim> waiting = new ArrayDeque<>();
    int running;
    int held;
    /** Moving average of this webhook's attempt durations, in ms (a new webhook counts as fast). */
    double averageMs = 1;

    void took(int ms) {
        averageMs = 0.8 * averageMs + 0.2 * Math.max(1, ms);
    }

    /**
     * Jobs this lane may hold: as many as its in-flight share gets through in half a lease at its pace (a slow
     * endpoint holds few, so none waits here until its lease runs out), within {@code [inFlight, max]}.
     */
    int capacity(int inFlight, int max, long leaseMs) {
        double fits = inFlight * (leaseMs / 2.0) / averageMs;
        return (int) Math.max(inFlight, Math.min(max, fits));
    }
}
