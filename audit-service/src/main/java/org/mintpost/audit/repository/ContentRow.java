package org.mintpost.audit.repository;

import java.time.Instant;

/** One kept message content: the gzip of its MIME, or null with the reason it was not kept. */
public record ContentRow(String messageId, String teamId, String projectId, Instant deliveredAt, byte[] mimeGzip,
        String omitted) {
}
