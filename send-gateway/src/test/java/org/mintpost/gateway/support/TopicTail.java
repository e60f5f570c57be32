package org.mintpost.gateway.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.mintpost.testing.KafkaBroker;

/** Reads what is published on a topic from the moment it is opened, with a real consumer. */
public final class TopicTail<T> implements AutoCloseable {

    private final KafkaConsumer<String, T> consumer;
    private final List<ConsumerRecord<String, T>> seen = new ArrayList<>();

    public TopicTail(String topic, Deserializer<T> deserializer) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Waits until a record matching {@code match} shows up; returns every matching record seen by then. */
    public List<ConsumerRecord<String, T>> await(Predicate<ConsumerRecord<String, T>> match, int atLeast,
            Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ConsumerRecord<String, T>> hits = seen.stream().filter(match).toList();
            if (hits.size() >= atLeast || System.nanoTime() > deadline) {
                return hits;
            }
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
    }

    /** Everything matching that arrives within {@code window}. */
    public List<ConsumerRecord<String, T>> collect(Predicate<ConsumerRecord<String, T>> match, Duration window) {
        return await(match, Integer.MAX_VALUE, window);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
