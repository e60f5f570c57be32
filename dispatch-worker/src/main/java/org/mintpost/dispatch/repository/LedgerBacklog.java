package org.mintpost.dispatch.repository;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

import io.quarkus.logging.Log;

/**
 * Ledger records whose write missed its deadline (or met the open breaker), written again in the background by
 * one thread until Redis takes them: a sender never waits for them, and a record that lands late still keeps a
 * job read again after a crash from being sent twice. Bounded: when full, the oldest record is dropped.
 */
final class LedgerBacklog {

    /** A record to write: the key's message id and its encoded outcome. */
    record Entry(String messageId, String value) {
    }

    private final LinkedBlockingQueue<Entry> entries;
    private final Thread writer;

    /** {@code write} returns true once Redis took the record. */
    LedgerBacklog(int capacity, Predicate<Entry> write) {
        this.entries = new LinkedBlockingQueue<>(capacity);
        this.writer = new Thread(() -> drain(write), "ledger-backlog");
        writer.setDaemon(true);
        writer.start();
    }

    void add(String messageId, String value) {
        Entry entry = new Entry(messageId, value);
        while (!entries.offer(entry)) {
            entries.poll(); // full: the oldest goes, as a record lost to a Redis outage would
        }
    }

    int size() {
        return entries.size();
    }

    private void drain(Predicate<Entry> write) {
        try {
            while (true) {
                Entry next = entries.take();
                while (!write.test(next)) {
                    Thread.sleep(100); // Redis still down or hung (the breaker answers at once): try again soon
                }
            }
        } catch (InterruptedException e) {
            Log.debugf("ledger backlog stopped with %d records unwritten", entries.size());
        }
    }

    void stop() {
        writer.interrupt();
    }
}
