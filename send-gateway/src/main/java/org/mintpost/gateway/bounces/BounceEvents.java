package org.mintpost.gateway.bounces;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.bounce.ReturnPath;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.gateway.config.GatewayConfig;
import org.mintpost.gateway.messaging.GatewayProducer;

/**
 * Turns a report's outcomes into {@code delivery-events} (a permanent failure {@code hard_bounced}, a complaint
 * {@code spam_complaint}; token-service makes the suppression of each) and waits for the broker's ack, so the
 * listener answers {@code 250} only for what is kept. An event's id is derived from the message, the recipient and
 * the kind: a report delivered twice gives the same event, which every consumer already takes once.
 */
@ApplicationScoped
public class BounceEvents {

    private static final long REFUSED_RETRY_MILLIS = 100;

    private final GatewayProducer producer;
    private final Duration timeout;

    public BounceEvents(GatewayProducer producer, GatewayConfig config) {
        this.producer = producer;
        this.timeout = config.kafka().sendTimeout();
    }

    /** The events of a report, for the message and project its return path names, of the given team. */
    static List<DeliveryEvent> of(ReturnPath.Parts to, String teamId, BounceReports.Report report, Instant now) {
        return report.outcomes().stream()
                .filter(o -> o.kind() == BounceReports.Kind.HARD_BOUNCE || o.kind() == BounceReports.Kind.COMPLAINT)
                .map(o -> {
                    String status = o.kind() == BounceReports.Kind.HARD_BOUNCE ? DeliveryEvent.HARD_BOUNCED
                            : DeliveryEvent.SPAM_COMPLAINT;
                    String id = UUID.nameUUIDFromBytes((to.messageId() + "|" + o.recipient() + "|" + status)
                            .getBytes(StandardCharsets.UTF_8)).toString();
                    Map<String, String> data = o.status() == null ? Map.of("source", report.type())
                            : Map.of("source", report.type(), "status", o.status());
                    return new DeliveryEvent(id, now, DeliveryEvent.SCHEMA_VERSION, to.messageId(), teamId,
                            to.projectId(), o.recipient(), status, o.smtpCode(), o.diagnostic(), 0, null, null, null,
                            null, null, null, null, data);
                }).toList();
    }

    /** Publishes {@code events}; true once the broker has every one, false when it did not within the timeout. */
    public boolean publish(List<DeliveryEvent> events) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<Void>> acks = events.stream().map(e -> send(e, deadline)).toList();
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private CompletableFuture<Void> send(DeliveryEvent event, long deadline) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        ProducerRecord<String, Object> record = new ProducerRecord<>(Topics.DELIVERY_EVENTS, event.messageId(), event);
        // refused at once (no metadata for the topic yet, no buffer space): asked again until the deadline
        while (!producer.trySend(record, (metadata, error) -> {
            if (error == null) {
                ack.complete(null);
            } else {
                ack.completeExceptionally(error);
            }
        })) {
            if (System.nanoTime() > deadline) {
                ack.completeExceptionally(new IllegalStateException("the producer refused the event"));
                break;
            }
            try {
                Thread.sleep(REFUSED_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ack.completeExceptionally(e);
                break;
            }
        }
        return ack;
    }
}
