package org.mintpost.dispatch.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;

/** Send jobs as the gateway publishes them. */
public final class Jobs {

    public static final String TEAM = "team-1";
    public static final String PROJECT = "project-1";

    private Jobs() {
    }

    public static EmailContent content(String subject, List<String> to) {
        return new EmailContent("Sender <sender@example.com>", to, null, null, null, subject, "<p>Hello</p>",
                "Hello there", null, null, null, null, null, null, null, null);
    }

    public static SendJob api(EmailContent content) {
        return api(UUID.randomUUID().toString(), content, null);
    }

    public static SendJob api(String messageId, EmailContent content, Instant scheduledAt) {
        return api(messageId, PROJECT, content, scheduledAt);
    }

    /** A job of {@code project}: the key of {@code send-jobs}, so projects spread over its partitions. */
    public static SendJob api(String messageId, String project, EmailContent content, Instant scheduledAt) {
        return new SendJob(UUID.randomUUID().toString(), Instant.now(), SendJob.SCHEMA_VERSION, messageId, TEAM,
                project, "token-1", Instant.now(), "api", null, content, null, null, null, null, null, null,
                scheduledAt, 0, null, null, null);
    }

    public static SendJob smtp(String rawMimeBase64, String envelopeFrom, List<String> envelopeTo) {
        return new SendJob(UUID.randomUUID().toString(), Instant.now(), SendJob.SCHEMA_VERSION,
                UUID.randomUUID().toString(), TEAM, PROJECT, "token-1", Instant.now(), "smtp", null, null,
                rawMimeBase64, envelopeFrom, envelopeTo, "smtp-tag", Map.of("k", "v"), null, null, 0, null, null, null);
    }

    public static SendJob simple(String to) {
        return api(content("Hello " + to, List.of(to)));
    }
}
