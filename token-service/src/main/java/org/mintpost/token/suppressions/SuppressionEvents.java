package org.mintpost.token.suppressions;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SuppressionChanged;
import org.mintpost.token.service.Outbox;

import io.smallrye.mutiny.Uni;

/**
 * Records a suppression change: bumps the entry's revision and writes its full state ({@link SuppressionChanged})
 * to the outbox for {@code suppression-changes}, in the caller's transaction.
 */
@ApplicationScoped
public class SuppressionEvents {

    private final Outbox outbox;

    public SuppressionEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> record(Suppression s, String change, String actor, Instant now) {
        s.changed(actor, now);
        return outbox.write(Topics.SUPPRESSION_CHANGES, s.id, s.revision, change, state(s, change), now);
    }

    static SuppressionChanged state(Suppression s, String change) {
        return new SuppressionChanged(UUID.randomUUID().toString(), s.updatedAt, SuppressionChanged.SCHEMA_VERSION,
                change, s.id.toString(), s.teamId.toString(), s.scope,
                s.projectId == null ? null : s.projectId.toString(), s.routeId, s.type, s.value, s.reason,
                s.sourceMessageId, s.revision, s.lastActor);
    }
}
