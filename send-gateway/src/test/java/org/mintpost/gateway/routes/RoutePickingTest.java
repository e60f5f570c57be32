package org.mintpost.gateway.routes;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
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
 * The route of each accepted message, from {@code route-changes} in memory: the slug named by {@code route} (any
 * case) or {@code X-Lettermint-Route}, else the project's default route; an unknown or deleted slug is
 * {@code 422 errors.route} ({@code <i>.route} in a batch) or SMTP {@code 550 5.7.1}. A route published just
 * before the send is found at once. The route's {@code tls} setting goes with the job to the worker.
 */
@GatewayTest
class RoutePickingTest {

    @Inject
    SmtpRelay relay;

    @Inject
    RouteMap routes;

    @BeforeEach
    void ready() {
        Http.awaitReady();
    }

    @Test
    void theNamedRouteOrTheDefaultTravelsWithTheJob() {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        String project = issued.projectId();
        RouteChanged outgoing = TestRoutes.publish(project, "outgoing", true);
        // published and used at once: the edge catches up with the topic before calling a slug unknown
        RouteChanged news = TestRoutes.publish(project, "newsletter", false);
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer())) {
            String named = send(issued, ",\"route\":\"NewsLetter\"").statusCode(202).extract().path("message_id");
            String byDefault = send(issued, "").statusCode(202).extract().path("message_id");
            assertEquals(news.routeId(), job(jobs, named).routeId());
            assertEquals("NewsLetter", job(jobs, named).content().route());
            assertEquals(outgoing.routeId(), job(jobs, byDefault).routeId());
        }
        send(issued, ",\"route\":\"nope\"").statusCode(422).body("error", equalTo("validation_error"))
                .body("errors.route[0]", containsString("does not exist in this project"));
        String batch = "[" + body("") + "," + body(",\"route\":\"missing\"") + "]";
        Http.withToken(issued.token()).body(batch).post("/v1/send/batch").then().statusCode(422)
                .body("errors", hasKey("1.route"));

        // another project's slug is not this project's
        TestTokens.Issued other = TestTokens.project();
        Http.awaitProjectToken(other.token());
        send(other, ",\"route\":\"newsletter\"").statusCode(422).body("errors", hasKey("route"));

        TestRoutes.delete(news);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> routes.find(project, "newsletter") == null);
        send(issued, ",\"route\":\"newsletter\"").statusCode(422).body("errors", hasKey("route"));
    }

    @Test
    void smtpPicksTheRouteOfItsHeaderAndRefusesAnUnknownOne() throws Exception {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        RouteChanged outgoing = TestRoutes.publish(issued.projectId(), "outgoing", true);
        RouteChanged alerts = TestRoutes.publish(issued.projectId(), "alerts", false);
        Session session = Smtp.starttls(relay.starttlsPorts().get(0), "PLAIN");
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer());
             SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            transport.connect(Smtp.USER, issued.token());
            MimeMessage unknown = message(session, "ghost");
            SMTPSendFailedException e = assertThrows(SMTPSendFailedException.class,
                    () -> transport.sendMessage(unknown, unknown.getAllRecipients()));
            assertEquals(550, e.getReturnCode());
            assertTrue(e.getMessage().contains("5.7.1 The route \"ghost\" does not exist"), e.getMessage());

            MimeMessage named = message(session, "alerts");
            transport.sendMessage(named, named.getAllRecipients());
            String namedId = queued(transport.getLastServerResponse());
            MimeMessage plain = message(session, null);
            transport.sendMessage(plain, plain.getAllRecipients());
            String plainId = queued(transport.getLastServerResponse());
            assertEquals(alerts.routeId(), job(jobs, namedId).routeId());
            assertEquals(outgoing.routeId(), job(jobs, plainId).routeId());
        }
    }

    @Test
    void theRoutesTlsSettingTravelsWithTheJobOfBothChannels() throws Exception {
        TestTokens.Issued issued = TestTokens.project();
        Http.awaitProjectToken(issued.token());
        TestRoutes.publish(issued.projectId(), "outgoing", true);
        TestRoutes.publish(issued.projectId(), "secure", RouteChanged.TYPE_TRANSACTIONAL,
                new RouteChanged.Settings(null, null, null, null, null, null, "enforced", null));
        Session session = Smtp.starttls(relay.starttlsPorts().get(0), "PLAIN");
        try (TopicTail<SendJob> jobs = new TopicTail<>(Topics.SEND_JOBS, new SendJobDeserializer());
             SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            String secure = send(issued, ",\"route\":\"secure\"").statusCode(202).extract().path("message_id");
            String plain = send(issued, "").statusCode(202).extract().path("message_id");
            assertEquals(SendJob.TLS_ENFORCED, job(jobs, secure).tls());
            assertNull(job(jobs, plain).tls(), "a route that says nothing: no requirement");

            transport.connect(Smtp.USER, issued.token());
            MimeMessage relayed = message(session, "secure");
            transport.sendMessage(relayed, relayed.getAllRecipients());
            assertEquals(SendJob.TLS_ENFORCED, job(jobs, queued(transport.getLastServerResponse())).tls());
        }
    }

    private static SendJob job(TopicTail<SendJob> jobs, String messageId) {
        List<ConsumerRecord<String, SendJob>> found = jobs.await(r -> messageId.equals(r.value().messageId()), 1,
                Duration.ofSeconds(10));
        return found.get(0).value();
    }

    private static String queued(String reply) {
        assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
        return reply.substring("250 2.0.0 Ok: queued as ".length()).strip();
    }

    private static MimeMessage message(Session session, String route) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("sender@example.com"));
        message.setRecipients(Message.RecipientType.TO, "rcpt@example.org");
        message.setSubject("Routes");
        message.setText("Hello from the routes test");
        if (route != null) {
            message.setHeader("X-Lettermint-Route", route);
        }
        return message;
    }

    private static io.restassured.response.ValidatableResponse send(TestTokens.Issued issued, String extra) {
        return Http.withToken(issued.token()).body(body(extra)).post("/v1/send").then();
    }

    private static String body(String extra) {
        return "{\"from\":\"a@example.com\",\"to\":[\"rcpt@example.org\"],\"subject\":\"Hi\",\"text\":\"Hello there\""
                + extra + "}";
    }
}
