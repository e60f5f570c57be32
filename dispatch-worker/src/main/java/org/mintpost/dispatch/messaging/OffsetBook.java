package org.mintpost.dispatch.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.quarkus.logging.Log;

/**
 * Commit bookkeeping of the poll loop: per assigned partition, the offsets handed out and not finished
 * ({@link PartitionTracker}); the committed offset of a partition is its lowest unfinished one, so a job is
 * committed only once its outcome is recorded and its events acknowledged, whatever order jobs finish in, and
 * a slow job holds back only its own partition's commit. Poll thread only.
 */
final class OffsetBook {

    private final Map<TopicPartition, PartitionTracker> trackers = new HashMap<>();

    void assigned(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            trackers.put(tp, new PartitionTracker());
        }
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(trackers::remove);
    }

    /** The tracker of an assigned partition, or null when it is not (any longer) ours. */
    PartitionTracker tracker(TopicPartition tp) {
        return trackers.get(tp);
    }

    boolean owns(TopicPartition tp, PartitionTracker tracker) {
        return trackers.get(tp) == tracker;
    }

    Collection<TopicPartition> partitions() {
        return trackers.keySet();
    }

    boolean idle(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionTracker t = trackers.get(tp);
            if (t != null && !t.idle()) {
                return false;
            }
        }
        return true;
    }

    /** Commits what is finished on {@code partitions}: synchronously (revoke, shutdown) or not (the steady pace). */
    void commit(KafkaConsumer<?, ?> consumer, Collection<TopicPartition> partitions, boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionTracker tracker = trackers.get(tp);
            long offset = tracker == null ? -1 : tracker.committable();
            if (offset >= 0) {
                offsets.put(tp, new OffsetAndMetadata(offset));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(10));
                offsets.forEach((tp, o) -> committed(tp, o.offset()));
            } catch (RuntimeException e) {
                Log.warnf("commit failed: %s", e.getMessage());
            }
        } else {
            consumer.commitAsync(offsets, (done, error) -> {
                if (error != null) {
                    Log.warnf("commit failed: %s", error.getMessage());
                } else {
                    done.forEach((tp, o) -> committed(tp, o.offset()));
                }
            });
        }
    }

    private void committed(TopicPartition tp, long offset) {
        PartitionTracker tracker = trackers.get(tp);
        if (tracker != null) {
            tracker.committed(offset);
        }
    }
}
