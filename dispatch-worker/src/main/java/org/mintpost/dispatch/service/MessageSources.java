package org.mintpost.dispatch.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.mintpost.contracts.event.MessageSource;
import org.mintpost.contracts.event.SendJob;

/**
 * The content record of a message that went out: its MIME written as the SMTP transport writes it (without
 * {@code Bcc} and {@code Content-Length}, DKIM signature included), gzip-compressed; for a route or project with
 * {@code redact_email_content} only the record that it was redacted.
 */
public final class MessageSources {

    /** What the SMTP transport leaves out of the DATA it sends. */
    private static final String[] NOT_SENT = {"Bcc", "Content-Length"};

    private MessageSources() {
    }

    public static MessageSource of(SendJob job, MimeMessage message, Instant at) {
        if (job.redacted()) {
            return new MessageSource(job.messageId(), job.teamId(), job.projectId(), at, MessageSource.SCHEMA_VERSION,
                    null, MessageSource.REDACTED);
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            message.writeTo(gzip, NOT_SENT);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("the sent message cannot be written again: " + e.getMessage(), e);
        }
        byte[] bytes = compressed.toByteArray();
        boolean tooLarge = bytes.length > MessageSource.MAX_GZIP_BYTES;
        return new MessageSource(job.messageId(), job.teamId(), job.projectId(), at, MessageSource.SCHEMA_VERSION,
                tooLarge ? null : bytes, tooLarge ? MessageSource.TOO_LARGE : null);
    }
}
