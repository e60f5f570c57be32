package org.mintpost.dispatch.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.DeliveryEventDeserializer;
import org.mintpost.contracts.kafka.JsonSerializer;

/**
 * The tests' side of the broker: publishes jobs as the gateway does and records every delivery
 * event and dead letter it sees (a background consumer in a group of its own).
 */
public final class KafkaTestClient implements AutoCloseable {

    /** A dead letter as read back: key, value, reason header. */
    public record DeadLetter(String key, byte[] value, String reason) {
    }

    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, List<DeliveryEvent>> events = new ConcurrentHashMap<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final String bootstrap;
    private volatile boolean closed;

    public KafkaTestClient(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Topics.MAX_JOB_RECORD_BYTES));
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.DELIVERY_EVENTS, Topics.SEND_JOBS_DLQ));
        DeliveryEventDeserializer deserializer = new DeliveryEventDeserializer();
        reader = new Thread(() -> {
            try (consumer) {
                while (!closed) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.topic().equals(Topics.DELIVERY_EVENTS)) {
                            DeliveryEvent e = deserializer.deserialize(r.topic(), r.value());
                            events.computeIfAbsent(e.messageId(), k -> new CopyOnWriteArrayList<>()).add(e);
                        } else {
                            Header reason = r.headers().lastHeader("x-dlq-reason");
                            deadLetters.add(new DeadLetter(r.key(), r.value(),
                                    reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8)));
                        }
                    }
                }
            }
        }, "test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public void send(SendJob job) {
        sendRaw(Topics.SEND_JOBS, job.projectId(), new JsonSerializer<SendJob>().serialize(Topics.SEND_JOBS, job));
    }

    public RecordMetadata sendRaw(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes the job on {@code send-jobs}; where it landed. */
    public RecordMetadata sendAt(SendJob job) {
        return sendRaw(Topics.SEND_JOBS, job.projectId(),
                new JsonSerializer<SendJob>().serialize(Topics.SEND_JOBS, job));
    }

    /** The workers' committed offset of the partition {@code at} is on, -1 when none. */
    public long committed(RecordMetadata at) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            OffsetAndMetadata o = admin.listConsumerGroupOffsets(Topics.DISPATCH_GROUP).partitionsToOffsetAndMetadata()
                    .get().get(new TopicPartition(at.topic(), at.partition()));
            return o == null ? -1 : o.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes without waiting for each acknowledgement (for bulk loads); {@link #flush()} after. */
    public void sendAsync(SendJob job) {
        producer.send(new ProducerRecord<>(Topics.SEND_JOBS, job.projectId(),
                new JsonSerializer<SendJob>().serialize(Topics.SEND_JOBS, job)));
    }

    /** Publishes a raw record without waiting for its acknowledgement; {@link #flush()} after. */
    public void sendRawAsync(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    public void flush() {
        producer.flush();
    }

    /** The message's outcome events, without the message-level {@code queued} and {@code processed}. */
    public List<DeliveryEvent> events(String messageId) {
        return allEventsOf(messageId).stream().filter(e -> !MESSAGE_LEVEL.contains(e.status())).toList();
    }

    /** Every event of the message in the order the topic holds them, {@code queued} and {@code processed} included. */
    public List<DeliveryEvent> allEventsOf(String messageId) {
        return new ArrayList<>(events.getOrDefault(messageId, List.of()));
    }

    private static final java.util.Set<String> MESSAGE_LEVEL = java.util.Set.of(DeliveryEvent.QUEUED,
            DeliveryEvent.PROCESSED);

    public List<String> statuses(String messageId) {
        return events(messageId).stream().map(DeliveryEvent::status).toList();
    }

    public Map<String, List<DeliveryEvent>> allEvents() {
        return events;
    }

    public List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        reader.join(5000);
        producer.close();
    }
}
