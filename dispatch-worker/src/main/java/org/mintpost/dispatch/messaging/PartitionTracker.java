package org.mintpost.dispatch.messaging;

import java.util.TreeSet;

/**
 * Offsets of one partition that were handed out and are not finished yet. The committable offset is
 * the lowest unfinished one, or the one after the last handed out: nothing unfinished is ever
 * committed, whatever order deliveries finish in. Used by the poll thread only.
 */
final class PartitionTracker {

    private final TreeSet<Long> pending = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    void started(long offset) {
        pending.add(offset);
        next = Math.max(next, offset + 1);
    }

    void finished(long offset) {
        pending.remove(offset);
    }

    /** The record at {@code offset} must be read again: nothing at or after it may be committed. */
    void rewind(long offset) {
        next = Math.min(next, offset);
    }

    boolean idle() {
        return pending.isEmpty();
    }

    int inFlight() {
        return pending.size();
    }

    /** The offset to commit, or -1 when nothing new is finished. */
    long committable() {
        if (next < 0) {
            return -1;
        }
        long c = pending.isEmpty() ? next : Math.min(next, pending.first());
        return c > committed ? c : -1;
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }
}
