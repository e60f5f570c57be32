package org.mintpost.dispatch.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.repository.DeliveredLedger;
import org.mintpost.dispatch.repository.Finished;
import org.mintpost.dispatch.service.MessageSources;
import org.mintpost.dispatch.service.OutcomeEvents;
import org.mintpost.dispatch.service.OutgoingMessages;
import org.mintpost.dispatch.service.Republisher;
import org.mintpost.dispatch.suppressions.SuppressionList;
import org.mintpost.dispatch.suppressions.Suppressions;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Stands in for the SMTP transaction of a sandbox project's message: the message was built, signed and checked
 * against the suppression list like any other; instead of the upstream's reply it gets the outcome its sender asked
 * for ({@code sandbox_result}, default {@code delivered}) with the events a live message with that outcome gets,
 * each marked {@code data.delivery_mode = sandbox} and {@code data.sandbox_result}, and its content is kept (unless
 * redacted). Nothing is sent.
 */
@ApplicationScoped
public class SandboxDelivery {

    static final String REPLY = "sandbox: not sent";
    private static final List<String> AFTER_DELIVERY = List.of("opened", "clicked", "unsubscribed",
            "spam_complaint", "auto_replied");

    private final Suppressions suppressions;
    private final Republisher republisher;
    private final DeliveredLedger ledger;
    private final MeterRegistry registry;

    public SandboxDelivery(Suppressions suppressions, Republisher republisher, DeliveredLedger ledger,
            MeterRegistry registry) {
        this.suppressions = suppressions;
        this.republisher = republisher;
        this.ledger = ledger;
        this.registry = registry;
    }

    public Uni<Void> finish(SendJob job, OutgoingMessages.Outgoing out) {
        Instant now = Instant.now();
        String result = job.sandboxResult() == null ? DeliveryEvent.DELIVERED : job.sandboxResult();
        registry.counter("dispatch.sandbox", "result", result).increment();
        SuppressionList.Split split = suppressions.split(job, out.recipients());
        List<DeliveryEvent> events = new ArrayList<>();
        split.suppressed().forEach((recipient, entry) -> events.add(
                OutcomeEvents.suppressed(job, recipient, entry.reason(), out.subject(), now)));
        List<String> rcpts = split.allowed();
        if (!rcpts.isEmpty()) {
            events.addAll(outcome(job, rcpts, result, out.subject(), now));
        }
        String status = switch (result) {
            case "hard_bounced", "soft_bounced", "failed", "suppressed" -> result;
            case "deferred" -> DeliveryEvent.SOFT_BOUNCED;
            default -> DeliveryEvent.DELIVERED;
        };
        ledger.finished(job.messageId(), new Finished(status, code(status), REPLY, job.attempt() + 1,
                now.toEpochMilli(), out.subject()));
        List<DeliveryEvent> marked = events.stream().map(e -> marked(e, result)).toList();
        return Uni.combine().all().unis(republisher.events(marked),
                republisher.source(MessageSources.of(job, out.message(), now))).discardItems();
    }

    private static List<DeliveryEvent> outcome(SendJob job, List<String> rcpts, String result, String subject,
            Instant now) {
        List<DeliveryEvent> events = new ArrayList<>();
        switch (result) {
            case "hard_bounced", "soft_bounced", "failed", "suppressed" ->
                    events.addAll(OutcomeEvents.of(job, rcpts, result, code(result), REPLY, subject, now));
            case "deferred" -> events.addAll(OutcomeEvents.of(job, rcpts, DeliveryEvent.SOFT_BOUNCED, 451, REPLY,
                    subject, now));
            default -> {
                events.add(OutcomeEvents.message(job, DeliveryEvent.PROCESSED, now));
                events.addAll(OutcomeEvents.of(job, rcpts, DeliveryEvent.DELIVERED, 250, REPLY, subject, now));
                if (AFTER_DELIVERY.contains(result)) {
                    events.addAll(OutcomeEvents.of(job, rcpts, result, null, null, subject, now.plusMillis(1)));
                }
            }
        }
        return events;
    }

    private static Integer code(String status) {
        return switch (status) {
            case "hard_bounced" -> 550;
            case "soft_bounced" -> 451;
            case "delivered" -> 250;
            default -> null;
        };
    }

    private static DeliveryEvent marked(DeliveryEvent e, String result) {
        Map<String, String> data = e.data() == null ? new HashMap<>() : new HashMap<>(e.data());
        data.put("delivery_mode", SendJob.SANDBOX);
        data.put("sandbox_result", result);
        return new DeliveryEvent(e.eventId(), e.occurredAt(), e.schemaVersion(), e.messageId(), e.teamId(),
                e.projectId(), e.recipient(), e.status(), e.smtpCode(), e.smtpResponse(), e.attempt(), e.from(), e.to(),
                e.subject(), e.tag(), e.receivedAt(), e.routeId(), e.metadata(), Map.copyOf(data));
    }
}
