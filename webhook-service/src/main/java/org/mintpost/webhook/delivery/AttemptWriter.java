package org.mintpost.webhook.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.mintpost.webhook.repository.ClaimedJob;

import io.quarkus.logging.Log;

/**
 * Writes finished attempts in batches on one thread: whatever finished while the last batch was written goes in
 * the next transaction, so a fast endpoint costs a share of a transaction per attempt, not one. A batch that cannot
 * be written is tried one attempt at a time; an attempt that still cannot be written keeps its job open, taken again
 * once its lease ends (at least once). Each job is handed back ({@code written}) after its attempt's turn.
 */
final class AttemptWriter {

    private static final int BATCH = 500;

    private final AttemptRecorder recorder;
    private final Consumer<List<ClaimedJob>> written;
    private final LinkedBlockingQueue<FinishedAttempt> finished = new LinkedBlockingQueue<>();
    private volatile boolean stopping;
    private Thread thread;

    AttemptWriter(AttemptRecorder recorder, Consumer<List<ClaimedJob>> written) {
        this.recorder = recorder;
        this.written = written;
    }

    void start() {
        thread = new Thread(this::loop, "webhook-attempt-writer");
        thread.setDaemon(true);
        thread.start();
    }

    void add(FinishedAttempt attempt) {
        finished.add(attempt);
    }

    /** Writes what is left, then ends (the attempts have all finished). */
    void stop() {
        stopping = true;
        if (thread == null) {
            return;
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (!stopping || !finished.isEmpty()) {
            List<FinishedAttempt> batch = new ArrayList<>();
            try {
                FinishedAttempt first = finished.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            finished.drainTo(batch, BATCH - 1);
            write(batch);
            written.accept(batch.stream().map(FinishedAttempt::job).toList());
        }
    }

    private void write(List<FinishedAttempt> batch) {
        try {
            recorder.recordAll(batch);
            return;
        } catch (RuntimeException e) {
            Log.warnf("%d webhook attempts not written together (%s); writing them one by one", batch.size(),
                    e.getMessage());
        }
        for (FinishedAttempt attempt : batch) {
            try {
                recorder.recordAll(List.of(attempt));
            } catch (RuntimeException e) {
                Log.warnf("webhook job %s not recorded (%s); it is tried again when its lease ends",
                        attempt.job().id(), e.getMessage());
            }
        }
    }
}
