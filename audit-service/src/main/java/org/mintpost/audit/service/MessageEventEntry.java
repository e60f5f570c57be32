package org.mintpost.audit.service;

import java.time.Instant;
import java.util.Map;

/** One delivery event of a message's timeline; {@code data} is what the kind of event adds (may be null). */
public record MessageEventEntry(
        long id,
        String messageId,
        String type,
        String recipient,
        Instant at,
        Integer smtpCode,
        String smtpResponse,
        int attempt,
        String tag,
        Map<String, String> data) {
}
