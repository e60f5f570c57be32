package org.mintpost.token.suppressions;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SuppressionChanged;
import org.mintpost.token.service.NotFound;
import org.mintpost.token.service.ValidationFailed;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Delivery outcomes that add to the suppression list (consumes {@code delivery-events}, group
 * {@code token-service-suppressions}, in batches): a recipient's {@code hard_bounced} becomes a {@code hard_bounce}
 * entry, a {@code spam_complaint} a {@code spam_complaint} entry, both at project scope with the message as their
 * source; an {@code unsubscribed} (the edge's one-click or hosted unsubscribe) an {@code unsubscribe} entry at the
 * scope of the message's route (project scope when the message had none); {@code soft_bounced} and
 * {@code delivered} feed the {@link SoftBounceRule}, whose streak ends in a {@code hard_bounce} entry. A batch is
 * handled in record order: first each outcome's effect on the soft-bounce streaks, one after another, then every
 * entry the batch calls for in one transaction ({@link OutcomeBatch}). An event read again finds its entry there
 * and is skipped. The batch is acknowledged once its entries are committed and published; a database that is down
 * is retried, an event that names no project or a recipient that is no address is logged and passed over.
 */
@ApplicationScoped
public class OutcomeSuppressions {

    static final String ACTOR = "system:delivery-outcome";

    private final OutcomeBatch batch;
    private final SoftBounceRule softBounces;

    public OutcomeSuppressions(OutcomeBatch batch, SoftBounceRule softBounces) {
        this.batch = batch;
        this.softBounces = softBounces;
    }

    @Incoming("delivery-outcomes")
    public Uni<Void> consume(List<DeliveryEvent> events) {
        // a record that could not be read is a null in the batch: passed over
        return Multi.createFrom().iterable(events.stream().filter(Objects::nonNull).toList())
                .onItem().transformToUniAndConcatenate(this::outcome)
                .collect().asList()
                .chain(outcomes -> {
                    Uni<Integer> added = batch.add(outcomes);
                    return retrying(added, outcomes.size() + " delivery outcomes");
                })
                .replaceWithVoid();
    }

    /** The entry {@code event} calls for, if any (a null item, which the stream leaves out, if none). */
    private Uni<OutcomeBatch.Outcome> outcome(DeliveryEvent event) {
        if (event.recipient() == null || uuid(event.teamId()) == null
                || uuid(event.projectId()) == null) {
            return Uni.createFrom().nullItem();
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
        return retrying(reason, event.status() + " of message " + event.messageId())
                .map(r -> r == null ? null : new OutcomeBatch.Outcome(event, team, project, r));
    }

    /** A database that is down is retried; what can never succeed is logged and passed over (null). */
    private static <T> Uni<T> retrying(Uni<T> work, String what) {
        return work.onFailure(OutcomeSuppressions::retryable).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(20)
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("%s not added to the suppression list: %s", what, failure.toString());
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
