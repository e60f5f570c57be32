package org.mintpost.dispatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.WithKafkaClient;
import org.mintpost.dispatch.support.ScriptedSmtpResource;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Jobs larger than Kafka's default 1 MiB record, as the edge accepts them: a job the worker must put back on a
 * delay topic (a soft bounce, a send scheduled for later) goes back once and comes again after its backoff, and
 * the partition's committed offset moves past it at once. Regression: the worker's producer refused records over
 * 1 MiB, every put-back failed, and the job was read again at once: a {@code 451} recipient got the message
 * dozens of times a minute and the committed offset stayed put.
 */
@QuarkusTest
@TestProfile(FailureModesTest.FastRetries.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(ScriptedSmtpResource.class)
class LargeJobsTest extends WithKafkaClient {

    static final int TWO_MIB = 2 * 1024 * 1024;


    static SendJob large(String rcpt, Instant scheduledAt) {
        String text = "x".repeat(TWO_MIB);
        EmailContent content = new EmailContent("Sender <sender@example.com>", List.of(rcpt), null, null, null,
                "large " + rcpt, null, text, null, null, null, null, null, null, null, null);
        return Jobs.api(UUID.randomUUID().toString(), content, scheduledAt);
    }

    @Test
    void aLargeJobThatSoftBouncesIsRetriedWithBackoffNotHammered() {
        String rcpt = FailureModesTest.unique("soft2");
        SendJob job = large(rcpt, null);
        RecordMetadata at = kafka.sendAt(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.statuses(job.messageId()).contains("delivered"));
        List<DeliveryEvent> events = kafka.events(job.messageId());
        assertEquals(List.of("soft_bounced", "soft_bounced", "delivered"), FailureModesTest.statuses(events));
        assertEquals(List.of(1, 2, 3), events.stream().map(DeliveryEvent::attempt).toList(),
                "each attempt is a retry from the delay topic, not the same job read again");
        assertTrue(Duration.between(events.get(0).occurredAt(), events.get(1).occurredAt()).toMillis() >= 400,
                "the first retry waited for its backoff");
        assertEquals(3, ScriptedSmtpResource.server().timesSeen(rcpt), "the upstream saw it once per attempt");
        await().atMost(Duration.ofSeconds(5)).until(() -> kafka.committed(at) > at.offset());
    }

    @Test
    void aLargeScheduledJobIsParkedOnceCommittedAndSentOnTime() {
        Instant due = Instant.now().plusSeconds(4);
        String rcpt = FailureModesTest.unique("later");
        SendJob job = large(rcpt, due);
        RecordMetadata at = kafka.sendAt(job);
        await().atMost(Duration.ofSeconds(3)).until(() -> kafka.statuses(job.messageId()).contains("scheduled"));
        await().atMost(Duration.ofSeconds(3)).until(() -> kafka.committed(at) > at.offset());
        assertTrue(Instant.now().isBefore(due), "parked, not sent early");
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.statuses(job.messageId()).contains("delivered"));
        assertEquals(List.of("scheduled", "delivered"), kafka.statuses(job.messageId()));
        assertEquals(1, ScriptedSmtpResource.server().timesSeen(rcpt));
    }
}
