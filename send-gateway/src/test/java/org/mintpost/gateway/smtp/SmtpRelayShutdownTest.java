package org.mintpost.gateway.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mintpost.gateway.support.Smtp.assertReply;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.SendJobDeserializer;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.PublishInterceptor;
import org.mintpost.gateway.support.Smtp;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.gateway.support.TopicTail;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;

/**
 * The relay's graceful stop, as a rolling update or a scale-down does it: a message whose Kafka ack is
 * still awaited gets its {@code 250} and its job, a session that starts a new mail transaction gets
 * {@code 421} (the client tries again later, at another instance), and the ports close. In a profile of
 * its own: the relay stays stopped for the rest of this application's life.
 */
@GatewayTest
@TestProfile(SmtpRelayShutdownTest.OwnApp.class)
class SmtpRelayShutdownTest {

    /** Long enough for the test to see the relay stopping while the message still waits for Kafka. */
    static final Duration SLOW_ACK = Duration.ofMillis(2_000);
    private static final Pattern QUEUED = Pattern.compile("250 2\\.0\\.0 Ok: queued as (\\S+)\\s*");

    public static class OwnApp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.smtp.shutdown-grace", "10s");
        }
    }

    @Inject
    SmtpRelay relayBean;

    @Test
    void aMessageWaitingForKafkaIsAnsweredAndQueuedNewMailIsTurnedAwayThenThePortsClose() throws Exception {
        Http.awaitReady();
        SmtpRelay relay = ClientProxy.unwrap(relayBean);
        assertTrue(relay.running());
        PublishInterceptor.install((broker, jobs) -> Uni.createFrom().voidItem().onItem().delayIt().by(SLOW_ACK)
                .chain(() -> broker.publishAll(jobs)));
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        int tlsPort = relay.tlsPort().orElseThrow();
        int starttlsPort = relay.starttlsPorts().get(0);
        String subject = "in flight at shutdown " + UUID.randomUUID();

        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer());
                Smtp.Raw sending = Smtp.Raw.implicitTls(tlsPort);
                Smtp.Raw idle = Smtp.Raw.implicitTls(tlsPort)) {
            assertReply("220 ", idle.reply());
            assertReply("250", idle.send("EHLO idle.test"));
            login(idle, issued.token());

            assertReply("220 ", sending.reply());
            assertReply("250", sending.send("EHLO client.test"));
            login(sending, issued.token());
            assertReply("250", sending.send("MAIL FROM:<sender@example.com>"));
            assertReply("250", sending.send("RCPT TO:<rcpt@example.org>"));
            assertReply("354", sending.send("DATA"));
            sending.write("From: sender@example.com\r\nTo: rcpt@example.org\r\nSubject: " + subject
                    + "\r\n\r\nsent just before the gateway stops\r\n.\r\n");
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> relay.messagesInFlight() == 1);

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> relay.stop(null));
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(relay::stopping);
            assertTrue(relay.messagesInFlight() == 1 && !stopped.isDone(),
                    "the relay waits for the message in flight");

            assertReply("421 4.3.2", idle.send("MAIL FROM:<sender@example.com>"));

            String answer = sending.reply();
            Matcher queued = QUEUED.matcher(answer == null ? "" : answer.trim());
            assertTrue(queued.matches(), "the message in flight is answered: " + answer);
            String messageId = queued.group(1);
            List<ConsumerRecord<String, SendJob>> found = jobs.await(r -> messageId.equals(r.value().messageId()), 1,
                    Duration.ofSeconds(10));
            assertEquals(1, found.size(), "and its job is on send-jobs");
            String raw = new String(Base64.getDecoder().decode(found.get(0).value().rawMime()),
                    StandardCharsets.ISO_8859_1);
            assertTrue(raw.contains(subject), raw);

            stopped.get(15, TimeUnit.SECONDS);
            assertTrue(!relay.running() && !relay.healthy(), "the relay reports itself down");
            assertThrows(ConnectException.class, () -> new Smtp.Raw(starttlsPort).close(),
                    "the STARTTLS port is closed");
            assertThrows(IOException.class, () -> Smtp.Raw.implicitTls(tlsPort).close(),
                    "the implicit-TLS port is closed");
        }
    }

    private static void login(Smtp.Raw smtp, String token) throws IOException {
        assertReply("235", smtp.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(
                ("\0" + Smtp.USER + "\0" + token).getBytes(StandardCharsets.UTF_8))));
    }
}
