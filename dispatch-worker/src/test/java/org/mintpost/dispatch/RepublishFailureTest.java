package org.mintpost.dispatch;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.SendJobDeserializer;
import org.mintpost.dispatch.support.KafkaTestClient;
import org.mintpost.dispatch.support.WithKafkaClient;
import org.mintpost.dispatch.support.ScriptedSmtpResource;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A job that cannot be put back on a delay topic (here: the worker's producer takes 1 MiB while the job is 2 MiB,
 * as when the limits disagree) is neither read again at once nor sent again: it is dead-lettered with the reason
 * (without its body when even the dead-letter topic would refuse it) and reported {@code failed}, and the
 * partition's committed offset moves past it.
 */
@QuarkusTest
@TestProfile(RepublishFailureTest.SmallRecords.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(ScriptedSmtpResource.class)
class RepublishFailureTest extends WithKafkaClient {

    public static class SmallRecords implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.max-job-bytes", String.valueOf(1024 * 1024),
                    "mintpost.dispatch.retry.initial-backoff", "400ms",
                    "mintpost.dispatch.republish.initial-backoff", "100ms",
                    "mintpost.dispatch.republish.bound", "2s");
        }
    }


    @Test
    void aJobThatCannotBePutBackIsDeadLetteredWithTheReasonNotResent() throws InterruptedException {
        String rcpt = FailureModesTest.unique("soft1");
        SendJob job = LargeJobsTest.large(rcpt, null);
        RecordMetadata at = kafka.sendAt(job);
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.statuses(job.messageId()).contains("failed"));
        assertEquals(List.of("soft_bounced", "failed"), kafka.statuses(job.messageId()));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> kafka.deadLetters().stream().anyMatch(d -> job.messageId().equals(d.key())));
        KafkaTestClient.DeadLetter dead = kafka.deadLetters().stream().filter(d -> job.messageId().equals(d.key()))
                .findFirst().orElseThrow();
        assertThat(dead.reason(), containsString("RecordTooLargeException"));
        SendJob stored = new SendJobDeserializer().deserialize("send-jobs-dlq", dead.value());
        assertEquals(job.messageId(), stored.messageId());
        assertEquals(null, stored.content(), "the body is left out of a dead letter that could not carry it: "
                + new String(dead.value(), 0, Math.min(200, dead.value().length), StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(5)).until(() -> kafka.committed(at) > at.offset());
        Thread.sleep(1500);
        assertEquals(1, ScriptedSmtpResource.server().timesSeen(rcpt), "sent once, never again");
    }
}
