package org.mintpost.contracts.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole compacted state topic into memory (the edge's token map and sending domains, a worker's DKIM
 * keys: every context that keeps another's state the way DESIGN §7 asks): its own consumer, no group, every
 * partition assigned
 * and read from the beginning, each record handed to {@link #apply} the moment it is polled (a tombstone
 * as a null value). Caught up once it has reached the end offsets taken at start: the edge is not ready
 * before that. On any failure the consumer is made again a second later.
 */
public abstract class StateTopicReader<V> {

    private static final Logger LOG = LoggerFactory.getLogger(StateTopicReader.class);

    private final String topic;
    private final Deserializer<V> values;
    private final String clientId;
    private final String bootstrapServers;
    private final Duration pollTimeout;
    private final Duration fetchMaxWait;
    private final AtomicBoolean caughtUp = new AtomicBoolean(false);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile KafkaConsumer<String, V> consumer;
    private volatile long upToDateAt = System.currentTimeMillis();
    private final Queue<CompletableFuture<Void>> syncRequests = new ConcurrentLinkedQueue<>();
    private final List<Map.Entry<Map<TopicPartition, Long>, List<CompletableFuture<Void>>>> syncing =
            new ArrayList<>();
    private Thread thread;

    protected StateTopicReader(String topic, Deserializer<V> values, String clientId, String bootstrapServers,
            Duration pollTimeout, Duration fetchMaxWait) {
        this.topic = topic;
        this.values = values;
        this.clientId = clientId;
        this.bootstrapServers = bootstrapServers;
        this.pollTimeout = pollTimeout;
        this.fetchMaxWait = fetchMaxWait;
    }

    /** Applies one record; {@code value} is null for a tombstone. */
    protected abstract void apply(String key, V value);

    /** What to say once caught up (e.g. how many entries are in memory). */
    protected abstract String summary();

    /** Starts the reader thread (done at application start). */
    public void start() {
        thread = new Thread(this::run, topic + "-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the reader thread and closes its consumer. */
    public void stop() {
        running.set(false);
        KafkaConsumer<String, V> c = consumer;
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

    /** True once memory holds everything that was on the topic when this instance started. */
    public boolean isCaughtUp() {
        return caughtUp.get();
    }

    /**
     * Completes once memory holds everything on the topic at the moment of the call (the end offsets taken then):
     * read-your-writes for a caller that knows a change was acknowledged by the broker just before, e.g. a route
     * created a moment ago. Served by the reader thread between two polls.
     */
    public CompletableFuture<Void> sync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        syncRequests.add(done);
        return done;
    }

    /**
     * Seconds since memory last held everything on the topic (no record left unread after a poll): the age of
     * what is kept, growing while the reader is stuck or behind, 0 while it keeps up.
     */
    public double secondsBehind() {
        return (System.currentTimeMillis() - upToDateAt) / 1000.0;
    }

    protected AtomicBoolean caughtUpFlag() {
        return caughtUp;
    }

    private void run() {
        while (running.get()) {
            try (KafkaConsumer<String, V> c = new KafkaConsumer<>(properties(), new StringDeserializer(), values)) {
                consumer = c;
                readForever(c);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                LOG.warn("{} reader failed ({}), retrying in 1 s", topic, e.toString());
                sleep(1_000);
            }
        }
    }

    private void readForever(KafkaConsumer<String, V> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions yet");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> target = new HashMap<>(c.endOffsets(partitions, Duration.ofSeconds(30)));
        LOG.info("{}: reading {} partitions up to {}", topic, partitions.size(), target);
        while (running.get()) {
            ConsumerRecords<String, V> records;
            try {
                records = c.poll(pollTimeout);
            } catch (RecordDeserializationException e) {
                LOG.error("{}: skipping unreadable record at {} offset {}", topic, e.topicPartition(), e.offset());
                c.seek(e.topicPartition(), e.offset() + 1);
                continue;
            }
            for (ConsumerRecord<String, V> record : records) {
                apply(record.key(), record.value());
            }
            serveSyncs(c, partitions);
            if (partitions.stream().allMatch(tp -> c.currentLag(tp).orElse(1) == 0)) {
                upToDateAt = System.currentTimeMillis();
            }
            if (!caughtUp.get() && reached(c, target)) {
                caughtUp.set(true);
                LOG.info("{}: caught up, {}", topic, summary());
            }
        }
    }

    private void serveSyncs(KafkaConsumer<String, V> c, List<TopicPartition> partitions) {
        List<CompletableFuture<Void>> asked = new ArrayList<>();
        for (CompletableFuture<Void> f = syncRequests.poll(); f != null; f = syncRequests.poll()) {
            asked.add(f);
        }
        if (!asked.isEmpty()) {
            syncing.add(Map.entry(new HashMap<>(c.endOffsets(partitions, Duration.ofSeconds(5))), asked));
        }
        syncing.removeIf(entry -> {
            if (!reached(c, entry.getKey())) {
                return false;
            }
            entry.getValue().forEach(f -> f.complete(null));
            return true;
        });
    }

    private boolean reached(KafkaConsumer<String, V> c, Map<TopicPartition, Long> target) {
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
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
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
