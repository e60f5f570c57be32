package org.mintpost.audit.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.audit.config.AuditConfig;
import org.mintpost.audit.repository.ContentRepository;
import org.mintpost.audit.repository.ContentRow;
import org.mintpost.audit.repository.MessageRepository;
import org.mintpost.contracts.event.MessageSource;
import org.mintpost.contracts.token.InternalCaller;

import io.smallrye.mutiny.Uni;

/** A visible message's delivered MIME, HTML and text while its content is kept; a clear 404 otherwise. */
@ApplicationScoped
public class ContentService {

    private final MessageRepository messages;
    private final ContentRepository contents;
    private final AuditConfig config;
    private final Clock clock = Clock.systemUTC();

    public ContentService(MessageRepository messages, ContentRepository contents, AuditConfig config) {
        this.messages = messages;
        this.contents = contents;
        this.config = config;
    }

    /** The MIME bytes as they were handed to the receiving server. */
    public Uni<byte[]> source(InternalCaller caller, String messageId) {
        return mime(caller, messageId);
    }

    public Uni<String> html(InternalCaller caller, String messageId) {
        return body(caller, messageId, "text/html", "HTML");
    }

    public Uni<String> text(InternalCaller caller, String messageId) {
        return body(caller, messageId, "text/plain", "plain-text");
    }

    private Uni<String> body(InternalCaller caller, String messageId, String mimeType, String name) {
        return mime(caller, messageId).map(mime -> MimeBodies.body(mime, mimeType).orElseThrow(
                () -> new ResourceNotFoundException("This message has no " + name + " body.")));
    }

    private Uni<byte[]> mime(InternalCaller caller, String messageId) {
        if (!Text.usableId(messageId)) {
            return Uni.createFrom().failure(new ResourceNotFoundException("Message not found."));
        }
        Instant cutoff = clock.instant().minus(config.contentRetention());
        return messages.find(messageId).chain(found -> {
            if (found.isEmpty() || !caller.sees(found.get().teamId(), found.get().projectId())) {
                return Uni.createFrom().failure(new ResourceNotFoundException("Message not found."));
            }
            Instant created = found.get().createdAt();
            return contents.find(messageId).map(content -> {
                if (content.isEmpty() || content.get().deliveredAt().isBefore(cutoff)) {
                    throw new ResourceNotFoundException(content.isPresent() || created.isBefore(cutoff)
                            ? "The content of this message has expired: content is kept for "
                                    + days() + " after delivery."
                            : "The content of this message is not available: it is kept once the message has"
                                    + " been handed to the receiving server.");
                }
                ContentRow row = content.get();
                if (row.mimeGzip() == null) {
                    throw new ResourceNotFoundException(MessageSource.TOO_LARGE.equals(row.omitted())
                            ? "The content of this message was too large to keep."
                            : MessageSource.REDACTED.equals(row.omitted())
                            ? "The content of this message is not stored: its project or route has"
                                    + " redact_email_content on."
                            : "The content of this message was not kept.");
                }
                return MimeBodies.gunzip(row.mimeGzip());
            });
        });
    }

    private String days() {
        long days = config.contentRetention().toDays();
        return days >= 1 ? days + (days == 1 ? " day" : " days") : config.contentRetention().toString();
    }
}
