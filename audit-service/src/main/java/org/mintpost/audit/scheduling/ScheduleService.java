package org.mintpost.audit.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.audit.config.AuditConfig;
import org.mintpost.audit.service.IngestService;
import org.mintpost.audit.service.InvalidRequestException;
import org.mintpost.audit.service.MessageService;
import org.mintpost.audit.service.MessageView;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.MessageCommand;
import org.mintpost.contracts.token.InternalCaller;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Cancel and reschedule of a scheduled message ({@code messages.cancel}, {@code messages.reschedule}). Accepted only
 * while the message is {@code scheduled} and its time is more than {@code mintpost.audit.schedule-change-cutoff}
 * away, so the command reaches the workers before the message is due; the command goes to {@code message-commands}
 * (the workers apply it and publish its events) and its events are put in the read model at once under the same ids.
 */
@ApplicationScoped
public class ScheduleService {

    private final MessageService messages;
    private final CommandPublisher publisher;
    private final IngestService ingest;
    private final AuditConfig config;
    private final Clock clock = Clock.systemUTC();

    public ScheduleService(MessageService messages, CommandPublisher publisher, IngestService ingest,
            AuditConfig config) {
        this.messages = messages;
        this.publisher = publisher;
        this.ingest = ingest;
        this.config = config;
    }

    /** What the caller is told: the message's status and delivery time after the change. */
    public record Outcome(String messageId, String status, Instant scheduledAt) {
    }

    public Uni<Outcome> cancel(InternalCaller caller, String messageId) {
        return messages.message(caller, messageId).chain(m -> {
            Instant now = clock.instant();
            changeable(m, now, "canceled");
            DeliveryEvent canceled = event(m, DeliveryEvent.CANCELED, now, Map.of());
            return apply(m, MessageCommand.CANCEL, m.scheduledAt(), List.of(canceled))
                    .replaceWith(new Outcome(m.id(), DeliveryEvent.CANCELED, m.scheduledAt()));
        });
    }

    /** {@code scheduledAt} as the request gave it (validated here: the 422 names {@code scheduled_at}). */
    public Uni<Outcome> reschedule(InternalCaller caller, String messageId, Object scheduledAt) {
        return messages.message(caller, messageId).chain(m -> {
            Instant now = clock.instant();
            Instant at = ScheduleTime.parse(scheduledAt, now, config.scheduleChangeCutoff(),
                    config.scheduleMaxAhead());
            changeable(m, now, "rescheduled");
            Map<String, String> data = Map.of("scheduled_at", at.toString());
            // the timeline says "rescheduled"; the status stays "scheduled" (the SDK's statuses have no other)
            List<DeliveryEvent> events = new ArrayList<>();
            events.add(event(m, DeliveryEvent.RESCHEDULED, now, data));
            events.add(event(m, DeliveryEvent.SCHEDULED, now.plusNanos(1000), data));
            return apply(m, MessageCommand.RESCHEDULE, at, events)
                    .replaceWith(new Outcome(m.id(), DeliveryEvent.SCHEDULED, at));
        });
    }

    /** 422 unless the message waits for a time still more than the cutoff away. */
    private void changeable(MessageView m, Instant now, String what) {
        Duration cutoff = config.scheduleChangeCutoff();
        // "queued" too: a worker says queued and scheduled at the same instant when it takes a scheduled message in
        boolean waiting = DeliveryEvent.SCHEDULED.equals(m.status()) || DeliveryEvent.QUEUED.equals(m.status());
        if (!waiting || m.scheduledAt() == null) {
            throw new InvalidRequestException(Map.of("status", List.of("Only a scheduled message can be " + what
                    + "; this one is " + m.status() + ".")));
        }
        if (!m.scheduledAt().isAfter(now.plus(cutoff))) {
            throw new InvalidRequestException(Map.of("scheduled_at", List.of("The message is due within "
                    + cutoff.toSeconds() + " seconds and is being processed; it can no longer be " + what + ".")));
        }
    }

    private Uni<Void> apply(MessageView m, String command, Instant at, List<DeliveryEvent> events) {
        Instant now = events.get(0).occurredAt();
        MessageCommand cmd = new MessageCommand(UUID.randomUUID().toString(), now, MessageCommand.SCHEMA_VERSION,
                m.id(), m.teamId(), m.projectId(), command, at, events);
        // the workers publish the same events (same ids) once the command is in force; stored here too so the
        // caller's next read sees them, and skipped there as already stored
        return publisher.publish(cmd)
                .onFailure().transform(CommandsUnavailableException::new)
                .call(() -> ingest.storeDeliveries(events).ifNoItem().after(Duration.ofSeconds(3)).fail()
                        .onFailure().recoverWithItem(e -> {
                            Log.warnf("the %s events of %s wait for the worker's copy: %s", command, m.id(),
                                    e.toString());
                            return null;
                        }));
    }

    private static DeliveryEvent event(MessageView m, String status, Instant at, Map<String, String> data) {
        return new DeliveryEvent(UUID.randomUUID().toString(), at, DeliveryEvent.SCHEMA_VERSION, m.id(), m.teamId(),
                m.projectId(), null, status, null, null, 0, m.from(), m.to(), m.subject(), m.tag(), m.createdAt(),
                m.routeId(), m.metadata(), data);
    }
}
