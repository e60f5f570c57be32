package org.mintpost.dispatch;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.support.GreenMailResource;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.WithKafkaClient;
import org.mintpost.dispatch.support.OwnRedisResource;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The delivered ledger's Redis hangs (a Redis of the test's own, paused with {@code kill -STOP}: connections stay
 * open, nothing answers): each ledger call gives up at its 250 ms deadline, the circuit breaker opens after a few,
 * and from then on jobs are delivered without waiting on Redis at all (at least once, counted). The breaker's
 * state is in the metrics and the readiness detail; once Redis answers again a probe closes it. Regression: each
 * ledger call waited the Redis client's 2 s, twice per job, for every job.
 */
@QuarkusTest
@TestProfile(LedgerHungTest.QuickBreaker.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(GreenMailResource.class)
@WithTestResource(OwnRedisResource.class)
class LedgerHungTest extends WithKafkaClient {

    public static class QuickBreaker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.dispatch.ledger.breaker-delay", "1s");
        }
    }


    /** Sends one job and waits for its delivery; how long that took. */
    static long deliverOne(String rcpt) {
        SendJob job = Jobs.simple(rcpt);
        long start = System.nanoTime();
        kafka.send(job);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                .until(() -> kafka.statuses(job.messageId()).contains("delivered"));
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aHungLedgerCostsAFewDeadlinesThenDeliveryGoesOnWithoutIt() throws Exception {
        // opened at start, before the first job: a restarted worker's burst of lookups finds them ready
        assertTrue(ledgerConnections() >= 32, "a ledger connection for each of the 32 senders: " + ledgerConnections());
        deliverOne("ledger-healthy@to.test");
        assertEquals("closed", ledgerState());
        double unavailable = DeliveryTest.metric("dispatch_ledger_unavailable_total");
        OwnRedisResource.pause();
        List<Long> millis = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                millis.add(deliverOne("ledger-hung-" + i + "@to.test"));
            }
            // the breaker probes every second in this profile: it has opened, and may be half-open by now
            assertTrue(List.of("open", "half_open").contains(ledgerState()),
                    "the ledger is reported down while the worker stays ready: " + ledgerState());
            // the breaker probes every second in this profile: the metric may say open or half-open, it has opened
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics, containsString("dispatch_ledger_breaker{state=\"closed\"} 0.0"));
            assertTrue(DeliveryTest.metric("dispatch_ledger_breaker_opened_total") >= 1);
        } finally {
            OwnRedisResource.resume();
        }
        // each job waits at most two deadlines (its lookup and its record), and only until the breaker opens
        assertTrue(millis.stream().allMatch(ms -> ms < 2_000), "every job within two deadlines and change: " + millis);
        long afterOpen = millis.subList(4, millis.size()).stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(afterOpen < 1_000, "with the breaker open nothing waits on Redis: " + millis);
        assertTrue(DeliveryTest.metric("dispatch_ledger_unavailable_total") >= unavailable + 12,
                "every job sent unchecked is counted");

        Thread.sleep(1_200); // the breaker's delay in this profile: the next call is a probe
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            deliverOne("ledger-back@to.test");
            return "closed".equals(ledgerState());
        });
        // the records that missed their deadline while Redis hung are written once it answers
        await().atMost(Duration.ofSeconds(10)).until(() -> DeliveryTest.metric("dispatch_ledger_backlog") == 0);
        SendJob last = Jobs.simple("ledger-recorded@to.test");
        kafka.send(last);
        await().atMost(Duration.ofSeconds(10)).until(() -> redisGet("mintpost:dispatch:done:" + last.messageId())
                .contains("delivered"));
    }

    static String ledgerState() {
        return given().get("/q/health/ready").then().statusCode(200).extract().jsonPath()
                .getString("checks.find { it.name == 'dispatch-consumer' }.data.ledger");
    }

    /** The connections the worker's ledger holds to the test's own Redis ({@code CLIENT LIST}). */
    static long ledgerConnections() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", OwnRedisResource.port())) {
            socket.getOutputStream().write("*2\r\n$6\r\nCLIENT\r\n$4\r\nLIST\r\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            int length = Integer.parseInt(in.readLine().substring(1));
            char[] list = new char[length];
            for (int read = 0; read < length; ) {
                read += in.read(list, read, length - read);
            }
            return new String(list).lines().filter(l -> l.contains("name=dispatch-worker-ledger")).count();
        }
    }

    /** GET on the test's own Redis. */
    static String redisGet(String key) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", OwnRedisResource.port())) {
            String command = "*2\r\n$3\r\nGET\r\n$" + key.length() + "\r\n" + key + "\r\n";
            socket.getOutputStream().write(command.getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = in.readLine();
            return line.startsWith("$-1") ? "" : in.readLine();
        }
    }
}
