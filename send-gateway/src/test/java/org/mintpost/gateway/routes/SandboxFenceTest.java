package org.mintpost.gateway.routes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.RouteChanged;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.kafka.SendJobDeserializer;
import org.mintpost.gateway.smtp.SmtpRelay;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.Smtp;
import org.mintpost.gateway.support.TestRoutes;
import org.mintpost.gateway.support.TestTokens;
import org.mintpost.gateway.support.TopicTail;

/**
 * A sandbox setting is never outrun by a message: a brand-new sandbox project's first message, sent the moment its
 * route state is on the broker, is sandbox; a project switched to sandbox through this edge and sent to at once is
 * sandbox. Over SMTP, {@code X-Lettermint-Sandbox-Result} picks the outcome (checked: 554 naming the header) and is
 * removed from the message. Against a local broker the reader is usually quick enough to pass these without the
 * fence too; {@link ProjectSettingsFenceTest} is the test that fails without it.
 */
@GatewayTest
class SandboxFenceTest {

    private static final Pattern QUEUED = Pattern.compile("^250 2\\.0\\.0 Ok: queued as ([0-9a-f-]{36})\\s*$");
    private static final RouteChanged.ProjectSettings SANDBOX = new RouteChanged.ProjectSettings(SendJob.SANDBOX,
            false);

    @Inject
    SmtpRelay relay;

    @BeforeEach
    void ready() {
        Http.awaitReady();
    }

    private static String send(TestTokens.Issued issued) {
        return Http.withToken(issued.token()).body(Http.simpleBody("Fence")).post("/v1/send").then().statusCode(202)
                .extract().path("delivery_mode");
    }

    @Test
    void aBrandNewSandboxProjectsFirstMessageIsSandbox() {
        for (int i = 0; i < 5; i++) {
            TestTokens.Issued issued = TestTokens.project();
            Http.awaitProjectToken(issued.token());
            TestRoutes.publish(issued.projectId(), "outgoing", SANDBOX);
            assertEquals("sandbox", send(issued), "message " + i + " was taken for live");
        }
    }

    @Test
    void aProjectSwitchedToSandboxThroughThisEdgeAndSentToAtOnceIsSandbox() {
        TestTokens.Issued team = TestTokens.team(List.of("projects:manage"));
        for (int i = 0; i < 5; i++) {
            TestTokens.Issued issued = TestTokens.project();
            Http.awaitProjectToken(issued.token());
            RouteChanged live = TestRoutes.publish(issued.projectId(), "outgoing",
                    new RouteChanged.ProjectSettings(SendJob.LIVE, false));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "live".equals(send(issued)));
            // token-service answers the update once the routes it republished are on the broker
            TestRoutes.republish(live, SANDBOX);
            given().header("Authorization", "Bearer " + team.token()).contentType("application/json")
                    .body("{\"delivery_mode\":\"sandbox\"}").put("/v1/projects/" + issued.projectId())
                    .then().statusCode(200).body("method", equalTo("PUT"));
            assertEquals("sandbox", send(issued), "message " + i + " was taken for live");
        }
    }

    @Test
    void theSmtpSandboxResultHeaderIsCheckedHonouredAndRemoved() throws Exception {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        TestRoutes.publish(issued.projectId(), "outgoing", SANDBOX);
        Session session = Smtp.starttls(relay.starttlsPorts().get(0), "PLAIN");
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer());
             SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            transport.connect(Smtp.USER, issued.token());
            MimeMessage bad = message(session, "Bad sandbox result");
            bad.setHeader("X-Lettermint-Sandbox-Result", "exploded");
            SMTPSendFailedException e = assertThrows(SMTPSendFailedException.class,
                    () -> transport.sendMessage(bad, bad.getAllRecipients()));
            assertEquals(554, e.getReturnCode());
            assertTrue(e.getMessage().contains("X-Lettermint-Sandbox-Result header must be one of delivered"),
                    e.getMessage());

            MimeMessage bounced = message(session, "Bounced in the sandbox");
            bounced.setHeader("X-Lettermint-Sandbox-Result", "hard_bounced");
            transport.sendMessage(bounced, bounced.getAllRecipients());
            String id = queuedId(transport.getLastServerResponse());
            MimeMessage plain = message(session, "Delivered in the sandbox");
            transport.sendMessage(plain, plain.getAllRecipients());
            String plainId = queuedId(transport.getLastServerResponse());

            SendJob job = jobs.await(r -> id.equals(r.value().messageId()), 1, Duration.ofSeconds(10)).get(0).value();
            assertTrue(job.sandbox());
            assertEquals("hard_bounced", job.sandboxResult());
            String mime = new String(Base64.getDecoder().decode(job.rawMime()), StandardCharsets.UTF_8);
            assertFalse(mime.toLowerCase().contains("x-lettermint-sandbox-result"), mime);
            SendJob other = jobs.await(r -> plainId.equals(r.value().messageId()), 1, Duration.ofSeconds(10))
                    .get(0).value();
            assertEquals("delivered", other.sandboxResult());
        }
    }

    private static MimeMessage message(Session session, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("sender@example.com", false));
        message.setRecipients(Message.RecipientType.TO, "rcpt@example.org");
        message.setSubject(subject);
        message.setText("Hello from the sandbox fence test");
        return message;
    }

    private static String queuedId(String reply) {
        Matcher m = QUEUED.matcher(reply == null ? "" : reply.trim());
        assertTrue(m.matches(), "expected 250 2.0.0 Ok: queued as <id>, got: " + reply);
        return m.group(1);
    }
}
