package org.mintpost.dispatch.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.MessageSource;
import org.mintpost.contracts.kafka.EventJson;

/** Reads {@code message-content} from the start until the record of one message turns up. */
public final class SourceReader {

    private SourceReader() {
    }

    /** The record of {@code messageId}; fails after {@code timeout}. */
    public static MessageSource await(String bootstrap, String messageId, Duration timeout) throws IOException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "source-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.MESSAGE_CONTENT));
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (messageId.equals(r.key())) {
                        return EventJson.MAPPER.readValue(r.value(), MessageSource.class);
                    }
                }
            }
        }
        throw new AssertionError("no message-content record for " + messageId + " within " + timeout);
    }

    public static byte[] gunzip(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }
}
