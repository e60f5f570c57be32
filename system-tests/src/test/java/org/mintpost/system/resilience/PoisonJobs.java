package org.mintpost.system.resilience;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mintpost.contracts.Topics;
import org.mintpost.system.RejectingGreenMail;

/**
 * Poison jobs put straight on {@code send-jobs} among the load (as a buggy or hostile producer would): bytes that
 * are no job, a job without {@code message_id}, a job with neither content nor raw MIME, and an oversized job: one
 * filling a job topic's whole record limit (the edge's limit plus the worker's headroom) for a recipient the upstream
 * greylists, so the worker's retry copy (the reply added) no longer fits any job topic. Each must end in
 * {@code send-jobs-dlq} with the worker's reason ({@code x-dlq-reason}); found by a marker in the record's value.
 */
final class PoisonJobs implements AutoCloseable {

    /** A poison job put on the topic: its marker and the reason the worker must give. */
    record Poison(String marker, String kind, String expectedReason) {
    }

    final List<Poison> sent = new ArrayList<>();
    private final KafkaProducer<String, byte[]> producer;
    private final String bootstrap;
    private final String run;
    /** The record limit of the job topics (and the brokers): what an oversized job fills. */
    private final int recordLimit;

    PoisonJobs(KafkaProcess kafka, String run) {
        this.bootstrap = kafka.bootstrapServers();
        this.run = run;
        this.recordLimit = Topics.jobTopicMaxBytes(kafka.maxJobBytes);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, recordLimit);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Puts one of each kind on {@code send-jobs} (acknowledged). */
    void inject() throws Exception {
        int n = sent.size();
        String a = "poison-" + run + "-" + (n + 1);
        String b = "poison-" + run + "-" + (n + 2);
        String c = "poison-" + run + "-" + (n + 3);
        String d = "poison-" + run + "-" + (n + 4);
        put(new Poison(a, "not a job", "unreadable job"), "{\"message_id\":\"" + a + "\", this is not JSON");
        String team = java.util.UUID.randomUUID().toString();
        String project = java.util.UUID.randomUUID().toString();
        put(new Poison(b, "no message_id", "message_id is missing"), "{\"event_id\":\"" + b
                + "\",\"schema_version\":1,\"project_id\":\"" + project + "\",\"channel\":\"api\",\"idempotency_key\":\"" + b
                + "\",\"attempt\":0}");
        put(new Poison(c, "no content", "neither content nor raw_mime"), "{\"event_id\":\"" + c
                + "\",\"schema_version\":1,\"message_id\":\"" + c + "\",\"team_id\":\"" + team + "\",\"project_id\":\"" + project + "\","
                + "\"channel\":\"api\",\"idempotency_key\":\"" + c + "\",\"attempt\":0}");
        put(new Poison(d, "oversized", "could not be put back"), oversized(d, team, project));
    }

    /**
     * A job whose record is as large as a job topic takes (Kafka's upper bound of a record batch's size: 61 bytes
     * of batch header, at most 21 of record framing, then key and value), less a few bytes; its retry copy carries
     * the upstream's reply and a {@code not_before} more.
     */
    private String oversized(String marker, String team, String project) {
        String head = "{\"event_id\":\"" + marker + "\",\"schema_version\":1,\"message_id\":\"" + marker
                + "\",\"team_id\":\"" + team + "\",\"project_id\":\"" + project + "\",\"channel\":\"api\","
                + "\"idempotency_key\":\"" + marker + "\",\"attempt\":0,\"content\":{\"from\":\"poison@example.com\","
                + "\"to\":[\"" + RejectingGreenMail.DEFERRED_PREFIX + marker + "@example.com\"],\"subject\":\"" + marker
                + "\",\"text\":\"";
        String tail = "\"}}";
        int value = recordLimit - 61 - 21 - marker.length() - 16;
        return head + "x".repeat(value - head.length() - tail.length()) + tail;
    }

    private void put(Poison poison, String value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.SEND_JOBS, poison.marker(), value.getBytes(StandardCharsets.UTF_8)))
                .get(120, TimeUnit.SECONDS);
        sent.add(poison);
    }

    /** Reads {@code send-jobs-dlq} from the start until every poison job is found or {@code within} ends. */
    Map<Poison, String> reasons(Duration within) {
        Map<Poison, String> found = new LinkedHashMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < Topics.partitions(Topics.SEND_JOBS_DLQ); p++) {
                partitions.add(new TopicPartition(Topics.SEND_JOBS_DLQ, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + within.toNanos();
            while (found.size() < sent.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String value = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
                    Header reason = r.headers().lastHeader("x-dlq-reason");
                    for (Poison p : sent) {
                        if (value.contains("\"" + p.marker() + "\"")) {
                            found.put(p, reason == null ? "(no reason)" : new String(reason.value(),
                                    StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
        return found;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
