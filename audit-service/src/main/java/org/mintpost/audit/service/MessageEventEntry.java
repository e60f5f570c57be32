package org.mintpost.audit.service;

import java.time.Instant;

/** One delivery event of a message's timeline. */
public record MessageEventEntry(
        String messageId,
        String type,
        String recipient,
        Instant at,
        Integer smtpCode,
        String smtpResponse) {
}
