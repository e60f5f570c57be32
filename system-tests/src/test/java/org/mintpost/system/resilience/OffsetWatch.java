package org.mintpost.system.resilience;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.mintpost.contracts.Topics;

/**
 * Watches the workers' committed offset on every {@code send-jobs} partition (every second, through the admin API):
 * a partition stalls while it has records past its committed offset and that offset does not move. Records the
 * longest stall of each partition and when it ended, so a stall is told against the fault it came with.
 */
final class OffsetWatch implements AutoCloseable {

    /** One stall: which partition, from when to when (nanoTime), while records waited. */
    record Stall(int partition, long fromNanos, long toNanos) {
        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
        }
    }

    final List<Stall> stalls = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Admin admin;
    private final Thread thread;
    private final Map<Integer, Long> lastCommitted = new HashMap<>();
    private final Map<Integer, Long> stalledSince = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    OffsetWatch(KafkaProcess kafka) {
        this.admin = kafka.admin();
        this.thread = new Thread(this::loop, "offset-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        int partitions = Topics.partitions(Topics.SEND_JOBS);
        while (running) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(Topics.DISPATCH_GROUP)
                        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < partitions; p++) {
                    latest.put(new TopicPartition(Topics.SEND_JOBS, p), OffsetSpec.latest());
                }
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                        .get(5, TimeUnit.SECONDS);
                long now = System.nanoTime();
                for (int p = 0; p < partitions; p++) {
                    TopicPartition tp = new TopicPartition(Topics.SEND_JOBS, p);
                    OffsetAndMetadata c = committed.get(tp);
                    long at = c == null ? 0 : c.offset();
                    long end = ends.get(tp).offset();
                    Long before = lastCommitted.put(p, at);
                    boolean moved = before == null || before != at;
                    if (moved || at >= end) {
                        end(p, now);
                    } else {
                        stalledSince.putIfAbsent(p, now);
                    }
                }
            } catch (Exception e) {
                // a paused or killed broker: the stalls go on being measured from their start
            }
            sleep();
        }
    }

    private void end(int partition, long now) {
        Long since = stalledSince.remove(partition);
        if (since != null) {
            stalls.add(new Stall(partition, since, now));
        }
    }

    /** The longest stall (ended or still going) that overlaps {@code [from, to)}; null when none. */
    Stall longest(long from, long to) {
        Stall best = null;
        List<Stall> all = new java.util.ArrayList<>(stalls);
        long now = System.nanoTime();
        stalledSince.forEach((p, since) -> all.add(new Stall(p, since, now)));
        for (Stall s : all) {
            if (s.toNanos() >= from && s.fromNanos() < to && (best == null || s.millis() > best.millis())) {
                best = s;
            }
        }
        return best;
    }

    private void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
        long now = System.nanoTime();
        for (Integer p : List.copyOf(stalledSince.keySet())) {
            end(p, now);
        }
        admin.close();
    }
}
