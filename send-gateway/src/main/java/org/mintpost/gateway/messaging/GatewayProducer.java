package org.mintpost.gateway.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.kafka.JsonSerializer;
import org.mintpost.gateway.config.GatewayConfig;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The gateway's two Kafka producers, both {@code acks=all} and idempotent: one for {@code send-jobs}, whose
 * every record a client waits for ({@code mintpost.kafka.linger-ms}, 1 ms), and one for {@code token-usage},
 * whose records nobody waits for, gathered for {@code mintpost.usage.linger} (50 ms) into batches of up to
 * {@code mintpost.usage.batch-size}. Apart, the broker appends a usage batch some twenty times a second
 * instead of one in every produce request of the jobs; what that gained is in docs/benchmarks.md.
 *
 * <p>Neither ever waits in {@code send()} ({@code max.block.ms=0}), so callers send straight from an event
 * loop: with no metadata for the topic yet or no buffer space, {@link #trySend} says the record was refused
 * at once, and the caller decides whether to drop it (usage events) or to try again (jobs,
 * {@link KafkaSendJobPublisher}). Both topics' metadata is asked for at startup and kept however long a
 * topic sees no record ({@code metadata.max.idle.ms}).
 */
@ApplicationScoped
public class GatewayProducer {

    /** Startup asks for the topics' metadata every 100 ms for a minute; after that each send asks again. */
    private static final long METADATA_TRIES = 600;
    private static final long METADATA_RETRY_MS = 100;

    private final GatewayConfig config;
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "gateway-producer-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile KafkaProducer<String, Object> jobs;
    private volatile KafkaProducer<String, Object> usage;
    private volatile boolean stopped;

    public GatewayProducer(GatewayConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        scheduler.execute(() -> fetchMetadata(0));
    }

    /**
     * With {@code max.block.ms=0} a metadata request fails at once but stays asked for: retried until the
     * broker has answered, so the first records after startup find the topics' partitions.
     */
    private void fetchMetadata(long attempt) {
        if (stopped) {
            return;
        }
        try {
            for (String topic : List.of(Topics.SEND_JOBS, Topics.TOKEN_USAGE, Topics.DELIVERY_EVENTS)) {
                producer(topic).partitionsFor(topic);
            }
        } catch (RuntimeException e) {
            if (attempt + 1 < METADATA_TRIES) {
                scheduler.schedule(() -> fetchMetadata(attempt + 1), METADATA_RETRY_MS, TimeUnit.MILLISECONDS);
            } else {
                Log.warnf("Kafka metadata not available yet (%s): sends are retried until it is, usage events "
                        + "dropped", e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Hands the record to the producer without waiting.
     *
     * @return false, without calling {@code callback}, when the producer refused the record at once (no
     *         metadata for its topic yet, or no buffer space); otherwise {@code callback} is called exactly
     *         once, with the broker's ack or the failure
     * @throws org.apache.kafka.common.KafkaException when the record can never be sent (not serializable,
     *                                                producer closed)
     */
    public boolean trySend(ProducerRecord<String, Object> record, Callback callback) {
        if (stopped) {
            return false;
        }
        RefusalAware attempt = new RefusalAware(callback);
        producer(record.topic()).send(record, attempt);
        return attempt.sendReturned();
    }

    /** Runs {@code task} after {@code delay} on the producer's own thread (retries, never an event loop). */
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        // retries still waiting run at their time and are refused (stopped): their publishes are answered
        // with a failure instead of never
        scheduler.shutdown();
        close(jobs);
        close(usage);
    }

    private static void close(KafkaProducer<String, Object> producer) {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    /**
     * Tells a record refused inside {@code send()} (the producer calls back before returning, with a
     * {@link TimeoutException}: no metadata, or {@code BufferExhaustedException}: no space) from one
     * that was queued; in the rare case that a queued record is acknowledged before {@code send()}
     * returns, the ack is passed on then.
     */
    private static final class RefusalAware implements Callback {
        private static final int SENDING = 0;
        private static final int RETURNED = 1;
        private static final int CALLED_BACK_EARLY = 2;

        private final Callback callback;
        private final AtomicInteger state = new AtomicInteger(SENDING);
        private RecordMetadata earlyMetadata;
        private Exception earlyError;

        RefusalAware(Callback callback) {
            this.callback = callback;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (state.get() == SENDING) {
                earlyMetadata = metadata;
                earlyError = error;
                if (state.compareAndSet(SENDING, CALLED_BACK_EARLY)) {
                    return;
                }
            }
            callback.onCompletion(metadata, error);
        }

        /** @return false when the record was refused at once */
        boolean sendReturned() {
            if (state.compareAndSet(SENDING, RETURNED)) {
                return true;
            }
            if (earlyError instanceof TimeoutException) {
                return false;
            }
            callback.onCompletion(earlyMetadata, earlyError);
            return true;
        }
    }

    private KafkaProducer<String, Object> producer(String topic) {
        // tracking hits, like usage events, are records nobody waits for at once: batched with them
        boolean forUsage = Topics.TOKEN_USAGE.equals(topic) || Topics.DELIVERY_EVENTS.equals(topic);
        KafkaProducer<String, Object> p = forUsage ? usage : jobs;
        if (p == null) {
            synchronized (this) {
                p = forUsage ? usage : jobs;
                if (p == null) {
                    p = new KafkaProducer<>(properties(forUsage), new StringSerializer(), new JsonSerializer<>());
                    if (forUsage) {
                        usage = p;
                    } else {
                        jobs = p;
                    }
                }
            }
        }
        return p;
    }

    private Properties properties(boolean forUsage) {
        GatewayConfig.Kafka kafka = config.kafka();
        long timeout = kafka.sendTimeout().toMillis();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, forUsage ? "send-gateway-usage" : "send-gateway");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(kafka.maxRequestSize()));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(Math.max(128L << 20,
                2L * kafka.maxRequestSize())));
        if (forUsage) {
            props.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(config.usage().linger().toMillis()));
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(config.usage().batchSize()));
        } else {
            props.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(kafka.lingerMs()));
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(kafka.batchSize()));
        }
        // never wait in send(): no metadata or no buffer space is reported at once (trySend)
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
        // keep a topic's metadata however long it sees no record (default: forgotten after 5 min)
        props.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, String.valueOf(Duration.ofDays(365).toMillis()));
        // every job is answered (acked or failed) within this bound; a usage event within it plus its linger
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(1_000, timeout - 1_000)));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                String.valueOf(forUsage ? timeout + config.usage().linger().toMillis() : timeout));
        return props;
    }
}
