package org.mintpost.audit.service;

import java.util.List;

import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.MessageSummary;
import org.mintpost.contracts.kafka.EventJson;

import com.fasterxml.jackson.core.JsonProcessingException;

/** A {@link MessageSummary} as the read model stores it: every text cleaned and bounded, at most 100 of each list. */
final class SummaryJson {

    private static final int MAX_ITEMS = 100;

    private SummaryJson() {
    }

    static String of(MessageSummary s) {
        if (s == null) {
            return null;
        }
        MessageSummary cleaned = new MessageSummary(addresses(s.cc()), addresses(s.bcc()), addresses(s.replyTo()),
                s.tags() == null ? null : s.tags().stream().limit(MAX_ITEMS)
                        .map(t -> new EmailContent.Tag(Text.clean(t.name(), Text.SHORT),
                                Text.clean(t.value(), Text.SHORT)))
                        .toList(),
                s.attachments() == null ? null : s.attachments().stream().limit(MAX_ITEMS)
                        .map(a -> new MessageSummary.AttachmentInfo(Text.clean(a.filename(), Text.MEDIUM),
                                Text.clean(a.contentType(), Text.SHORT * 2), Text.clean(a.contentId(), Text.MEDIUM),
                                Math.max(0, a.size())))
                        .toList());
        try {
            return EventJson.MAPPER.writeValueAsString(cleaned);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static List<String> addresses(List<String> values) {
        return values == null ? null : values.stream().filter(v -> v != null).limit(MAX_ITEMS)
                .map(v -> Text.clean(v, Text.MEDIUM)).toList();
    }
}
