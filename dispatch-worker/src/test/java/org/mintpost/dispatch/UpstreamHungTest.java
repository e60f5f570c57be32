package org.mintpost.dispatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.WithKafkaClient;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.SmtpSink;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The upstream SMTP server hangs: Postfix's {@code smtp-sink} in a process of its own, paused with
 * {@code kill -STOP} for longer than several send deadlines (its pooled connections stay open, new ones are
 * accepted by the kernel and never greeted). Every attempt gives up at its deadline as a soft bounce, each job
 * on its own clock (no job waits behind another's hung conversation), is retried through the delay topics, and
 * once the server answers again every message is delivered: nothing lost, duplicates counted.
 */
@QuarkusTest
@TestProfile(UpstreamHungTest.ShortDeadlines.class)
@WithTestResource(KafkaResource.class)
class UpstreamHungTest extends WithKafkaClient {

    static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

    public static class ShortDeadlines implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.dispatch.send-timeout", SEND_TIMEOUT.toSeconds() + "s",
                    "mintpost.dispatch.retry.initial-backoff", "500ms",
                    "mintpost.dispatch.retry.multiplier", "2",
                    "mintpost.dispatch.retry.max-backoff", "3s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SinkResource.class));
        }
    }

    /** The worker's upstream: the test's smtp-sink. */
    public static class SinkResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("mintpost.upstream.host", "127.0.0.1", "mintpost.upstream.port",
                    Integer.toString(sink().port()));
        }

        @Override
        public void stop() {
            sink().close();
        }
    }

    private static SmtpSink sink;

    static synchronized SmtpSink sink() {
        if (sink == null) {
            sink = SmtpSink.start();
        }
        return sink;
    }

    static final int JOBS = 20;
    static final Duration HUNG = Duration.ofSeconds(12);

    @Test
    void aHungUpstreamCostsEachAttemptItsDeadlineAndNothingIsLost() {
        SendJob before = job("before");
        kafka.send(before);
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.statuses(before.messageId()).contains("delivered"));
        assertEquals(1, copies(before), "smtp-sink took the mail while it answered");

        sink().pause();
        Instant paused = Instant.now();
        List<SendJob> jobs = new ArrayList<>();
        Map<String, Long> firstOutcomeMs = new TreeMap<>();
        try {
            for (int i = 0; i < JOBS; i++) {
                SendJob job = job("hung-" + i);
                jobs.add(job);
                kafka.send(job);
            }
            long sent = System.nanoTime();
            // every job's first attempt ends at its own deadline, in parallel: not one after the other
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                for (SendJob job : jobs) {
                    if (!firstOutcomeMs.containsKey(job.messageId()) && !kafka.statuses(job.messageId()).isEmpty()) {
                        firstOutcomeMs.put(job.messageId(), (System.nanoTime() - sent) / 1_000_000);
                    }
                }
                return firstOutcomeMs.size() == JOBS;
            });
            long left = HUNG.toMillis() - Duration.between(paused, Instant.now()).toMillis();
            if (left > 0) {
                Thread.sleep(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            sink().resume();
        }
        for (SendJob job : jobs) {
            DeliveryEvent first = kafka.events(job.messageId()).get(0);
            assertEquals(DeliveryEvent.SOFT_BOUNCED, first.status(), "a hung upstream is a soft bounce: " + first);
        }
        long slowestFirst = firstOutcomeMs.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        // one deadline for the conversation, a second at most for a new connection's greeting, and a loaded machine
        assertTrue(slowestFirst < 2 * SEND_TIMEOUT.toMillis() + 3_000,
                "each job's first attempt ended within its own deadline: " + firstOutcomeMs.values());

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> jobs.stream().allMatch(j -> kafka.statuses(j.messageId()).contains("delivered")));
        List<String> lost = new ArrayList<>();
        int duplicates = 0;
        for (SendJob job : jobs) {
            int copies = copies(job);
            if (copies == 0) {
                lost.add(job.messageId());
            }
            duplicates += Math.max(0, copies - 1);
        }
        assertEquals(List.of(), lost, "every message reached smtp-sink after it resumed");
        int attempts = jobs.stream().mapToInt(j -> kafka.statuses(j.messageId()).size()).sum();
        System.out.printf("UPSTREAM HUNG %d s: %d jobs, first attempt ended after %d ms at most, %d attempts,"
                + " 0 lost, %d duplicates%n", HUNG.toSeconds(), JOBS, slowestFirst, attempts, duplicates);
        SendJob after = job("after");
        kafka.send(after);
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.statuses(after.messageId()).contains("delivered"));
    }

    private static SendJob job(String name) {
        return Jobs.simple(name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@remote.test");
    }

    /** How many copies of the job's mail smtp-sink took (its recipient is unique). */
    private static int copies(SendJob job) {
        String rcpt = "X-Rcpt-Args: <" + job.content().to().get(0) + ">";
        return (int) sink().received().stream().filter(m -> m.contains(rcpt)).count();
    }
}
