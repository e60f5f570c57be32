package org.mintpost.contracts.event;

import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The exact MIME a worker handed to the upstream for one message (DKIM signature included), gzip-compressed
 * (topic {@code message-content}, key message id). Published once the upstream answered the transaction
 * (delivered or hard-bounced); audit-service keeps it for {@code messages.source/html/text}.
 *
 * @param mimeGzip the gzip of the message's bytes as sent (base64 in JSON); null when {@code omitted} says why
 * @param omitted  null, or why the content is not carried: {@code too_large} (over {@link #MAX_GZIP_BYTES}),
 *                 {@code redacted} (the project or route has {@code redact_email_content}: never stored)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MessageSource(
        String messageId,
        String teamId,
        String projectId,
        Instant deliveredAt,
        int schemaVersion,
        byte[] mimeGzip,
        String omitted) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TOO_LARGE = "too_large";
    public static final String REDACTED = "redacted";
    /** Largest compressed content carried: keeps a record (base64 in JSON) under the broker's default 1 MiB. */
    public static final int MAX_GZIP_BYTES = 700 * 1024;
}
