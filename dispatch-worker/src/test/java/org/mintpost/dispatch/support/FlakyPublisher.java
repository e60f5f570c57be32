package org.mintpost.dispatch.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.apache.kafka.common.errors.TimeoutException;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.MessageSource;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.messaging.KafkaDispatchPublisher;
import org.mintpost.dispatch.service.DispatchPublisher;

import io.smallrye.mutiny.Uni;

/**
 * The real publisher with a fault a test can put in front of it: the outcome events of a chosen message
 * ({@code processed}, {@code delivered}) fail as an unanswered broker would, for a while after the first try.
 * Every other publish goes straight to Kafka.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class FlakyPublisher implements DispatchPublisher {

    private static final Map<String, Duration> FAIL_FOR = new ConcurrentHashMap<>();
    private static final Map<String, Long> FIRST_FAILURE = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

    private final KafkaDispatchPublisher kafka;

    public FlakyPublisher(KafkaDispatchPublisher kafka) {
        this.kafka = kafka;
    }

    /** The outcome events of {@code messageId} fail for {@code duration} from their first try on. */
    public static void failOutcomeOf(String messageId, Duration duration) {
        FAIL_FOR.put(messageId, duration);
    }

    public static int failures(String messageId) {
        AtomicInteger n = FAILURES.get(messageId);
        return n == null ? 0 : n.get();
    }

    @Override
    public Uni<Void> publishEvents(List<DeliveryEvent> events) {
        for (DeliveryEvent e : events) {
            Duration window = FAIL_FOR.get(e.messageId());
            boolean outcome = DeliveryEvent.DELIVERED.equals(e.status()) || DeliveryEvent.PROCESSED.equals(e.status());
            if (window != null && outcome) {
                long first = FIRST_FAILURE.computeIfAbsent(e.messageId(), k -> System.nanoTime());
                if (System.nanoTime() - first < window.toNanos()) {
                    FAILURES.computeIfAbsent(e.messageId(), k -> new AtomicInteger()).incrementAndGet();
                    return Uni.createFrom().failure(new TimeoutException("injected: the broker did not answer"));
                }
            }
        }
        return kafka.publishEvents(events);
    }

    @Override
    public Uni<Void> publishSource(MessageSource source) {
        return kafka.publishSource(source);
    }

    @Override
    public Uni<Void> publishDelayed(String topic, SendJob job) {
        return kafka.publishDelayed(topic, job);
    }

    @Override
    public Uni<Void> publishDeadLetter(SendJob job, String reason) {
        return kafka.publishDeadLetter(job, reason);
    }
}
