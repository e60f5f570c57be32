package org.mintpost.dispatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.support.GreenMailResource;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.WithKafkaClient;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A sandbox project's messages against a real broker and a real SMTP server: nothing reaches the server, and each
 * ends in the outcome its sender asked for with the events a live message gets, marked {@code delivery_mode}.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(GreenMailResource.class)
class SandboxDeliveryTest extends WithKafkaClient {

    private static int received(String subject) throws Exception {
        int n = 0;
        for (MimeMessage m : GreenMailResource.greenMail().getReceivedMessages()) {
            if (subject.equals(m.getSubject())) {
                n++;
            }
        }
        return n;
    }

    private static SendJob sandbox(String subject, String result) {
        SendJob j = Jobs.api(UUID.randomUUID().toString(), Jobs.content(subject, List.of("a@to.test", "b@to.test")),
                null);
        return new SendJob(j.eventId(), j.occurredAt(), j.schemaVersion(), j.messageId(), j.teamId(), j.projectId(),
                j.tokenId(), j.receivedAt(), j.channel(), null, j.content(), null, null, null, null, null, null, null,
                0, null, null, null, null, SendJob.SANDBOX, result);
    }

    private static List<String> statuses(SendJob job) {
        return kafka.allEventsOf(job.messageId()).stream().map(DeliveryEvent::status).toList();
    }

    @Test
    void sandboxMessagesEndInTheAskedOutcomeWithoutAnSmtpTransaction() throws Exception {
        String subject = "sandbox " + UUID.randomUUID();
        SendJob delivered = sandbox(subject + " delivered", null);
        SendJob bounced = sandbox(subject + " bounced", "hard_bounced");
        SendJob opened = sandbox(subject + " opened", "opened");
        SendJob live = Jobs.api(UUID.randomUUID().toString(), Jobs.content(subject + " live", List.of("c@to.test")),
                null);
        for (SendJob job : List.of(delivered, bounced, opened, live)) {
            kafka.send(job);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> received(subject + " live") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(opened).contains("opened")
                && statuses(bounced).contains("hard_bounced") && statuses(delivered).contains("delivered"));

        for (String kind : List.of("delivered", "bounced", "opened")) {
            assertEquals(0, received(subject + " " + kind), kind + " sandbox message reached the SMTP server");
        }
        assertEquals(List.of("queued", "processed", "delivered", "delivered"), statuses(delivered));
        assertEquals(List.of("queued", "hard_bounced", "hard_bounced"), statuses(bounced));
        assertEquals(List.of("queued", "processed", "delivered", "delivered", "opened", "opened"), statuses(opened));
        for (SendJob job : List.of(delivered, bounced, opened)) {
            kafka.allEventsOf(job.messageId()).stream().filter(e -> !e.status().equals("queued"))
                    .forEach(e -> assertEquals("sandbox", e.data().get("delivery_mode"), e.toString()));
        }
        DeliveryEvent d = kafka.allEventsOf(delivered.messageId()).stream()
                .filter(e -> e.status().equals("delivered")).findFirst().orElseThrow();
        assertEquals(250, d.smtpCode());
        assertTrue(d.occurredAt().isBefore(Instant.now()));
        assertTrue(kafka.allEventsOf(live.messageId()).stream().filter(e -> e.status().equals("delivered"))
                .allMatch(e -> e.data() == null || !e.data().containsKey("delivery_mode")));
    }
}
