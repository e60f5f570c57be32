package org.mintpost.audit.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.mintpost.contracts.event.MessageSummary;

/**
 * A message as the read model holds it: its latest status and the summary its events carried; {@code summary} (Cc,
 * Bcc, Reply-To, tags, attachment list) is null for a message whose events carried none (raw MIME from the relay);
 * {@code deliveryMode} null means live, {@code sandboxResult} is set for a sandbox message only.
 */
public record MessageView(
        String id,
        String teamId,
        String projectId,
        String routeId,
        String status,
        Instant statusChangedAt,
        Instant createdAt,
        Instant scheduledAt,
        String from,
        List<String> to,
        String subject,
        String tag,
        Map<String, String> metadata,
        MessageSummary summary,
        String deliveryMode,
        String sandboxResult) {

    /** {@code live} or {@code sandbox}. */
    public String mode() {
        return deliveryMode == null ? "live" : deliveryMode;
    }
}
