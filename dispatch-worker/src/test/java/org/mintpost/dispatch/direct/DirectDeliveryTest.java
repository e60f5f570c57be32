package org.mintpost.dispatch.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.bounce.ReturnPath;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.WithKafkaClient;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The worker in {@code mintpost.delivery.mode=direct} end to end: a job from {@code send-jobs} goes to each recipient
 * domain's own MX host (real DNS server, real SMTP servers), and each recipient's outcome comes back on
 * {@code delivery-events} with that destination's reply: delivered, hard-bounced for a domain without a route,
 * soft-bounced (and retried) where the destination answered 421, and when one domain takes the message and another
 * answers 4xx, only the latter's recipients retried.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(DirectNetResource.class)
class DirectDeliveryTest extends WithKafkaClient {

    @Test
    void eachDomainGetsItsOwnTransactionAndEachRecipientItsOwnOutcome() throws Exception {
        DirectFixture net = DirectNetResource.net();
        MxServer red = net.domain("red.test");
        MxServer green = net.domain("green.test");
        MxServer blue = net.domain("blue.test");
        // ids that are UUIDs, as the edge makes them: the return path encodes both
        SendJob job = Jobs.api(UUID.randomUUID().toString(), UUID.randomUUID().toString(), Jobs.content("Direct",
                List.of("a@red.test", "b@green.test", "c@blue.test", "d@red.test")), null);
        kafka.send(job);
        Map<String, String> expected = new TreeMap<>(Map.of("a@red.test", "delivered", "b@green.test", "delivered",
                "c@blue.test", "delivered", "d@red.test", "delivered"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(job.messageId()).equals(expected));
        assertEquals(List.of("a@red.test", "d@red.test"), red.received().get(0).recipients());
        assertEquals(1, green.received().size());
        assertEquals(1, blue.received().size());
        String mailFrom = green.received().get(0).mailFrom();
        ReturnPath.Parts parts = ReturnPath.parse(mailFrom, Mails.BOUNCES).orElseThrow();
        assertEquals(job.messageId(), parts.messageId());
        assertEquals(job.projectId(), parts.projectId());
        DeliveryEvent delivered = kafka.events(job.messageId()).stream()
                .filter(e -> "b@green.test".equals(e.recipient())).findFirst().orElseThrow();
        assertEquals(Integer.valueOf(250), delivered.smtpCode());
    }

    @Test
    void noRouteBouncesAtOnceAndA421DestinationIsSoftBounced() throws Exception {
        DirectFixture net = DirectNetResource.net();
        MxServer busy = net.domain("busy-e2e.test");
        busy.mailReply = "421 4.7.0 Try again later";
        SendJob nowhere = Jobs.simple("x@nowhere-e2e.test");
        SendJob slow = Jobs.simple("y@busy-e2e.test");
        kafka.send(nowhere);
        kafka.send(slow);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(nowhere.messageId())
                .equals(Map.of("x@nowhere-e2e.test", "hard_bounced")));
        DeliveryEvent bounced = last(nowhere.messageId());
        assertTrue(bounced.smtpResponse().startsWith("no route to host"), bounced.smtpResponse());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> kafka.statuses(slow.messageId())
                .contains(DeliveryEvent.SOFT_BOUNCED));
        DeliveryEvent soft = kafka.events(slow.messageId()).stream()
                .filter(e -> DeliveryEvent.SOFT_BOUNCED.equals(e.status())).findFirst().orElseThrow();
        assertEquals(Integer.valueOf(421), soft.smtpCode());
        assertTrue(soft.smtpResponse().contains("Try again later"), soft.smtpResponse());
    }

    @Test
    void recipientsADomainAnswered4xxAreRetriedAloneAndTheOthersNeverSentAgain() throws Exception {
        DirectFixture net = DirectNetResource.net();
        MxServer takes = net.domain("takes-e2e.test");
        MxServer later = net.domain("later-e2e.test");
        later.mailReply = "451 4.3.0 Try again later";
        SendJob job = Jobs.api(UUID.randomUUID().toString(), UUID.randomUUID().toString(), Jobs.content("Mixed",
                List.of("a@takes-e2e.test", "b@later-e2e.test", "c@takes-e2e.test")), null);
        kafka.send(job);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> kafka.events(job.messageId()).stream()
                .anyMatch(e -> "b@later-e2e.test".equals(e.recipient())
                        && DeliveryEvent.SOFT_BOUNCED.equals(e.status())));
        DeliveryEvent soft = kafka.events(job.messageId()).stream()
                .filter(e -> DeliveryEvent.SOFT_BOUNCED.equals(e.status())).findFirst().orElseThrow();
        assertEquals(Integer.valueOf(451), soft.smtpCode());
        assertTrue(soft.smtpResponse().contains("Try again later"), soft.smtpResponse());
        assertEquals("delivered", outcomes(job.messageId()).get("a@takes-e2e.test"));

        later.mailReply = "250 2.1.0 Ok";
        Map<String, String> expected = Map.of("a@takes-e2e.test", "delivered", "b@later-e2e.test", "delivered",
                "c@takes-e2e.test", "delivered");
        Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> outcomes(job.messageId()).equals(expected));
        assertEquals(1, takes.received().size(), "the domain that took the message never gets it again");
        assertEquals(List.of("a@takes-e2e.test", "c@takes-e2e.test"), takes.received().get(0).recipients());
        assertEquals(1, later.received().size());
        assertEquals(List.of("b@later-e2e.test"), later.received().get(0).recipients());
        assertTrue(!kafka.statuses(job.messageId()).contains(DeliveryEvent.FAILED), kafka.statuses(job.messageId())
                .toString());
        DeliveryEvent retried = kafka.events(job.messageId()).stream()
                .filter(e -> "b@later-e2e.test".equals(e.recipient()) && "delivered".equals(e.status()))
                .findFirst().orElseThrow();
        assertTrue(retried.attempt() > 1, "delivered on a later attempt: " + retried.attempt());
    }

    private static DeliveryEvent last(String messageId) {
        List<DeliveryEvent> events = kafka.events(messageId);
        return events.get(events.size() - 1);
    }

    private static Map<String, String> outcomes(String messageId) {
        Map<String, String> out = new TreeMap<>();
        kafka.events(messageId).stream().filter(e -> e.recipient() != null)
                .filter(e -> !DeliveryEvent.QUEUED.equals(e.status()))
                .forEach(e -> out.put(e.recipient(), e.status()));
        return out;
    }
}
