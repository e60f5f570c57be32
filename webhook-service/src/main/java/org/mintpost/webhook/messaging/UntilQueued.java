package org.mintpost.webhook.messaging;

import java.util.function.IntSupplier;

import org.mintpost.webhook.delivery.DeliveryWorker;

import io.quarkus.logging.Log;

/**
 * Queues a record's webhook jobs, trying again with a growing pause while the database is away: the record's offset
 * is committed only once its jobs are in the queue's table, so nothing is skipped and nothing is lost.
 */
final class UntilQueued {

    private UntilQueued() {
    }

    /** {@code queue} returns how many jobs it queued; the worker is woken when there are any. */
    static void run(String what, IntSupplier queue, DeliveryWorker worker) {
        long backoff = 200;
        while (true) {
            try {
                if (queue.getAsInt() > 0) {
                    worker.wake();
                }
                return;
            } catch (RuntimeException e) {
                Log.warnf("%s not queued yet (%s); trying again in %d ms", what, e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }
}
