package org.mintpost.dispatch.messaging;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Which partitions the poll loop reads: all of them, except a partition held back until a moment (a delay-topic
 * record not due yet, a job that failed and is read again after a pause), and none while fetched records wait
 * for room (more than {@code max-pending} jobs unfinished). Poll thread only.
 */
final class Pauses {

    /** Fetched records not handed out yet: only while too many jobs are pending. */
    final ArrayDeque<ConsumerRecord<String, byte[]>> waiting = new ArrayDeque<>();
    private final Map<TopicPartition, Instant> heldBack = new HashMap<>();
    private boolean full;

    boolean full() {
        return full;
    }

    /** Reads {@code tp} again from {@code offset}, not before {@code until}; other partitions go on. */
    void holdBack(KafkaConsumer<?, ?> consumer, TopicPartition tp, long offset, Instant until) {
        consumer.seek(tp, offset);
        consumer.pause(List.of(tp));
        heldBack.put(tp, until);
        dropWaiting(tp);
    }

    /** Resumes the held-back partitions whose moment has come (unless every partition is paused for room). */
    void resumeDue(KafkaConsumer<?, ?> consumer) {
        if (heldBack.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        List<TopicPartition> due = new ArrayList<>();
        heldBack.entrySet().removeIf(e -> !e.getValue().isAfter(now) && due.add(e.getKey()));
        if (!due.isEmpty() && !full) {
            due.retainAll(consumer.assignment());
            consumer.resume(due);
        }
    }

    /** Fetches nothing more while records wait for room; resumes once they are all handed out. */
    void update(KafkaConsumer<?, ?> consumer) {
        if (!full && !waiting.isEmpty()) {
            full = true;
            consumer.pause(consumer.assignment());
        } else if (full && waiting.isEmpty()) {
            full = false;
            Set<TopicPartition> resume = new HashSet<>(consumer.assignment());
            resume.removeAll(heldBack.keySet());
            consumer.resume(resume);
        }
    }

    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            heldBack.remove(tp);
            dropWaiting(tp);
        }
    }

    private void dropWaiting(TopicPartition tp) {
        waiting.removeIf(w -> w.partition() == tp.partition() && w.topic().equals(tp.topic()));
    }
}
