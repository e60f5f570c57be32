package org.mintpost.gateway.messaging;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.service.UsageSink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * {@code token-usage} publisher, called directly by whoever records a use (an event loop, an SMTP
 * session): no queue and no thread hand-off per event. It can never block the caller: the
 * {@link GatewayProducer} never waits, a record it refuses at once (no metadata, no buffer space) is
 * dropped, and at most {@code mintpost.usage.buffer-size} events wait for the broker's ack. Any refusal
 * or failure drops the event and {@code mintpost_gateway_usage_dropped_total} counts it.
 */
@ApplicationScoped
public class KafkaUsageSink implements UsageSink {

    private final GatewayProducer producer;
    private final int bufferSize;
    private final Counter dropped;
    private final Counter sent;
    private final AtomicInteger pending = new AtomicInteger();

    public KafkaUsageSink(GatewayProducer producer, GatewayConfig config, MeterRegistry registry) {
        this.producer = producer;
        this.bufferSize = config.usage().bufferSize();
        this.dropped = registry.counter("mintpost.gateway.usage.dropped");
        this.sent = registry.counter("mintpost.gateway.usage.sent");
    }

    @Override
    public boolean offer(TokenUsed event) {
        if (pending.incrementAndGet() > bufferSize) {
            pending.decrementAndGet();
            dropped.increment();
            return false;
        }
        try {
            String key = event.tokenId() == null ? "unknown" : event.tokenId();
            ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.TOKEN_USAGE, key, event);
            boolean queued = producer.trySend(record, (metadata, error) -> {
                pending.decrementAndGet();
                if (error == null) {
                    sent.increment();
                } else {
                    dropped.increment();
                }
            });
            if (!queued) {
                pending.decrementAndGet();
                dropped.increment();
            }
            return queued;
        } catch (RuntimeException e) {
            // not serializable, or the producer is closed
            pending.decrementAndGet();
            dropped.increment();
            Log.debugf("token-usage event dropped: %s", e.getClass().getSimpleName());
            return false;
        }
    }
}
