package org.mintpost.dispatch.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.MessageSource;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.JsonSerializer;
import org.mintpost.dispatch.config.DispatchConfig;
import org.mintpost.dispatch.observability.DeliveryTracing;
import org.mintpost.dispatch.service.DispatchPublisher;

import io.smallrye.mutiny.Uni;

/** The worker's one producer ({@code acks=all}, idempotent): delivery events, delay topics, dead letters. */
@ApplicationScoped
public class KafkaDispatchPublisher implements DispatchPublisher {

    public static final String REASON_HEADER = "x-dlq-reason";
    public static final String SOURCE_TOPIC_HEADER = "x-dlq-source-topic";
    public static final String SOURCE_PARTITION_HEADER = "x-dlq-source-partition";
    public static final String SOURCE_OFFSET_HEADER = "x-dlq-source-offset";

    private final KafkaProducer<String, byte[]> producer;
    private final JsonSerializer<Object> json = new JsonSerializer<>();

    public KafkaDispatchPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            DispatchConfig config) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "dispatch-worker-producer");
        // every job the edge accepted can be put back: its size plus what a retry or a dead letter adds
        int maxRecord = Topics.jobTopicMaxBytes(config.maxJobBytes());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(maxRecord));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(Math.max(64L << 20, 2L * maxRecord)));
        // a publish is answered within the republish backoff's reach, not Kafka's two minutes
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public Uni<Void> publishEvents(List<DeliveryEvent> events) {
        List<Uni<Void>> sends = new ArrayList<>(events.size());
        for (DeliveryEvent e : events) {
            sends.add(send(new ProducerRecord<>(Topics.DELIVERY_EVENTS, e.messageId(),
                    json.serialize(Topics.DELIVERY_EVENTS, e))));
        }
        return all(sends);
    }

    @Override
    public Uni<Void> publishSource(MessageSource source) {
        return send(new ProducerRecord<>(Topics.MESSAGE_CONTENT, source.messageId(),
                json.serialize(Topics.MESSAGE_CONTENT, source)));
    }

    @Override
    public Uni<Void> publishDelayed(String topic, SendJob job) {
        return send(new ProducerRecord<>(topic, job.messageId(), json.serialize(topic, job)));
    }

    @Override
    public Uni<Void> publishDeadLetter(SendJob job, String reason) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SEND_JOBS_DLQ, job.messageId(),
                json.serialize(Topics.SEND_JOBS_DLQ, job));
        record.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        return send(record);
    }

    /** Dead-letters bytes that are not a job at all, with where they came from. */
    public Uni<Void> publishUnreadable(String key, byte[] value, String reason, String topic, int partition,
            long offset) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SEND_JOBS_DLQ, key, value);
        Headers h = record.headers();
        h.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        h.add(SOURCE_TOPIC_HEADER, topic.getBytes(StandardCharsets.UTF_8));
        h.add(SOURCE_PARTITION_HEADER, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
        h.add(SOURCE_OFFSET_HEADER, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        return send(record);
    }

    private Uni<Void> send(ProducerRecord<String, byte[]> record) {
        DeliveryTracing.inject(record.headers());
        return Uni.createFrom().emitter(emitter -> producer.send(record, (metadata, error) -> {
            if (error != null) {
                emitter.fail(error);
            } else {
                emitter.complete(null);
            }
        }));
    }

    private static Uni<Void> all(List<Uni<Void>> sends) {
        if (sends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (sends.size() == 1) {
            return sends.get(0);
        }
        return Uni.join().all(sends).andCollectFailures().replaceWithVoid();
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
