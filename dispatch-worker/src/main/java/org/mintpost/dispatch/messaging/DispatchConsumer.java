package org.mintpost.dispatch.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.SendJobDeserializer;
import org.mintpost.dispatch.config.DispatchConfig;
import org.mintpost.dispatch.service.DispatchService;
import org.mintpost.dispatch.service.RetryPolicy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * The poll loop: one Kafka consumer in group {@code dispatch-workers} on {@code send-jobs} and every
 * delay topic, on its own thread. Records are handed to {@link DispatchService} concurrently (at most
 * {@code max-in-flight}); an offset is committed only when every record before it is finished
 * (delivered, put on a delay topic, or dead-lettered). A delay-topic record that is not due yet
 * pauses its partition and is read again when due; other partitions go on. While fetched records
 * wait for one of the {@code max-in-flight} slots, every partition is paused (nothing more is
 * fetched) and each finished delivery frees a slot for the next waiting record at once.
 */
@ApplicationScoped
public class DispatchConsumer {

    private final DispatchConfig config;
    private final String bootstrapServers;
    private final DispatchService service;
    private final KafkaDispatchPublisher publisher;
    private final RetryPolicy retryPolicy;
    private final SendJobDeserializer deserializer = new SendJobDeserializer();

    private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<TopicPartition, PartitionTracker> trackers = new HashMap<>();
    private final Map<TopicPartition, Instant> delayed = new HashMap<>();
    /** Fetched records not started yet (their partitions are paused meanwhile). Poll thread only. */
    private final ArrayDeque<ConsumerRecord<String, byte[]>> waiting = new ArrayDeque<>();

    private volatile boolean stopping;
    private volatile boolean running;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile long lag;
    private volatile int assigned;
    private Thread thread;
    private KafkaConsumer<String, byte[]> consumer;
    private boolean backpressured;
    private long lastCommitNanos = System.nanoTime();

    public DispatchConsumer(DispatchConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, DispatchService service,
            KafkaDispatchPublisher publisher, RetryPolicy retryPolicy, MeterRegistry registry) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.service = service;
        this.publisher = publisher;
        this.retryPolicy = retryPolicy;
        Gauge.builder("dispatch.in.flight", inFlight, AtomicInteger::get)
                .description("deliveries started and not finished").register(registry);
        Gauge.builder("dispatch.consumer.lag", this, c -> c.lag)
                .description("records not yet read on the assigned partitions").register(registry);
        Gauge.builder("dispatch.assigned.partitions", this, c -> c.assigned).register(registry);
    }

    private record Completion(TopicPartition partition, PartitionTracker tracker, long offset, Throwable failure) {
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            Log.info("dispatch consumer disabled (mintpost.dispatch.enabled=false)");
            return;
        }
        thread = new Thread(this::run, "dispatch-poll");
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        Thread t = thread;
        if (t == null) {
            return;
        }
        try {
            t.join(config.drainTimeout().plusSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The poll loop is alive: it polled recently (or is not meant to run). */
    public boolean alive() {
        return !config.enabled() || stopping
                || System.nanoTime() - lastPollNanos < Duration.ofSeconds(60).plus(config.drainTimeout()).toNanos();
    }

    /** The consumer has joined the group and polls. */
    public boolean ready() {
        return running && !stopping;
    }

    public int inFlight() {
        return inFlight.get();
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, Topics.DISPATCH_GROUP);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.maxPollRecords()));
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(config.sessionTimeout().toMillis()));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                Long.toString(Math.max(500, config.sessionTimeout().toMillis() / 4)));
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        return p;
    }

    private void run() {
        List<String> topics = new ArrayList<>();
        topics.add(Topics.SEND_JOBS);
        Topics.SEND_JOBS_RETRY.forEach(tier -> topics.add(tier.topic()));
        try {
            consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(),
                    new ByteArrayDeserializer());
            consumer.subscribe(topics, new Rebalance());
            running = true;
            Log.infof("dispatch consumer started on %s (max in flight %d)", topics, config.maxInFlight());
            while (!stopping) {
                ConsumerRecords<String, byte[]> records;
                try {
                    // with records waiting for a free slot, every partition is paused: wait on finished
                    // deliveries instead of on the broker, so a free slot is refilled at once
                    records = consumer.poll(backpressured ? Duration.ZERO : Duration.ofMillis(100));
                } catch (WakeupException e) {
                    continue;
                }
                lastPollNanos = System.nanoTime();
                if (backpressured && inFlight.get() >= config.maxInFlight()) {
                    awaitCompletion();
                }
                drainCompletions();
                for (ConsumerRecord<String, byte[]> r : records) {
                    waiting.add(r);
                }
                dispatchWaiting();
                resumeDue();
                backpressure();
                maybeCommit(false);
            }
            shutdown();
        } catch (RuntimeException e) {
            Log.errorf(e, "dispatch consumer stopped on an error");
        } finally {
            running = false;
            if (consumer != null) {
                try {
                    consumer.close(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    Log.debugf("closing the consumer: %s", e.getMessage());
                }
            }
        }
    }

    /** Starts waiting records, oldest first, while there are free slots. */
    private void dispatchWaiting() {
        Instant now = Instant.now();
        while (!waiting.isEmpty() && inFlight.get() < config.maxInFlight()) {
            ConsumerRecord<String, byte[]> r = waiting.poll();
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            PartitionTracker tracker = trackers.get(tp);
            if (tracker == null) {
                continue;
            }
            SendJob job;
            try {
                job = deserializer.deserialize(tp.topic(), r.value());
                if (job == null) {
                    throw new IllegalArgumentException("empty record");
                }
            } catch (RuntimeException e) {
                String reason = "unreadable job: " + e.getMessage();
                Log.warnf("dead-lettering %s-%d@%d: %s", tp.topic(), tp.partition(), r.offset(), reason);
                start(tp, tracker, r.offset(), publisher.publishUnreadable(r.key(), r.value(), reason,
                        tp.topic(), tp.partition(), r.offset()));
                continue;
            }
            if (job.notBefore() != null && job.notBefore().isAfter(now) && retryPolicy.isDelayTopic(tp.topic())) {
                // not due: read it again when it is, without holding up any other partition
                consumer.seek(tp, r.offset());
                consumer.pause(List.of(tp));
                delayed.put(tp, job.notBefore());
                waiting.removeIf(w -> w.partition() == tp.partition() && w.topic().equals(tp.topic()));
                continue;
            }
            start(tp, tracker, r.offset(), Uni.createFrom().deferred(() -> service.handle(job, tp.topic())));
        }
    }

    private void start(TopicPartition tp, PartitionTracker tracker, long offset, Uni<Void> work) {
        tracker.started(offset);
        inFlight.incrementAndGet();
        work.subscribe().with(
                ignored -> completions.add(new Completion(tp, tracker, offset, null)),
                failure -> completions.add(new Completion(tp, tracker, offset, failure)));
    }

    private void awaitCompletion() {
        try {
            Completion c = completions.poll(50, TimeUnit.MILLISECONDS);
            if (c != null) {
                apply(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drainCompletions() {
        Completion c;
        while ((c = completions.poll()) != null) {
            apply(c);
        }
    }

    private void apply(Completion c) {
        inFlight.decrementAndGet();
        c.tracker().finished(c.offset());
        if (c.failure() != null && trackers.get(c.partition()) == c.tracker()) {
            // read it again, but not at once: whatever failed (the broker, Redis) gets the longest republish wait
            Duration pause = config.republish().maxBackoff();
            Log.errorf("could not finish %s@%d (%s); it will be read again in %s", c.partition(), c.offset(),
                    c.failure().getMessage(), pause);
            c.tracker().rewind(c.offset());
            TopicPartition tp = c.partition();
            consumer.seek(tp, c.offset());
            consumer.pause(List.of(tp));
            delayed.put(tp, Instant.now().plus(pause));
            waiting.removeIf(w -> w.partition() == tp.partition() && w.topic().equals(tp.topic()));
        }
    }

    private void resumeDue() {
        if (delayed.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        List<TopicPartition> due = new ArrayList<>();
        delayed.entrySet().removeIf(e -> {
            if (!e.getValue().isAfter(now)) {
                due.add(e.getKey());
                return true;
            }
            return false;
        });
        if (!due.isEmpty() && !backpressured) {
            due.retainAll(consumer.assignment());
            consumer.resume(due);
        }
    }

    /** Fetch nothing more while fetched records still wait for a slot. */
    private void backpressure() {
        if (!backpressured && !waiting.isEmpty()) {
            backpressured = true;
            consumer.pause(consumer.assignment());
        } else if (backpressured && waiting.isEmpty()) {
            backpressured = false;
            Set<TopicPartition> resume = new HashSet<>(consumer.assignment());
            resume.removeAll(delayed.keySet());
            consumer.resume(resume);
        }
    }

    private void maybeCommit(boolean sync) {
        long now = System.nanoTime();
        if (!sync && now - lastCommitNanos < config.commitInterval().toNanos()) {
            return;
        }
        lastCommitNanos = now;
        commit(trackers.keySet(), sync);
        long total = 0;
        for (TopicPartition tp : consumer.assignment()) {
            total += consumer.currentLag(tp).orElse(0);
        }
        lag = total;
    }

    private void commit(Collection<TopicPartition> partitions, boolean sync) {
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
                offsets.forEach((tp, o) -> markCommitted(tp, o.offset()));
            } catch (RuntimeException e) {
                Log.warnf("commit failed: %s", e.getMessage());
            }
        } else {
            consumer.commitAsync(offsets, (done, error) -> {
                if (error != null) {
                    Log.warnf("commit failed: %s", error.getMessage());
                } else {
                    done.forEach((tp, o) -> markCommitted(tp, o.offset()));
                }
            });
        }
    }

    private void markCommitted(TopicPartition tp, long offset) {
        PartitionTracker tracker = trackers.get(tp);
        if (tracker != null) {
            tracker.committed(offset);
        }
    }

    /** Waits (bounded) until the given partitions have nothing in flight. */
    private void awaitIdle(Collection<TopicPartition> partitions) {
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            drainCompletions();
            boolean idle = true;
            for (TopicPartition tp : partitions) {
                PartitionTracker t = trackers.get(tp);
                if (t != null && !t.idle()) {
                    idle = false;
                    break;
                }
            }
            if (idle) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Log.warnf("in-flight deliveries still unfinished after %s; they will be delivered again",
                config.drainTimeout());
    }

    /** Graceful stop: fetch nothing more, let in-flight deliveries finish (bounded), commit. */
    private void shutdown() {
        Log.infof("dispatch consumer stopping, %d deliveries in flight", inFlight.get());
        consumer.pause(consumer.assignment());
        awaitIdle(new ArrayList<>(trackers.keySet()));
        commit(new ArrayList<>(trackers.keySet()), true);
        Log.info("dispatch consumer stopped, offsets committed");
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                trackers.put(tp, new PartitionTracker());
            }
            if (backpressured || stopping) {
                consumer.pause(partitions);
            }
            assigned = consumer.assignment().size();
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
            commit(partitions, true);
            forget(partitions);
            Log.infof("revoked %s", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
            Log.warnf("lost %s without commit", partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                trackers.remove(tp);
                delayed.remove(tp);
                waiting.removeIf(w -> w.partition() == tp.partition() && w.topic().equals(tp.topic()));
            }
            assigned = Math.max(0, consumer.assignment().size() - partitions.size());
        }
    }
}
