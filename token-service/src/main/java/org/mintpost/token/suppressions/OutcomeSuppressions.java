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
 * scope of the message's route (project scope when the message had none); {@code soft_bounced} and
 * {@code delivered} feed the {@link SoftBounceRule}, whose streak ends in a {@code hard_bounce} entry. An event read
 * again finds its entry there and is skipped. The record is acknowledged once the entry is
 * committed and published; a database that is down is retried, an event that names no project or a recipient that
 * is no address is logged and passed over.
 */
@ApplicationScoped
public class OutcomeSuppressions {

    static final String ACTOR = "system:delivery-outcome";

    private final SuppressionService suppressions;
    private final SoftBounceRule softBounces;

    public OutcomeSuppressions(SuppressionService suppressions, SoftBounceRule softBounces) {
        this.suppressions = suppressions;
        this.softBounces = softBounces;
    }

    @Incoming("delivery-outcomes")
    public Uni<Void> consume(DeliveryEvent event) {
        if (event == null || event.recipient() == null || uuid(event.teamId()) == null
                || uuid(event.projectId()) == null) {
            return Uni.createFrom().voidItem();
        }
        UUID team = uuid(event.teamId());
        UUID project = uuid(event.projectId());
        Uni<String> reason = switch (event.status() == null ? "" : event.status()) {
            case DeliveryEvent.HARD_BOUNCED -> softBounces.ended(project, event.recipient())
                    .replaceWith(SuppressionChanged.REASON_HARD_BOUNCE);
            case DeliveryEvent.SPAM_COMPLAINT -> Uni.createFrom().item(SuppressionChanged.REASON_SPAM_COMPLAINT);
            case DeliveryEvent.UNSUBSCRIBED -> Uni.createFrom().item(SuppressionChanged.REASON_UNSUBSCRIBE);
            case DeliveryEvent.SOFT_BOUNCED -> softBounces.softBounced(event, team, project)
                    .map(streak -> streak ? SuppressionChanged.REASON_HARD_BOUNCE : null);
            case DeliveryEvent.DELIVERED -> softBounces.ended(project, event.recipient()).replaceWith((String) null);
            default -> Uni.createFrom().nullItem();
        };
        return retrying(reason, event)
                .chain(r -> r == null ? Uni.createFrom().voidItem() : add(event, team, r));
    }

    private Uni<Void> add(DeliveryEvent event, UUID team, String reason) {
        boolean byRoute = SuppressionChanged.REASON_UNSUBSCRIBE.equals(reason) && event.routeId() != null;
        SuppressionService.Request request = new SuppressionService.Request(team, List.of(event.recipient()),
                reason, byRoute ? SuppressionChanged.SCOPE_ROUTE : SuppressionChanged.SCOPE_PROJECT,
                event.projectId(), byRoute ? event.routeId() : null);
        SuppressionService.Source source = new SuppressionService.Source(event.messageId(), event.subject(),
                event.receivedAt());
        Uni<SuppressionService.Added> added = suppressions.add(request, source, ACTOR).invoke(a -> {
            if (!a.created().isEmpty()) {
                Log.infof("%s of message %s: %s suppressed for project %s", event.status(),
                        event.messageId(), a.created(), event.projectId());
            }
        });
        return retrying(added, event).replaceWithVoid();
    }

    /** A database that is down is retried; what can never succeed is logged and passed over (null). */
    private static <T> Uni<T> retrying(Uni<T> work, DeliveryEvent event) {
        return work.onFailure(OutcomeSuppressions::retryable).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(20)
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("%s of message %s not added to the suppression list: %s", event.status(),
                            event.messageId(), failure.toString());
                    return null;
                });
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
