package org.mintpost.dispatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.support.FlakyPublisher;
import org.mintpost.dispatch.support.GreenMailResource;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.WithKafkaClient;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The upstream took the message, then its outcome events could not be published (past the republish bound):
 * the job is read again, and the delivered ledger's record of the outcome makes it publish the events without
 * sending the mail a second time. Regression: the ledger only said "done", the job read again was skipped, and
 * the message's timeline said pending for ever.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(GreenMailResource.class)
class OutcomeAfterPublishFailureTest extends WithKafkaClient {


    @Test
    void anOutcomeWhosePublishFailedAfterTheReplyIsPublishedOnceTheJobIsReadAgainAndTheMailIsNotSentTwice()
            throws Exception {
        SendJob job = Jobs.simple("outcome-lost@to.test");
        // longer than the republish bound of the test profile (3 s): the first handling gives up, the job is read again
        FlakyPublisher.failOutcomeOf(job.messageId(), Duration.ofSeconds(5));
        double suppressed = DeliveryTest.metric("dispatch_duplicates_suppressed_total");
        kafka.send(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.statuses(job.messageId()).contains("delivered"));
        assertTrue(FlakyPublisher.failures(job.messageId()) > 1, "the outcome's publish failed and was retried");
        assertTrue(DeliveryTest.metric("dispatch_duplicates_suppressed_total") > suppressed,
                "the job was read again and not sent");
        List<String> statuses = kafka.allEventsOf(job.messageId()).stream().map(DeliveryEvent::status).toList();
        assertEquals(List.of(DeliveryEvent.PROCESSED, DeliveryEvent.DELIVERED),
                statuses.stream().filter(s -> !s.equals(DeliveryEvent.QUEUED)).distinct().toList());
        Thread.sleep(500);
        long copies = Arrays.stream(GreenMailResource.greenMail().getReceivedMessages())
                .filter(m -> DeliveryTest.hasRecipient(m, "outcome-lost@to.test")).count();
        assertEquals(1, copies, "the upstream got the message once");
    }
}
