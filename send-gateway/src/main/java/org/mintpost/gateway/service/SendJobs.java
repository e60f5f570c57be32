package org.mintpost.gateway.service;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.gateway.routes.RouteModes;
import org.mintpost.gateway.tracking.JobTracking;

/**
 * The {@code send-jobs} record of one accepted message: its content, the route's tracking settings, and how its
 * route and project want it handled ({@link RouteModes}: sandbox, redacted).
 */
@ApplicationScoped
public class SendJobs {

    private final JobTracking tracking;
    private final RouteModes modes;

    public SendJobs(JobTracking tracking, RouteModes modes) {
        this.tracking = tracking;
        this.modes = modes;
    }

    /** A Sending API message. */
    public SendJob api(Grant grant, EmailContent content, String messageId, String routeId, String idempotencyKey,
            Instant receivedAt, Instant now) {
        RouteModes.Mode mode = modes.of(grant.projectId(), routeId, content.sandboxResult());
        return tracking.routed(new SendJob(UUID.randomUUID().toString(), now, SendJob.SCHEMA_VERSION, messageId,
                grant.teamId(), grant.projectId(), grant.tokenId(), receivedAt, TokenUsed.CHANNEL_API, idempotencyKey,
                content, null, null, null, null, null, null, content.scheduledAt(), 0, null, null, routeId,
                tracking.of(routeId, content.settings()), mode.deliveryMode(), mode.sandboxResult(),
                mode.redacted() ? Boolean.TRUE : null, null, null));
    }

    /** A message received over SMTP. */
    public SendJob raw(Grant grant, SendService.RawMessage message, String messageId, String idempotencyKey,
            Instant receivedAt) {
        RouteModes.Mode mode = modes.of(grant.projectId(), message.routeId(), message.sandboxResult());
        return tracking.routed(new SendJob(UUID.randomUUID().toString(), Instant.now(), SendJob.SCHEMA_VERSION,
                messageId, grant.teamId(), grant.projectId(), grant.tokenId(), receivedAt, TokenUsed.CHANNEL_SMTP,
                idempotencyKey, null, Base64.getEncoder().encodeToString(message.mime()), message.envelopeFrom(),
                List.copyOf(message.envelopeTo()), message.tag(), message.metadata(), message.route(), null, 0, null,
                null, message.routeId(), tracking.of(message.routeId(), null), mode.deliveryMode(),
                mode.sandboxResult(), mode.redacted() ? Boolean.TRUE : null, null, null));
    }
}
