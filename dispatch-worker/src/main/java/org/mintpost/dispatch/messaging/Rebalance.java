package org.mintpost.dispatch.messaging;

import java.util.ArrayList;
import java.util.Collection;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

import io.quarkus.logging.Log;

/**
 * Partitions coming and going, and the graceful stop: a revoked partition's jobs in flight are let finish
 * (bounded by {@code drain-timeout}) and committed before it goes; a lost one is forgotten without a commit.
 * Runs on the poll thread (inside {@code poll}, or at the end of the loop).
 */
final class Rebalance implements ConsumerRebalanceListener {

    private final DispatchConsumer loop;

    Rebalance(DispatchConsumer loop) {
        this.loop = loop;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        loop.offsets.assigned(partitions);
        if (loop.pauses.full() || loop.stopping) {
            loop.consumer.pause(partitions);
        }
        loop.assigned = loop.consumer.assignment().size();
        if (!partitions.isEmpty()) {
            Log.infof("assigned %s", partitions);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        awaitIdle(partitions);
        loop.offsets.commit(loop.consumer, partitions, true);
        forget(partitions);
        Log.infof("revoked %s", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions);
        Log.warnf("lost %s without commit", partitions);
    }

    /** Graceful stop: fetch nothing more, let in-flight jobs finish (bounded), commit. */
    void shutdown() {
        Log.infof("dispatch consumer stopping, %d jobs pending", loop.deliveries.pending());
        loop.consumer.pause(loop.consumer.assignment());
        Collection<TopicPartition> all = new ArrayList<>(loop.offsets.partitions());
        awaitIdle(all);
        loop.offsets.commit(loop.consumer, all, true);
        Log.info("dispatch consumer stopped, offsets committed");
    }

    private void forget(Collection<TopicPartition> partitions) {
        loop.offsets.forget(partitions);
        loop.pauses.forget(partitions);
        loop.assigned = Math.max(0, loop.consumer.assignment().size() - partitions.size());
    }

    /** Waits (bounded) until the given partitions have nothing in flight. */
    private void awaitIdle(Collection<TopicPartition> partitions) {
        long deadline = System.nanoTime() + loop.config.drainTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            loop.deliveries.drain(loop::apply);
            if (loop.offsets.idle(partitions)) {
                return;
            }
            loop.deliveries.await(5, loop::apply);
        }
        Log.warnf("in-flight deliveries still unfinished after %s; they will be delivered again",
                loop.config.drainTimeout());
    }
}
