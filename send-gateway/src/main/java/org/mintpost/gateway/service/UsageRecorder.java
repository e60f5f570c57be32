package org.mintpost.gateway.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.TokenUsed;

/**
 * Records every use and refused use of a token on {@code token-usage}, fire-and-forget: a full
 * buffer or a broker outage drops the event (counted) and never slows or fails the caller.
 */
@ApplicationScoped
public class UsageRecorder {

    private final UsageSink sink;

    public UsageRecorder(UsageSink sink) {
        this.sink = sink;
    }

    /**
     * @param auth       the authentication outcome (its grant, if any, names the token)
     * @param reason     null when accepted; a {@code TokenUsed} reason otherwise
     * @param messageIds the messages accepted by this use (empty when refused)
     */
    public void record(AuthResult auth, String ip, String userAgent, String channel, String endpoint, String reason,
            List<String> messageIds) {
        Grant grant = auth == null ? null : auth.grant();
        String display = auth == null ? null : auth.display();
        record(grant, display, ip, userAgent, channel, endpoint, reason, messageIds);
    }

    public void record(Grant grant, String display, String ip, String userAgent, String channel, String endpoint,
            String reason, List<String> messageIds) {
        TokenUsed event = new TokenUsed(UUID.randomUUID().toString(), Instant.now(), TokenUsed.SCHEMA_VERSION,
                grant == null ? null : grant.tokenId(),
                grant == null ? null : grant.kind(),
                display,
                grant == null ? null : grant.teamId(),
                grant == null ? null : grant.projectId(),
                ip,
                truncate(userAgent, 512),
                channel,
                endpoint,
                reason == null ? TokenUsed.OUTCOME_ACCEPTED : TokenUsed.OUTCOME_REFUSED,
                reason,
                messageIds == null ? List.of() : List.copyOf(messageIds));
        sink.offer(event);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
