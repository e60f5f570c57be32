package org.mintpost.token;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.mintpost.testing.KafkaBroker;

/**
 * Reads one of the compacted state topics from the real broker as its consumers do (String keys, the
 * contracts' deserializer for values), from the beginning, keeping every record seen.
 */
public class ChangesReader<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();
    private final String topic;

    public ChangesReader(String topic, Class<? extends Deserializer<V>> values) {
        this.topic = topic;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, values.getName());
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
    }

    /** Polls until a record matching {@code match} has been seen, or fails after {@code timeout}. */
    public ConsumerRecord<String, V> await(Predicate<V> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ConsumerRecord<String, V> r : seen) {
                if (r.value() != null && match.test(r.value())) {
                    return r;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching " + topic + " record within " + timeout);
            }
            poll(Duration.ofMillis(200));
        }
    }

    /** Everything seen under one key, in log order (after polling for {@code wait}). */
    public List<V> forKey(String key, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            poll(Duration.ofMillis(200));
        } while (System.nanoTime() < deadline);
        return seen.stream().filter(r -> key.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    public List<ConsumerRecord<String, V>> records() {
        return seen;
    }

    private void poll(Duration d) {
        consumer.poll(d).forEach(seen::add);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
