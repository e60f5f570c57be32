package org.mintpost.dispatch.suppressions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.event.SuppressionChanged;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.ScriptedSmtpResource;
import org.mintpost.dispatch.support.ScriptedSmtpServer;
import org.mintpost.dispatch.support.WithKafkaClient;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Suppressions as token-service publishes them on {@code suppression-changes} keep the worker from ever giving a
 * recipient an RCPT: by address, domain and extension, at team, project and route scope; that recipient is told
 * {@code suppressed} with the entry's reason while the message's other recipients go; a removed entry no longer
 * keeps anyone; a message whose every recipient is suppressed opens no SMTP transaction at all.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(ScriptedSmtpResource.class)
class SuppressionEnforcementTest extends WithKafkaClient {

    @Inject
    SuppressionList list;

    @Test
    void suppressedRecipientsGetNoRcptAndTheOthersGo() {
        String tag = Long.toString(System.nanoTime());
        String gone = "gone-" + tag + "@example.org";
        String routed = "routed-" + tag + "@example.org";
        String otherProjects = "other-" + tag + "@example.org";
        String back = "back-" + tag + "@example.org";
        String ok = "ok-" + tag + "@example.org";
        String atDomain = "x@blocked-" + tag + ".example";
        String atExtension = "y@sub.shop.tld" + tag;
        publish(entry("project", Jobs.PROJECT, null, "email", gone, "hard_bounce", 1, false));
        publish(entry("team", null, null, "domain", "blocked-" + tag + ".example", "manual", 1, false));
        publish(entry("team", null, null, "extension", ".tld" + tag, "unsubscribe", 1, false));
        publish(entry("route", null, "route-" + tag, "email", routed, "spam_complaint", 1, false));
        publish(entry("project", "project-2", null, "email", otherProjects, "manual", 1, false));
        SuppressionChanged removed = entry("team", null, null, "email", back, "manual", 1, false);
        publish(removed);
        publish(new SuppressionChanged(UUID.randomUUID().toString(), Instant.now(), 1, "deleted",
                removed.suppressionId(), removed.teamId(), removed.scope(), null, null, removed.type(),
                removed.value(), removed.reason(), null, 2, "test"));

        ScriptedSmtpServer smtp = ScriptedSmtpResource.server();
        SendJob job = routed(Jobs.content("Mixed " + tag, List.of(gone, ok, atDomain, atExtension, otherProjects,
                back, routed)), "route-" + tag);
        // the entries are in force once read (the removal too: the last record of the list)
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> list.match(job, routed).isPresent()
                && list.match(job, back).isEmpty() && list.match(job, atExtension).isPresent());
        kafka.send(job);
        Map<String, String> expected = new TreeMap<>(Map.of(gone, "suppressed", atDomain, "suppressed",
                atExtension, "suppressed", routed, "suppressed", ok, "delivered", otherProjects, "delivered",
                back, "delivered"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outcomes(job.messageId()).equals(expected));
        Map<String, String> reasons = new TreeMap<>();
        kafka.events(job.messageId()).stream().filter(e -> DeliveryEvent.SUPPRESSED.equals(e.status()))
                .forEach(e -> reasons.put(e.recipient(), e.data().get("reason")));
        assertEquals(new TreeMap<>(Map.of(gone, "hard_bounce", atDomain, "manual", atExtension, "unsubscribe",
                routed, "spam_complaint")), reasons);
        for (String never : List.of(gone, atDomain, atExtension, routed)) {
            assertEquals(0, smtp.timesSeen(never), never + " got an RCPT");
        }
        assertEquals(List.of(ok, otherProjects, back), smtp.received().stream()
                .filter(r -> r.data().contains("Mixed " + tag)).findFirst().orElseThrow().recipients());

        // the route entry keeps only mail of its route
        SendJob otherRoute = routed(Jobs.content("Other route " + tag, List.of(routed)), "route-else");
        kafka.send(otherRoute);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> outcomes(otherRoute.messageId()).equals(Map.of(routed, "delivered")));

        // every recipient suppressed: no transaction at all
        int transactions = smtp.received().size();
        SendJob none = Jobs.api(Jobs.content("Nobody " + tag, List.of(gone, atDomain)));
        kafka.send(none);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outcomes(none.messageId())
                .equals(Map.of(gone, "suppressed", atDomain, "suppressed")));
        kafka.send(Jobs.simple("after-" + tag + "@example.org"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> smtp.timesSeen("after-" + tag + "@example.org")
                == 1);
        assertEquals(transactions + 1, smtp.received().size(), "only the later message opened a transaction");
        assertEquals(0, smtp.timesSeen(gone));
    }

    @Test
    void aRecipientRefusedAtRcptBouncesAloneAndTheOthersAreDelivered() {
        String tag = Long.toString(System.nanoTime());
        String refused = "hard-" + tag + "@example.org";
        String fine = "fine-" + tag + "@example.org";
        ScriptedSmtpServer smtp = ScriptedSmtpResource.server();
        SendJob mixed = Jobs.api(Jobs.content("Partly " + tag, List.of(refused, fine)));
        kafka.send(mixed);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> outcomes(mixed.messageId())
                .equals(Map.of(refused, "hard_bounced", fine, "delivered")));
        DeliveryEvent bounce = kafka.events(mixed.messageId()).stream()
                .filter(e -> refused.equals(e.recipient())).findFirst().orElseThrow();
        assertEquals(550, bounce.smtpCode());
        assertTrue(bounce.smtpResponse().contains("5.1.1"), bounce.smtpResponse());
        assertEquals(List.of(fine), smtp.received().stream().filter(r -> r.data().contains("Partly " + tag))
                .findFirst().orElseThrow().recipients());

        // every recipient refused, one only for now: the hard one bounces at once, the other is tried again
        String later = "soft1-" + tag + "@example.org";
        String refusedToo = "hard-too-" + tag + "@example.org";
        SendJob none = Jobs.api(Jobs.content("Refused " + tag, List.of(refusedToo, later)));
        kafka.send(none);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> kafka.events(none.messageId()).stream()
                .anyMatch(e -> later.equals(e.recipient()) && DeliveryEvent.DELIVERED.equals(e.status())));
        List<DeliveryEvent> first = kafka.events(none.messageId()).stream().filter(e -> e.attempt() == 1).toList();
        Map<String, String> firstOutcomes = new TreeMap<>();
        first.forEach(e -> firstOutcomes.put(e.recipient(), e.status()));
        assertEquals(new TreeMap<>(Map.of(refusedToo, "hard_bounced", later, "soft_bounced")), firstOutcomes);
    }

    private static Map<String, String> outcomes(String messageId) {
        Map<String, String> out = new TreeMap<>();
        kafka.events(messageId).forEach(e -> out.put(e.recipient(), e.status()));
        return out;
    }

    private static SendJob routed(org.mintpost.contracts.event.EmailContent content, String routeId) {
        return new SendJob(UUID.randomUUID().toString(), Instant.now(), SendJob.SCHEMA_VERSION,
                UUID.randomUUID().toString(), Jobs.TEAM, Jobs.PROJECT, "token-1", Instant.now(), "api", null, content,
                null, null, null, null, null, null, null, 0, null, null, routeId);
    }

    static SuppressionChanged entry(String scope, String project, String route, String type, String value,
            String reason, long revision, boolean deleted) {
        return new SuppressionChanged(UUID.randomUUID().toString(), Instant.now(), SuppressionChanged.SCHEMA_VERSION,
                deleted ? "deleted" : "created", UUID.randomUUID().toString(), Jobs.TEAM, scope, project, route, type,
                value, reason, null, revision, "test");
    }

    static void publish(SuppressionChanged entry) {
        try {
            kafka.sendRaw(Topics.SUPPRESSION_CHANGES, entry.suppressionId(), EventJson.MAPPER.writeValueAsBytes(entry));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
