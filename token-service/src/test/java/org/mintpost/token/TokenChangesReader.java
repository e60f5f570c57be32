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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.kafka.TokenChangedDeserializer;
import org.mintpost.testing.KafkaBroker;

/**
 * Reads {@code token-changes} from the real broker as the gateway does (String keys,
 * {@link TokenChangedDeserializer} values), from the beginning, keeping every record seen.
 */
public final class TokenChangesReader implements AutoCloseable {

    private final KafkaConsumer<String, TokenChanged> consumer;
    private final List<ConsumerRecord<String, TokenChanged>> seen = new ArrayList<>();

    public TokenChangesReader() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, TokenChangedDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(Topics.TOKEN_CHANGES));
    }

    /** Polls until a record matching {@code match} has been seen, or fails after {@code timeout}. */
    public ConsumerRecord<String, TokenChanged> await(Predicate<TokenChanged> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ConsumerRecord<String, TokenChanged> r : seen) {
                if (r.value() != null && match.test(r.value())) {
                    return r;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching token-changes record within " + timeout);
            }
            poll(Duration.ofMillis(200));
        }
    }

    /** Everything seen for one token, in log order (after polling for {@code wait}). */
    public List<TokenChanged> forToken(String tokenId, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            poll(Duration.ofMillis(200));
        } while (System.nanoTime() < deadline);
        return seen.stream().filter(r -> tokenId.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    public List<ConsumerRecord<String, TokenChanged>> records() {
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
