package org.mintpost.dispatch.messaging;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;

import io.smallrye.mutiny.Uni;

/**
 * The hand-off from the poll thread to the senders, in one hop: a job goes straight onto the SMTP threads' queue,
 * and the thread that takes it does all of it (ledger, message, SMTP conversation, outcome). A sender is free
 * again at the upstream's reply; the job stays pending only until its records are acknowledged, and then its
 * completion comes back to the poll thread, which alone touches the consumer and the offsets.
 */
final class Deliveries {

    /** A job that finished (or failed: then it is read again) on a partition. */
    record Completion(TopicPartition partition, PartitionTracker tracker, long offset, Throwable failure) {
    }

    private final Executor senders;
    private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    Deliveries(Executor senders) {
        this.senders = senders;
    }

    /** Jobs handed out and not finished: queued for a sender, in an SMTP conversation, or awaiting their acks. */
    int pending() {
        return pending.get();
    }

    AtomicInteger pendingCounter() {
        return pending;
    }

    /** Hands the job to the senders; its completion is queued for the poll thread. */
    void start(TopicPartition tp, PartitionTracker tracker, long offset, Supplier<Uni<Void>> work) {
        tracker.started(offset);
        pending.incrementAndGet();
        senders.execute(() -> subscribe(tp, tracker, offset, work));
    }

    /** Like {@link #start}, for work that is only a publish (a dead letter): no sender needed. */
    void startHere(TopicPartition tp, PartitionTracker tracker, long offset, Supplier<Uni<Void>> work) {
        tracker.started(offset);
        pending.incrementAndGet();
        subscribe(tp, tracker, offset, work);
    }

    private void subscribe(TopicPartition tp, PartitionTracker tracker, long offset, Supplier<Uni<Void>> work) {
        Uni<Void> uni;
        try {
            uni = work.get();
        } catch (RuntimeException e) {
            completions.add(new Completion(tp, tracker, offset, e));
            return;
        }
        uni.subscribe().with(
                ignored -> completions.add(new Completion(tp, tracker, offset, null)),
                failure -> completions.add(new Completion(tp, tracker, offset, failure)));
    }

    /** Applies every completion that arrived, without waiting. */
    void drain(Consumer<Completion> apply) {
        Completion c;
        while ((c = completions.poll()) != null) {
            pending.decrementAndGet();
            apply.accept(c);
        }
    }

    /** Waits up to {@code millis} for one completion, then applies all that arrived. */
    void await(long millis, Consumer<Completion> apply) {
        try {
            Completion c = completions.poll(millis, TimeUnit.MILLISECONDS);
            if (c != null) {
                pending.decrementAndGet();
                apply.accept(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain(apply);
    }
}
