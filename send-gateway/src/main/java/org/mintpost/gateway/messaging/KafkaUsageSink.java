package org.mintpost.gateway.messaging;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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

/**
 * {@code token-usage} producer behind a bounded queue and one thread: offering never blocks; when
 * the queue is full or the broker refuses, the event is dropped and
 * {@code mintpost_gateway_usage_dropped_total} counts it.
 */
@ApplicationScoped
public class KafkaUsageSink implements UsageSink {

    private final GatewayConfig config;
    private final ThreadPoolExecutor sender;
    private final Counter dropped;
    private final Counter sent;
    private volatile KafkaProducer<String, TokenUsed> producer;

    public KafkaUsageSink(GatewayConfig config, MeterRegistry registry) {
        this.config = config;
        this.dropped = registry.counter("mintpost.gateway.usage.dropped");
        this.sent = registry.counter("mintpost.gateway.usage.sent");
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.usage().bufferSize()), r -> {
                    Thread t = new Thread(r, "token-usage-producer");
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public boolean offer(TokenUsed event) {
        try {
            sender.execute(() -> send(event));
            return true;
        } catch (RejectedExecutionException e) {
            dropped.increment();
            return false;
        }
    }

    private void send(TokenUsed event) {
        try {
            String key = event.tokenId() == null ? "unknown" : event.tokenId();
            producer().send(new ProducerRecord<>(Topics.TOKEN_USAGE, key, event), (metadata, error) -> {
                if (error == null) {
                    sent.increment();
                } else {
                    dropped.increment();
                }
            });
        } catch (RuntimeException e) {
            dropped.increment();
            Log.debugf("token-usage event dropped: %s", e.getClass().getSimpleName());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        KafkaProducer<String, TokenUsed> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }

    private KafkaProducer<String, TokenUsed> producer() {
        KafkaProducer<String, TokenUsed> p = producer;
        if (p == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "send-gateway-token-usage");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
            p = new KafkaProducer<>(props, new StringSerializer(), new JsonSerializer<>());
            producer = p;
        }
        return p;
    }
}
