package org.mintpost.gateway.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.kafka.TokenChangedDeserializer;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.service.TokenMap;
import org.mintpost.gateway.service.UnknownTokenCache;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Reads the whole compacted {@code token-changes} topic into the {@link TokenMap}: its own consumer,
 * no group, every partition assigned and read from the beginning, each record applied the moment it
 * is polled. Ready once it has reached the end offsets taken at start.
 */
@ApplicationScoped
public class TokenChangesReader {

    private final TokenMap map;
    private final UnknownTokenCache unknown;
    private final String bootstrapServers;
    private final Duration pollTimeout;
    private final Duration fetchMaxWait;
    private final AtomicBoolean caughtUp = new AtomicBoolean(false);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile KafkaConsumer<String, TokenChanged> consumer;
    private Thread thread;

    @Inject
    public TokenChangesReader(TokenMap map, UnknownTokenCache unknown, GatewayConfig config, MeterRegistry registry) {
        this(map, unknown, config.kafka().bootstrapServers(), config.tokenMap().pollTimeout(),
                config.tokenMap().fetchMaxWait(), registry);
    }

    public TokenChangesReader(TokenMap map, UnknownTokenCache unknown, String bootstrapServers, Duration pollTimeout,
            Duration fetchMaxWait, MeterRegistry registry) {
        this.fetchMaxWait = fetchMaxWait;
        this.map = map;
        this.unknown = unknown;
        this.bootstrapServers = bootstrapServers;
        this.pollTimeout = pollTimeout;
        registry.gauge("mintpost.gateway.token.map.size", map, TokenMap::size);
        registry.gauge("mintpost.gateway.token.map.ready", caughtUp, b -> b.get() ? 1 : 0);
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    /** Starts the reader thread (done at application start). */
    public void start() {
        thread = new Thread(this::run, "token-changes-reader");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Stops the reader thread and closes its consumer. */
    public void stop() {
        running.set(false);
        KafkaConsumer<String, TokenChanged> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True once the map holds everything that was on the topic when this instance started. */
    public boolean isCaughtUp() {
        return caughtUp.get();
    }

    private void run() {
        while (running.get()) {
            try (KafkaConsumer<String, TokenChanged> c = new KafkaConsumer<>(properties(),
                    new StringDeserializer(), new TokenChangedDeserializer())) {
                consumer = c;
                readForever(c);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                Log.warnf("token-changes reader failed (%s), retrying in 1 s", e.toString());
                sleep(1_000);
            }
        }
    }

    private void readForever(KafkaConsumer<String, TokenChanged> c) {
        List<PartitionInfo> infos = c.partitionsFor(Topics.TOKEN_CHANGES, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + Topics.TOKEN_CHANGES + " has no partitions yet");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> target = new HashMap<>(c.endOffsets(partitions, Duration.ofSeconds(30)));
        Log.infof("token-changes: reading %d partitions up to %s", partitions.size(), target);
        Duration poll = pollTimeout;
        while (running.get()) {
            ConsumerRecords<String, TokenChanged> records;
            try {
                records = c.poll(poll);
            } catch (RecordDeserializationException e) {
                Log.errorf("token-changes: skipping unreadable record at %s offset %d", e.topicPartition(), e.offset());
                c.seek(e.topicPartition(), e.offset() + 1);
                continue;
            }
            for (ConsumerRecord<String, TokenChanged> record : records) {
                if (record.value() == null) {
                    map.remove(record.key());
                } else if (map.apply(record.value())) {
                    unknown.forget(record.value().tokenHash());
                    unknown.forget(record.value().previousHash());
                }
            }
            if (!caughtUp.get() && reached(c, target)) {
                caughtUp.set(true);
                Log.infof("token-changes: caught up, %d tokens in the map", map.size());
            }
        }
    }

    private static boolean reached(KafkaConsumer<String, TokenChanged> c, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
            if (c.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "send-gateway-token-map");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(fetchMaxWait.toMillis()));
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return props;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
