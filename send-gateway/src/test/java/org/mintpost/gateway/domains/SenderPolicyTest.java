package org.mintpost.gateway.domains;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DomainChanged;
import org.mintpost.contracts.kafka.JsonSerializer;
import org.mintpost.gateway.smtp.SmtpRelay;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.Smtp;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.testing.KafkaBroker;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The sender policy on (as in production): a From is accepted over HTTP and SMTP only on a domain that
 * {@code domain-changes} says is verified and attached to the token's project; every other From gets
 * {@code 422 errors.from} or {@code 550 5.7.1} saying what to do.
 */
@GatewayTest
@TestProfile(SenderPolicyTest.PolicyOn.class)
class SenderPolicyTest {

    public static class PolicyOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.sending.require-verified-domain", "true");
        }
    }

    private static final AtomicLong REVISION = new AtomicLong(System.currentTimeMillis());
    private static KafkaProducer<String, DomainChanged> producer;

    @Inject
    SmtpRelay relay;

    @Inject
    SendingDomains domains;

    @BeforeEach
    void ready() {
        Http.awaitReady();
    }

    @AfterAll
    static void close() {
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void httpAcceptsOnlyAVerifiedDomainAttachedToTheProject() {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        String stamp = Long.toString(System.nanoTime());
        String verified = "ok-" + stamp + ".example";
        String pending = "pending-" + stamp + ".example";
        String elsewhere = "other-project-" + stamp + ".example";
        String otherTeam = "other-team-" + stamp + ".example";
        publish(state(verified, DomainChanged.STATUS_VERIFIED, "team-1", issued.projectId()));
        publish(state(pending, DomainChanged.STATUS_PENDING, "team-1", issued.projectId()));
        publish(state(elsewhere, DomainChanged.STATUS_VERIFIED, "team-1", "prj-other"));
        publish(state(otherTeam, DomainChanged.STATUS_VERIFIED, "team-2", issued.projectId()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> domains.find(otherTeam) != null);

        send(issued, "Shop <hello@" + verified + ">").statusCode(202);
        send(issued, "hello@" + verified.toUpperCase()).statusCode(202);
        send(issued, "hello@" + pending).statusCode(422).body("error", equalTo("validation_error"))
                .body("errors.from[0]", containsString("not verified yet (pending_verification)"));
        send(issued, "hello@" + elsewhere).statusCode(422)
                .body("errors.from[0]", containsString("not attached to this project"));
        send(issued, "hello@" + otherTeam).statusCode(422)
                .body("errors.from[0]", containsString("is not a sending domain of this project"));
        send(issued, "hello@unknown-" + stamp + ".example").statusCode(422)
                .body("errors.from[0]", containsString("add it under Domains"));

        String batch = "[" + body("a@" + verified) + "," + body("b@" + pending) + "]";
        Http.withToken(issued.token()).body(batch).post("/v1/send/batch").then().statusCode(422)
                .body("errors", hasKey("1.from"));

        // the domain verified later: accepted from then on; deleted: refused again
        publish(state(pending, DomainChanged.STATUS_VERIFIED, "team-1", issued.projectId()));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> DomainChanged.STATUS_VERIFIED.equals(domains.find(pending).status()));
        send(issued, "hello@" + pending).statusCode(202);
        publish(state(pending, DomainChanged.STATUS_DELETED, "team-1", issued.projectId()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> domains.find(pending) == null);
        send(issued, "hello@" + pending).statusCode(422);
    }

    @Test
    void smtpRefusesAnUnverifiedFromWith550AndQueuesAVerifiedOne() throws Exception {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        String verified = "smtp-ok-" + System.nanoTime() + ".example";
        publish(state(verified, DomainChanged.STATUS_VERIFIED, "team-1", issued.projectId()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> domains.find(verified) != null);
        Session session = Smtp.starttls(relay.starttlsPorts().get(0), "PLAIN");
        try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            transport.connect(Smtp.USER, issued.token());
            MimeMessage refused = message(session, "someone@not-verified.example", "bounce@" + verified);
            SMTPSendFailedException e = assertThrows(SMTPSendFailedException.class,
                    () -> transport.sendMessage(refused, refused.getAllRecipients()));
            assertEquals(550, e.getReturnCode());
            assertTrue(e.getMessage().contains("5.7.1 The domain not-verified.example is not a sending domain"),
                    e.getMessage());
            // the session goes on: a From on the verified domain is queued
            MimeMessage ok = message(session, "Shop <hello@" + verified + ">", "bounce@elsewhere.example");
            transport.sendMessage(ok, ok.getAllRecipients());
            assertTrue(transport.getLastServerResponse().startsWith("250 2.0.0 Ok: queued as"));
        }
    }

    private static io.restassured.response.ValidatableResponse send(TestTokens.Issued issued, String from) {
        return Http.withToken(issued.token()).body(body(from)).post("/v1/send").then();
    }

    private static String body(String from) {
        return "{\"from\":\"" + from + "\",\"to\":[\"rcpt@example.org\"],\"subject\":\"Hi\",\"text\":\"Hello there\"}";
    }

    private static MimeMessage message(Session session, String from, String envelopeFrom) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from, false));
        message.setRecipients(Message.RecipientType.TO, "rcpt@example.org");
        message.setSubject("Policy");
        message.setText("Hello from the sender policy test");
        session.getProperties().put("mail.smtp.from", envelopeFrom);
        return message;
    }

    static DomainChanged state(String domain, String status, String teamId, String projectId) {
        String id = UUID.nameUUIDFromBytes(domain.getBytes()).toString();
        return new DomainChanged(UUID.randomUUID().toString(), Instant.now(), DomainChanged.SCHEMA_VERSION,
                DomainChanged.CHANGE_UPDATED, id, teamId, domain, status, List.of(projectId), "mp1", List.of(),
                REVISION.incrementAndGet(), "team_token:test");
    }

    private static synchronized void publish(DomainChanged state) {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new StringSerializer(), new JsonSerializer<>());
        }
        try {
            producer.send(new ProducerRecord<>(Topics.DOMAIN_CHANGES, state.domainId(), state)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
