package org.mintpost.gateway.tracking;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.tracking.TrackingId;
import org.mintpost.gateway.messaging.GatewayProducer;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Puts each recorded hit on {@code delivery-events} (key message id) as an {@code opened}, {@code clicked} or
 * {@code unsubscribed} event, in the background: opens and clicks are answered whatever Kafka does (a rare open lost
 * under a broker outage is acceptable); an unsubscribe is answered after the broker's ack. Opens and clicks are
 * limited per message and minute ({@code mintpost.tracking.hits-per-message-minute}): a flood is answered, not
 * recorded.
 */
@ApplicationScoped
public class HitPublisher {

    private static final int MAX_WINDOWS = 100_000;

    private final GatewayProducer producer;
    private final MeterRegistry registry;
    private final int perMinute;
    private final Map<String, long[]> windows = new ConcurrentHashMap<>();

    public HitPublisher(GatewayProducer producer, MeterRegistry registry, TrackingConfig config) {
        this.producer = producer;
        this.registry = registry;
        this.perMinute = config.hitsPerMessageMinute();
    }

    /** Publishes an open or click unless the message is over its limit; never waits. */
    public void hit(TrackingId id, String status, String classification, String userAgent) {
        if (!allowed(id.messageId())) {
            registry.counter("mintpost.tracking.hits", "status", status, "outcome", "rate_limited").increment();
            return;
        }
        send(event(id, status, classification, userAgent));
    }

    /** Publishes an unsubscribe; completes when the broker acknowledged it (or failed). */
    public CompletableFuture<Void> unsubscribe(TrackingId id, String userAgent) {
        return send(event(id, DeliveryEvent.UNSUBSCRIBED, null, userAgent));
    }

    private CompletableFuture<Void> send(DeliveryEvent event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            boolean taken = producer.trySend(new ProducerRecord<>(Topics.DELIVERY_EVENTS, event.messageId(), event),
                    (metadata, error) -> {
                        count(event.status(), error == null ? "published" : "lost");
                        if (error == null) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(error);
                        }
                    });
            if (!taken) {
                count(event.status(), "refused");
                done.completeExceptionally(new IllegalStateException("the producer refused the record"));
            }
        } catch (RuntimeException e) {
            Log.warnf("a %s event could not be published (%s)", event.status(), e.getClass().getSimpleName());
            count(event.status(), "refused");
            done.completeExceptionally(e);
        }
        return done;
    }

    private void count(String status, String outcome) {
        registry.counter("mintpost.tracking.hits", "status", status, "outcome", outcome).increment();
    }

    private boolean allowed(String messageId) {
        long minute = System.currentTimeMillis() / 60_000;
        if (windows.size() > MAX_WINDOWS) {
            windows.clear();
        }
        long[] w = windows.computeIfAbsent(messageId, k -> new long[] {minute, 0});
        synchronized (w) {
            if (w[0] != minute) {
                w[0] = minute;
                w[1] = 0;
            }
            return ++w[1] <= perMinute;
        }
    }

    private static DeliveryEvent event(TrackingId id, String status, String classification, String userAgent) {
        Map<String, String> data = new LinkedHashMap<>();
        if (!id.url().isEmpty()) {
            data.put("url", id.url());
        }
        if (classification != null) {
            data.put("classification", classification);
        }
        if (userAgent != null && !userAgent.isBlank()) {
            data.put("user_agent", userAgent.length() > 300 ? userAgent.substring(0, 300) : userAgent);
        }
        return new DeliveryEvent(UUID.randomUUID().toString(), Instant.now(), DeliveryEvent.SCHEMA_VERSION,
                id.messageId(), id.teamId(), id.projectId(), id.recipient(), status, null, null, 0, null, null,
                null, null, null, id.routeId(), null, data);
    }
}
