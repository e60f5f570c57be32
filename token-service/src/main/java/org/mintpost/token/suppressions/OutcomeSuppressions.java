package org.mintpost.token.suppressions;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SuppressionChanged;
import org.mintpost.token.service.NotFound;
import org.mintpost.token.service.ValidationFailed;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Delivery outcomes that add to the suppression list (consumes {@code delivery-events}, group
 * {@code token-service-suppressions}): a recipient's {@code hard_bounced} becomes a {@code hard_bounce} entry,
 * a {@code spam_complaint} a {@code spam_complaint} entry, both at project scope with the message as their
 * source; an {@code unsubscribed} (the edge's one-click or hosted unsubscribe) an {@code unsubscribe} entry at the
 * scope of the message's route (project scope when the message had none). An event read again finds its entry there and is skipped. The record is acknowledged once the entry is
 * committed and published; a database that is down is retried, an event that names no project or a recipient that
 * is no address is logged and passed over.
 */
@ApplicationScoped
public class OutcomeSuppressions {

    static final String ACTOR = "system:delivery-outcome";

    private final SuppressionService suppressions;

    public OutcomeSuppressions(SuppressionService suppressions) {
        this.suppressions = suppressions;
    }

    @Incoming("delivery-outcomes")
    public Uni<Void> consume(DeliveryEvent event) {
        String reason = event == null ? null : switch (event.status() == null ? "" : event.status()) {
            case DeliveryEvent.HARD_BOUNCED -> SuppressionChanged.REASON_HARD_BOUNCE;
            case DeliveryEvent.SPAM_COMPLAINT -> SuppressionChanged.REASON_SPAM_COMPLAINT;
            case DeliveryEvent.UNSUBSCRIBED -> SuppressionChanged.REASON_UNSUBSCRIBE;
            default -> null;
        };
        if (reason == null || event.recipient() == null || uuid(event.teamId()) == null
                || uuid(event.projectId()) == null) {
            return Uni.createFrom().voidItem();
        }
        boolean byRoute = SuppressionChanged.REASON_UNSUBSCRIBE.equals(reason) && event.routeId() != null;
        SuppressionService.Request request = new SuppressionService.Request(uuid(event.teamId()),
                List.of(event.recipient()), reason, byRoute ? SuppressionChanged.SCOPE_ROUTE
                        : SuppressionChanged.SCOPE_PROJECT, event.projectId(), byRoute ? event.routeId() : null);
        SuppressionService.Source source = new SuppressionService.Source(event.messageId(), event.subject(),
                event.receivedAt());
        return suppressions.add(request, source, ACTOR)
                .onFailure(OutcomeSuppressions::retryable).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(20)
                .invoke(added -> {
                    if (!added.created().isEmpty()) {
                        Log.infof("%s of message %s: %s suppressed for project %s", event.status(),
                                event.messageId(), added.created(), event.projectId());
                    }
                })
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("%s of message %s not added to the suppression list: %s", event.status(),
                            event.messageId(), failure.toString());
                    return null;
                })
                .replaceWithVoid();
    }

    private static boolean retryable(Throwable failure) {
        return !(failure instanceof NotFound) && !(failure instanceof ValidationFailed);
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
