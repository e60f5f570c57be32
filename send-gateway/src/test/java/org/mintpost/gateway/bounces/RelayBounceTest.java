package org.mintpost.gateway.bounces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mintpost.gateway.support.Smtp.assertReply;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.bounce.ReturnPath;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.kafka.DeliveryEventDeserializer;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.Smtp;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.gateway.support.TopicTail;
import org.mintpost.gateway.smtp.SmtpRelay;
import org.mintpost.testing.BounceMessages;
import org.mintpost.testing.BounceMessages.Rcpt;

/**
 * The relay's plain port as the bounce domain's MX: real SMTP sessions without AUTH (and without TLS, as many
 * bouncing MTAs send), their events read back from the broker.
 */
@GatewayTest
class RelayBounceTest {

    @Inject
    SmtpRelay relay;

    private int port() {
        return relay.starttlsPorts().get(0);
    }

    String projectId;
    String returnPath;
    String messageId;

    @BeforeEach
    void project() {
        Http.awaitReady();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> relay.running());
        projectId = UUID.randomUUID().toString();
        String token = TokenFormat.newProjectToken();
        TestTokens.publish(token, TestTokens.projectState(token, projectId, List.of(), null));
        Http.awaitProjectToken(token);
        messageId = UUID.randomUUID().toString();
        returnPath = ReturnPath.of(messageId, projectId, "bounces.localhost").orElseThrow();
    }

    private String transaction(String from, String rcpt, String data) throws Exception {
        try (Smtp.Raw smtp = new Smtp.Raw(port())) {
            assertReply("220", smtp.reply());
            assertReply("250", smtp.send("EHLO mx.receiver.example"));
            assertReply("250", smtp.send("MAIL FROM:<" + from + ">"));
            assertReply("250", smtp.send("RCPT TO:<" + rcpt + ">"));
            assertReply("354", smtp.send("DATA"));
            String reply = smtp.send(data.replace("\r\n.", "\r\n..") + "\r\n.");
            smtp.send("QUIT");
            return reply;
        }
    }

    @Test
    void aDsnToTheReturnPathIsAHardBounceOfThatMessageAndRecipient() throws Exception {
        try (TopicTail<DeliveryEvent> events = new TopicTail<>(Topics.DELIVERY_EVENTS,
                new DeliveryEventDeserializer())) {
            String reply = transaction("", returnPath, BounceMessages.dsn(returnPath, "<x@example.com>",
                    List.of(Rcpt.failed("gone@example.org"), Rcpt.delayed("later@example.org"))));
            assertReply("250 2.0.0", reply);
            List<ConsumerRecord<String, DeliveryEvent>> found = events.await(
                    r -> messageId.equals(r.value().messageId()), 1, Duration.ofSeconds(10));
            assertEquals(1, found.size(), "only the permanent failure is an event");
            DeliveryEvent e = found.get(0).value();
            assertEquals(DeliveryEvent.HARD_BOUNCED, e.status());
            assertEquals("gone@example.org", e.recipient());
            assertEquals(projectId, e.projectId());
            assertEquals("team-1", e.teamId());
            assertEquals(550, e.smtpCode());
            assertEquals("5.1.1", e.data().get("status"));
            assertEquals(messageId, found.get(0).key());
        }
    }

    @Test
    void anAbuseReportIsASpamComplaint() throws Exception {
        try (TopicTail<DeliveryEvent> events = new TopicTail<>(Topics.DELIVERY_EVENTS,
                new DeliveryEventDeserializer())) {
            assertReply("250 2.0.0", transaction("abuse@isp.example", returnPath,
                    BounceMessages.arf(returnPath, "reader@example.net", true)));
            DeliveryEvent e = events.await(r -> messageId.equals(r.value().messageId()), 1, Duration.ofSeconds(10))
                    .get(0).value();
            assertEquals(DeliveryEvent.SPAM_COMPLAINT, e.status());
            assertEquals("reader@example.net", e.recipient());
        }
    }

    @Test
    void whatIsNoReportOrNamesNoMessageIsTakenAndDropped() throws Exception {
        try (TopicTail<DeliveryEvent> events = new TopicTail<>(Topics.DELIVERY_EVENTS,
                new DeliveryEventDeserializer())) {
            assertReply("250 2.0.0 Ok: not a report", transaction("someone@receiver.example", returnPath,
                    BounceMessages.autoReply(returnPath)));
            String unknown = ReturnPath.of(messageId, UUID.randomUUID().toString(), "bounces.localhost").orElseThrow();
            assertReply("250 2.0.0", transaction("", unknown, BounceMessages.dsn(unknown, "<x@example.com>",
                    List.of(Rcpt.failed("gone@example.org")))));
            assertReply("250 2.0.0", transaction("", "postmaster@bounces.localhost",
                    "Subject: hi\r\n\r\n\u0000garbage"));
            assertTrue(events.collect(r -> messageId.equals(r.value().messageId()), Duration.ofSeconds(2)).isEmpty());
        }
    }

    @Test
    void mailForAnyOtherDomainStillNeedsAuth() throws Exception {
        try (Smtp.Raw smtp = new Smtp.Raw(port())) {
            assertReply("220", smtp.reply());
            assertReply("250", smtp.send("EHLO relay-abuser.example"));
            assertReply("250", smtp.send("MAIL FROM:<spammer@example.com>"));
            assertReply("530 5.7.0", smtp.send("RCPT TO:<victim@example.org>"));
            assertReply("530 5.7.0", smtp.send("RCPT TO:<victim@bounces.localhost.example.org>"));
            assertReply("503", smtp.send("DATA"));
        }
    }

    @Test
    void aTransactionMixingTheBounceDomainAndAnotherIsNeverRelayed() throws Exception {
        try (TopicTail<DeliveryEvent> events = new TopicTail<>(Topics.DELIVERY_EVENTS,
                new DeliveryEventDeserializer());
                Smtp.Raw smtp = new Smtp.Raw(port())) {
            assertReply("220", smtp.reply());
            assertReply("250", smtp.send("EHLO mx.receiver.example"));
            assertReply("250", smtp.send("MAIL FROM:<>"));
            assertReply("250", smtp.send("RCPT TO:<" + returnPath + ">"));
            assertReply("530 5.7.0", smtp.send("RCPT TO:<victim@example.org>"));
            assertReply("354", smtp.send("DATA"));
            String dsn = BounceMessages.dsn(returnPath, "<x@example.com>", List.of(Rcpt.failed("gone@example.org")));
            // only the bounce domain's recipient was taken: the report is read, nothing is queued for sending
            assertReply("250 2.0.0 Ok: report received", smtp.send(dsn.replace("\r\n.", "\r\n..") + "\r\n."));
            DeliveryEvent e = events.await(r -> messageId.equals(r.value().messageId()), 1, Duration.ofSeconds(10))
                    .get(0).value();
            assertEquals(DeliveryEvent.HARD_BOUNCED, e.status());
        }
    }
}
