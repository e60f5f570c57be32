package org.mintpost.contracts.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.kafka.EventJson;

/** The message summary on message-level delivery events: what it holds, and its JSON both ways, old events included. */
class MessageSummaryTest {

    private static EmailContent content(List<String> cc, List<EmailContent.Attachment> attachments) {
        return new EmailContent("a@example.test", List.of("b@example.test"), cc, List.of("hidden@example.test"),
                List.of("Help <help@example.test>"), "Hi", null, "Hi", null, null, null,
                List.of(new EmailContent.Tag("order", "42")), null, null, null, attachments);
    }

    @Test
    void attachmentSizesAreTheDecodedSizesWhateverThePadding() {
        for (String text : List.of("", "a", "ab", "abc", "abcd", "Invoice 42\n", "x".repeat(1000))) {
            String b64 = Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
            assertEquals(text.length(), MessageSummary.decodedSize(b64), text);
        }
        assertEquals(0, MessageSummary.decodedSize(null));
    }

    @Test
    void aSummaryHoldsCcBccReplyToTagsAndTheAttachmentListButNoContent() {
        MessageSummary s = MessageSummary.of(content(List.of("Erin <erin@example.test>"),
                List.of(new EmailContent.Attachment("a.pdf", "SW52b2ljZSA0Mgo=", "application/pdf", "cid1"))));
        assertEquals(List.of("Erin <erin@example.test>"), s.cc());
        assertEquals(List.of("hidden@example.test"), s.bcc());
        assertEquals(List.of("Help <help@example.test>"), s.replyTo());
        assertEquals(List.of(new MessageSummary.AttachmentInfo("a.pdf", "application/pdf", "cid1", 11)),
                s.attachments());
        assertNull(MessageSummary.of(null));
        assertNull(MessageSummary.of(new EmailContent("a@example.test", List.of("b@example.test"), null, null, null,
                "Hi", null, "Hi", null, null, null, null, null, null, null, null)), "nothing beyond every event's");
    }

    @Test
    void theSummaryTravelsInTheEventsJsonAndAnOlderEventReadsWithoutOne() throws Exception {
        DeliveryEvent e = new DeliveryEvent("e1", Instant.parse("2026-01-01T00:00:00Z"), 1, "m1", "t1", "p1", null,
                DeliveryEvent.QUEUED, null, null, 1, "a@example.test", List.of("b@example.test"), "Hi", null, null,
                null, null, null).withSummary(MessageSummary.of(content(null, null)));
        String json = EventJson.MAPPER.writeValueAsString(e);
        assertTrue(json.contains("\"reply_to\":[\"Help <help@example.test>\"]"), json);
        DeliveryEvent back = EventJson.MAPPER.readValue(json, DeliveryEvent.class);
        assertEquals(e, back);
        String old = json.substring(0, json.indexOf(",\"summary\"")) + "}";
        assertNull(EventJson.MAPPER.readValue(old, DeliveryEvent.class).summary());
        assertEquals("e1", EventJson.MAPPER.readValue(old, DeliveryEvent.class).eventId());
    }
}
