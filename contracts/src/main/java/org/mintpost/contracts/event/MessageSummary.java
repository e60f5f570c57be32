package org.mintpost.contracts.event;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What a message's read side shows beyond the summary every {@link DeliveryEvent} carries: the Cc, Bcc and Reply-To
 * addresses (display names kept), the sender's tags, and each attachment's name, type, Content-ID and decoded size
 * (never its content). Carried by the message-level events ({@code queued}, {@code processed}, {@code scheduled}) of a
 * message sent through the Sending API; null on other events and for raw MIME from the SMTP relay.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MessageSummary(
        List<String> cc,
        List<String> bcc,
        List<String> replyTo,
        List<EmailContent.Tag> tags,
        List<AttachmentInfo> attachments) {

    /** @param size the decoded size in bytes */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AttachmentInfo(String filename, String contentType, String contentId, long size) {
    }

    /** The summary of a Sending API request; null when there is nothing beyond what every event carries. */
    public static MessageSummary of(EmailContent content) {
        if (content == null) {
            return null;
        }
        List<AttachmentInfo> attachments = content.attachments() == null ? null : content.attachments().stream()
                .map(a -> new AttachmentInfo(a.filename(), a.contentType(), a.contentId(), decodedSize(a.content())))
                .toList();
        if (empty(content.cc()) && empty(content.bcc()) && empty(content.replyTo()) && empty(content.tags())
                && empty(attachments)) {
            return null;
        }
        return new MessageSummary(content.cc(), content.bcc(), content.replyTo(), content.tags(), attachments);
    }

    /** The size of base64 text once decoded, without decoding it: six bits per character, padding and spaces aside. */
    static long decodedSize(String base64) {
        if (base64 == null) {
            return 0;
        }
        long chars = base64.chars().filter(c -> c != '=' && !Character.isWhitespace(c)).count();
        return chars * 3 / 4;
    }

    private static boolean empty(List<?> list) {
        return list == null || list.isEmpty();
    }
}
