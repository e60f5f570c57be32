package org.mintpost.dispatch.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.SendJobDeserializer;
import org.mintpost.dispatch.client.SmtpClient;
import org.mintpost.dispatch.config.DispatchConfig;
import org.mintpost.dispatch.observability.DeliveryTracing;
import org.mintpost.dispatch.service.DispatchService;
import org.mintpost.dispatch.service.RetryPolicy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The poll loop and its backpressure: one Kafka consumer in group {@code dispatch-workers} on {@code send-jobs}
 * and every delay topic, on its own thread. Each record goes to the senders at once ({@link Deliveries}); the
 * partitions are paused only while more than {@code max-pending} jobs are unfinished. Offsets are committed by
 * the {@link OffsetBook}; a delay-topic record not due yet pauses its partition until it is ({@link Rebalance}
 * handles assignment changes).
 */
@ApplicationScoped
public class DispatchConsumer {

    final DispatchConfig config;
    private final String bootstrapServers;
    private final DispatchService service;
    private final KafkaDispatchPublisher publisher;
    private final RetryPolicy retryPolicy;
    private final DeliveryTracing tracing;
    private final MeterRegistry registry;
    private final SendJobDeserializer deserializer = new SendJobDeserializer();

    final OffsetBook offsets = new OffsetBook();
    final Deliveries deliveries;
    final Pauses pauses = new Pauses();

    volatile boolean stopping;
    private volatile boolean running;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile long lag;
    volatile int assigned;
    private Thread thread;
    KafkaConsumer<String, byte[]> consumer;
    private long lastCommitNanos = System.nanoTime();

    public DispatchConsumer(DispatchConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, DispatchService service,
            KafkaDispatchPublisher publisher, RetryPolicy retryPolicy, SmtpClient smtp, MeterRegistry registry,
            DeliveryTracing tracing) {
        this.tracing = tracing;
        this.registry = registry;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.service = service;
        this.publisher = publisher;
        this.retryPolicy = retryPolicy;
        this.deliveries = new Deliveries(smtp.executor());
        Gauge.builder("dispatch.in.flight", deliveries.pendingCounter(), n -> n.get())
                .description("jobs handed to the senders and not finished (events not acknowledged yet)")
                .register(registry);
        Gauge.builder("dispatch.consumer.lag", this, c -> c.lag)
                .description("records not yet read on the assigned partitions").register(registry);
        Gauge.builder("dispatch.assigned.partitions", this, c -> c.assigned).register(registry);
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
        return deliveries.pending();
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, Topics.DISPATCH_GROUP);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, Topics.DISPATCH_GROUP);
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
        Rebalance rebalance = new Rebalance(this);
        KafkaClientMetrics clientMetrics = null;
        try {
            consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(),
                    new ByteArrayDeserializer());
            clientMetrics = new KafkaClientMetrics(consumer);
            clientMetrics.bindTo(registry);
            consumer.subscribe(topics, rebalance);
            running = true;
            Log.infof("dispatch consumer started on %s (%d senders, at most %d jobs pending)", topics,
                    config.maxInFlight(), config.maxPending());
            while (!stopping) {
                try {
                    // while paused, wait on finished jobs instead of on the broker, so room is used at once
                    consumer.poll(pauses.full() ? Duration.ZERO : Duration.ofMillis(100)).forEach(pauses.waiting::add);
                } catch (WakeupException e) {
                    continue;
                }
                lastPollNanos = System.nanoTime();
                if (pauses.full()) {
                    deliveries.await(50, this::apply);
                } else {
                    deliveries.drain(this::apply);
                }
                handOut();
                pauses.resumeDue(consumer);
                pauses.update(consumer);
                maybeCommit();
            }
            rebalance.shutdown();
        } catch (RuntimeException e) {
            Log.errorf(e, "dispatch consumer stopped on an error");
        } finally {
            running = false;
            if (clientMetrics != null) {
                clientMetrics.close();
            }
            if (consumer != null) {
                try {
                    consumer.close(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    Log.debugf("closing the consumer: %s", e.getMessage());
                }
            }
        }
    }

    /** Hands waiting records to the senders, oldest first, while fewer than {@code max-pending} are unfinished. */
    private void handOut() {
        Instant now = Instant.now();
        while (!pauses.waiting.isEmpty() && deliveries.pending() < config.maxPending()) {
            ConsumerRecord<String, byte[]> r = pauses.waiting.poll();
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            PartitionTracker tracker = offsets.tracker(tp);
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
                deliveries.startHere(tp, tracker, r.offset(), () -> publisher.publishUnreadable(r.key(), r.value(),
                        reason, tp.topic(), tp.partition(), r.offset()));
                continue;
            }
            if (job.notBefore() != null && job.notBefore().isAfter(now) && retryPolicy.isDelayTopic(tp.topic())) {
                // not due: read it again when it is, without holding up any other partition
                pauses.holdBack(consumer, tp, r.offset(), job.notBefore());
                continue;
            }
            deliveries.start(tp, tracker, r.offset(),
                    tracing.around(tp.topic(), r.headers(), job, () -> service.handle(job, tp.topic())));
        }
    }

    void apply(Deliveries.Completion c) {
        c.tracker().finished(c.offset());
        if (c.failure() != null && offsets.owns(c.partition(), c.tracker())) {
            // read it again, but not at once: whatever failed (the broker, Redis) gets the longest republish wait
            Duration pause = config.republish().maxBackoff();
            Log.errorf("could not finish %s@%d (%s); it will be read again in %s", c.partition(), c.offset(),
                    c.failure().getMessage(), pause);
            c.tracker().rewind(c.offset());
            pauses.holdBack(consumer, c.partition(), c.offset(), Instant.now().plus(pause));
        }
    }

    private void maybeCommit() {
        long now = System.nanoTime();
        if (now - lastCommitNanos < config.commitInterval().toNanos()) {
            return;
        }
        lastCommitNanos = now;
        offsets.commit(consumer, offsets.partitions(), false);
        long total = 0;
        for (TopicPartition tp : consumer.assignment()) {
            total += consumer.currentLag(tp).orElse(0);
        }
        lag = total;
    }
}
