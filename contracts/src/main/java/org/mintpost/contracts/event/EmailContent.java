package org.mintpost.contracts.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A validated, normalized Sending API request as the worker receives it. Addresses keep their
 * display names ({@code Name <addr>}); attachment content stays base64. {@code sandboxResult} is the request's
 * {@code sandbox_result} (one of {@link SendJob#SANDBOX_RESULTS}, or null); it matters only in a sandbox project.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EmailContent(
        String from,
        List<String> to,
        List<String> cc,
        List<String> bcc,
        List<String> replyTo,
        String subject,
        String html,
        String text,
        Map<String, String> headers,
        Map<String, String> metadata,
        String tag,
        List<Tag> tags,
        String route,
        Instant scheduledAt,
        Settings settings,
        List<Attachment> attachments,
        String sandboxResult) {

    /** A request without {@code sandbox_result}. */
    public EmailContent(String from, List<String> to, List<String> cc, List<String> bcc, List<String> replyTo,
            String subject, String html, String text, Map<String, String> headers, Map<String, String> metadata,
            String tag, List<Tag> tags, String route, Instant scheduledAt, Settings settings,
            List<Attachment> attachments) {
        this(from, to, cc, bcc, replyTo, subject, html, text, headers, metadata, tag, tags, route, scheduledAt,
                settings, attachments, null);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Tag(String name, String value) {
    }

    /** @param tls {@code opportunistic} or {@code enforced}; null means the route's default */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Settings(Boolean trackOpens, Boolean trackClicks, String tls) {
    }

    /** @param content base64; @param contentId set for inline parts referenced as {@code cid:} */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Attachment(String filename, String content, String contentType, String contentId) {
    }
}
