package org.mintpost.dispatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.MessageCommand;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.JsonSerializer;
import org.mintpost.dispatch.support.GreenMailResource;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.WithKafkaClient;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Cancel and reschedule as audit-service publishes them on {@code message-commands}, against a real broker, the
 * machine's Redis and a real SMTP server: a canceled message never reaches the server, a rescheduled one reaches it
 * once, at its new time.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(GreenMailResource.class)
class ScheduleControlTest extends WithKafkaClient {

    private static int received(String subject) throws Exception {
        int n = 0;
        for (MimeMessage m : GreenMailResource.greenMail().getReceivedMessages()) {
            if (subject.equals(m.getSubject())) {
                n++;
            }
        }
        return n;
    }

    private static DeliveryEvent event(SendJob job, String status, Map<String, String> data) {
        return new DeliveryEvent(UUID.randomUUID().toString(), Instant.now(), DeliveryEvent.SCHEMA_VERSION,
                job.messageId(), job.teamId(), job.projectId(), null, status, null, null, 0, "sender@example.com",
                List.of(), "subject", null, job.receivedAt(), null, null, data);
    }

    private static void command(SendJob job, String kind, Instant at, List<DeliveryEvent> events) {
        MessageCommand c = new MessageCommand(UUID.randomUUID().toString(), Instant.now(),
                MessageCommand.SCHEMA_VERSION, job.messageId(), job.teamId(), job.projectId(), kind, at, events);
        kafka.sendRaw(Topics.MESSAGE_COMMANDS, job.messageId(),
                new JsonSerializer<MessageCommand>().serialize(Topics.MESSAGE_COMMANDS, c));
    }

    private static boolean published(String eventId, String messageId) {
        return kafka.allEventsOf(messageId).stream().anyMatch(e -> e.eventId().equals(eventId));
    }

    /** The message's delivered event (published right after the SMTP server took the mail). */
    private static DeliveryEvent delivered(SendJob job) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> kafka.events(job.messageId()).stream()
                .filter(e -> e.status().equals(DeliveryEvent.DELIVERED)).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private static SendJob scheduled(String subject, Instant at) {
        return Jobs.api(UUID.randomUUID().toString(), Jobs.content(subject, List.of("later@to.test")), at);
    }

    @Test
    void aCanceledMessageIsNeverSentEvenWhenTheWorkerAlreadyHoldsItDue() throws Exception {
        Instant at = Instant.now().plusSeconds(4);
        String subject = "canceled " + UUID.randomUUID();
        SendJob job = scheduled(subject, at);
        String control = "not canceled " + UUID.randomUUID();
        SendJob other = scheduled(control, at);
        kafka.send(job);
        kafka.send(other);
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.statuses(job.messageId()).contains("scheduled"));

        DeliveryEvent canceled = event(job, DeliveryEvent.CANCELED, Map.of());
        command(job, MessageCommand.CANCEL, at, List.of(canceled));
        await().atMost(Duration.ofSeconds(10)).until(() -> published(canceled.eventId(), job.messageId()));
        // a copy of the job already due, as a worker holds it when it comes off a delay topic: it reaches the
        // check right before the SMTP transaction, which must stop it
        SendJob due = new SendJob(UUID.randomUUID().toString(), Instant.now(), job.schemaVersion(), job.messageId(),
                job.teamId(), job.projectId(), job.tokenId(), job.receivedAt(), job.channel(), null, job.content(),
                null, null, null, null, null, null, Instant.now().minusSeconds(1), 0, Instant.now(), null, null);
        kafka.sendRaw(Topics.SEND_JOBS_RETRY.get(0).topic(), job.messageId(),
                new JsonSerializer<SendJob>().serialize(Topics.SEND_JOBS, due));

        await().atMost(Duration.ofSeconds(30)).until(() -> received(control) == 1);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), at.plusSeconds(3)).toMillis()));
        assertEquals(0, received(subject), "a canceled message reached the SMTP server");
        List<String> statuses = kafka.statuses(job.messageId());
        assertFalse(statuses.contains(DeliveryEvent.DELIVERED), statuses.toString());
        assertEquals(1, statuses.stream().filter(DeliveryEvent.CANCELED::equals).count(), statuses.toString());
        assertTrue(kafka.statuses(other.messageId()).contains(DeliveryEvent.DELIVERED));
    }

    @Test
    void aRescheduledMessageIsSentOnceAtItsNewTimeAndNotAtTheOld() throws Exception {
        Instant old = Instant.now().plusSeconds(3);
        Instant later = old.plusSeconds(6);
        String subject = "rescheduled " + UUID.randomUUID();
        SendJob job = scheduled(subject, old);
        kafka.send(job);
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.statuses(job.messageId()).contains("scheduled"));

        Map<String, String> data = Map.of("scheduled_at", later.toString());
        DeliveryEvent moved = event(job, DeliveryEvent.RESCHEDULED, data);
        command(job, MessageCommand.RESCHEDULE, later, List.of(moved, event(job, DeliveryEvent.SCHEDULED, data)));
        await().atMost(Duration.ofSeconds(10)).until(() -> published(moved.eventId(), job.messageId()));

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), old.plusSeconds(3)).toMillis()));
        assertEquals(0, received(subject), "sent at the old time");
        await().atMost(Duration.ofSeconds(30)).until(() -> received(subject) == 1);
        DeliveryEvent delivered = delivered(job);
        assertFalse(delivered.occurredAt().isBefore(later.minusMillis(300)), "sent early: " + delivered.occurredAt());
        Thread.sleep(2000);
        assertEquals(1, received(subject), "sent more than once");
    }

    @Test
    void aMessageMovedEarlierIsSentAtItsNewTimeNotWhenItsParkedCopyComesBack() throws Exception {
        // parked on the ten-minute delay topic: without the kept copy it would come back only then
        Instant old = Instant.now().plus(Duration.ofMinutes(10));
        String subject = "moved earlier " + UUID.randomUUID();
        SendJob job = scheduled(subject, old);
        kafka.send(job);
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.statuses(job.messageId()).contains("scheduled"));

        Instant earlier = Instant.now().plusSeconds(4);
        Map<String, String> data = Map.of("scheduled_at", earlier.toString());
        DeliveryEvent moved = event(job, DeliveryEvent.RESCHEDULED, data);
        command(job, MessageCommand.RESCHEDULE, earlier, List.of(moved));
        await().atMost(Duration.ofSeconds(10)).until(() -> published(moved.eventId(), job.messageId()));

        await().atMost(Duration.ofSeconds(25)).until(() -> received(subject) == 1);
        DeliveryEvent delivered = delivered(job);
        assertFalse(delivered.occurredAt().isBefore(earlier.minusMillis(300)), "sent early: " + delivered.occurredAt());
        assertTrue(delivered.occurredAt().isBefore(earlier.plusSeconds(10)), "sent late: " + delivered.occurredAt());
        Thread.sleep(2000);
        assertEquals(1, received(subject), "sent more than once");
    }

    @Test
    void aCommandForAMessageAlreadySentChangesNothingAndSaysNothing() throws Exception {
        String subject = "already sent " + UUID.randomUUID();
        SendJob job = Jobs.api(UUID.randomUUID().toString(), Jobs.content(subject, List.of("now@to.test")), null);
        kafka.send(job);
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.statuses(job.messageId()).contains("delivered"));

        DeliveryEvent late = event(job, DeliveryEvent.CANCELED, Map.of());
        command(job, MessageCommand.CANCEL, Instant.now(), List.of(late));
        // a later command on the same key (same partition, read after it) shows the first was read
        SendJob sentinel = scheduled("sentinel " + UUID.randomUUID(), Instant.now().plusSeconds(60));
        DeliveryEvent marker = event(sentinel, DeliveryEvent.CANCELED, Map.of());
        MessageCommand c = new MessageCommand(UUID.randomUUID().toString(), Instant.now(), 1, sentinel.messageId(),
                Jobs.TEAM, Jobs.PROJECT, MessageCommand.CANCEL, Instant.now().plusSeconds(60), List.of(marker));
        kafka.sendRaw(Topics.MESSAGE_COMMANDS, job.messageId(),
                new JsonSerializer<MessageCommand>().serialize(Topics.MESSAGE_COMMANDS, c));
        await().atMost(Duration.ofSeconds(10)).until(() -> published(marker.eventId(), sentinel.messageId()));
        assertFalse(published(late.eventId(), job.messageId()), "a cancel after delivery was announced");
        assertEquals(1, received(subject));
    }
}
