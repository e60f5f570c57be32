package org.mintpost.gateway.messaging;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.contracts.kafka.JsonSerializer;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.service.UsageSink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * {@code token-usage} producer, called directly by whoever records a use (an event loop, an SMTP
 * session): no queue and no thread hand-off per event. It can never block the caller: the producer has
 * {@code max.block.ms=0}, so with no metadata for the topic or no buffer space it refuses the record
 * at once instead of waiting; the topic's metadata is fetched at startup and kept
 * ({@code metadata.max.idle.ms}), and at most {@code mintpost.usage.buffer-size} events wait for the
 * broker's ack. Any refusal or failure drops the event and {@code mintpost_gateway_usage_dropped_total}
 * counts it.
 */
@ApplicationScoped
public class KafkaUsageSink implements UsageSink {

    /** Startup asks for the topic's metadata every 100 ms for a minute; after that each send asks again. */
    private static final long METADATA_TRIES = 600;
    private static final long METADATA_RETRY_MS = 100;

    private final GatewayConfig config;
    private final Counter dropped;
    private final Counter sent;
    private final AtomicInteger pending = new AtomicInteger();
    private final ScheduledExecutorService metadata = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "token-usage-metadata");
        t.setDaemon(true);
        return t;
    });
    private volatile KafkaProducer<String, TokenUsed> producer;
    private volatile boolean stopped;

    public KafkaUsageSink(GatewayConfig config, MeterRegistry registry) {
        this.config = config;
        this.dropped = registry.counter("mintpost.gateway.usage.dropped");
        this.sent = registry.counter("mintpost.gateway.usage.sent");
    }

    void start(@Observes StartupEvent event) {
        metadata.execute(() -> fetchMetadata(0));
    }

    /**
     * With {@code max.block.ms=0} a metadata request fails at once but stays asked for: retried until
     * the broker has answered, so the first uses after startup find the topic's partitions.
     */
    private void fetchMetadata(long attempt) {
        if (stopped) {
            return;
        }
        try {
            producer().partitionsFor(Topics.TOKEN_USAGE);
        } catch (RuntimeException e) {
            if (attempt + 1 < METADATA_TRIES) {
                metadata.schedule(() -> fetchMetadata(attempt + 1), METADATA_RETRY_MS, TimeUnit.MILLISECONDS);
            } else {
                Log.warnf("token-usage metadata not available yet (%s): usage events are dropped until it is",
                        e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public boolean offer(TokenUsed event) {
        if (stopped || pending.incrementAndGet() > config.usage().bufferSize()) {
            pending.decrementAndGet();
            dropped.increment();
            return false;
        }
        try {
            String key = event.tokenId() == null ? "unknown" : event.tokenId();
            Future<RecordMetadata> ack = producer().send(new ProducerRecord<>(Topics.TOKEN_USAGE, key, event),
                    (metadata, error) -> {
                        pending.decrementAndGet();
                        if (error == null) {
                            sent.increment();
                        } else {
                            dropped.increment();
                        }
                    });
            return !refusedAtOnce(ack);
        } catch (RuntimeException e) {
            // a record refused before it is queued either comes back through the callback at once (no
            // metadata, buffer full) or is thrown here (closed, not serializable): counted once either way
            pending.decrementAndGet();
            dropped.increment();
            Log.debugf("token-usage event dropped: %s", e.getClass().getSimpleName());
            return false;
        }
    }

    /** A record refused before it was queued comes back as a future that has already failed. */
    private static boolean refusedAtOnce(Future<RecordMetadata> ack) {
        if (!ack.isDone()) {
            return false;
        }
        try {
            ack.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        metadata.shutdownNow();
        KafkaProducer<String, TokenUsed> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }

    private KafkaProducer<String, TokenUsed> producer() {
        KafkaProducer<String, TokenUsed> p = producer;
        if (p == null) {
            synchronized (this) {
                p = producer;
                if (p == null) {
                    p = new KafkaProducer<>(properties(), new StringSerializer(), new JsonSerializer<>());
                    producer = p;
                }
            }
        }
        return p;
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "send-gateway-token-usage");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        // never wait in send(): no metadata or no buffer space means the event is dropped at once
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
        // keep token-usage's metadata however long the gateway sees no use (default: forgotten after 5 min)
        props.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, String.valueOf(Duration.ofDays(365).toMillis()));
        return props;
    }
}
