package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

/**
 * Routes end to end, as a user goes: the official SDK creates a project (with its default routes) and a route,
 * lists, retrieves and updates it, is refused deleting the default route and verifying an inbound domain, sends on
 * the new route by its slug and on the default route; both mails arrive at the SMTP server and each message shows
 * its route_id; an unknown slug is a 422 naming {@code route}. Over SMTP, {@code X-Lettermint-Route} picks the
 * route the same way and an unknown one is {@code 550 5.7.1}.
 */
class RoutesEndToEndTest {

    static Suite suite;

    @BeforeAll
    static void start() throws Exception {
        suite = Suite.shared();
        OfficialSdkTest.installSdk();
    }

    @Test
    void createRouteSendOnItAndSeeItOnTheMessage() throws Exception {
        String subject = "Routed " + UUID.randomUUID();
        JsonPath out = sdk(subject);
        String routeId = out.getString("created.data.id");
        String defaultRouteId = out.getString("project.default_route_id");
        assertEquals("Route created successfully.", out.getString("created.message"));
        assertEquals("password-resets", out.getString("created.data.slug"));
        assertEquals(2, out.getList("project.routes").size(), "a new project gets outgoing and broadcast");
        assertTrue(out.getList("listed.data.id").contains(routeId));
        assertTrue(out.getList("listed.data.route_type").stream().allMatch("transactional"::equals));
        assertEquals(routeId, out.getString("retrieved.id"));
        assertEquals("Route updated successfully.", out.getString("updated.message"));
        assertEquals("enforced", out.getString("updated.data.settings.tls"));
        assertEquals(422, out.getInt("inbound.status"));
        assertEquals(422, out.getInt("defaultDelete.status"));
        assertTrue(out.getBoolean("defaultDelete.validation"), "the SDK raised its ValidationError");
        assertTrue(out.getString("defaultDelete.body.errors.route[0]").contains("default route"));
        assertEquals(422, out.getInt("badType.status"));
        assertEquals(422, out.getInt("unknown.status"));
        assertTrue(out.getString("unknown.body.errors.route[0]").contains("no-such-route"));
        assertEquals(defaultRouteId, out.getString("retrievedProject.default_route_id"));
        assertEquals(3, out.getInt("retrievedProject.routes_count"));

        String named = out.getString("sent.message_id");
        String byDefault = out.getString("sentDefault.message_id");
        assertEquals(subject, Suite.subjectOf(suite.awaitMail(subject)));
        suite.awaitMail(subject + " (default)");
        assertTrue(suite.mailsWithSubject(subject + " (unknown)").isEmpty(), "the refused mail never left");
        assertRoute(named, routeId);
        assertRoute(byDefault, defaultRouteId);
        assertNotEquals(routeId, defaultRouteId);

        smtp(out.getString("project.token"), out.getString("created.data.slug"), routeId);
    }

    private static void smtp(String token, String slug, String routeId) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(suite.smtpStartTlsPort()));
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.trust", "*");
        props.put("mail.smtp.ssl.checkserveridentity", "false");
        Session session = Session.getInstance(props);
        String subject = "Relayed on a route " + UUID.randomUUID();
        String messageId;
        try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            transport.connect("lettermint", token);
            MimeMessage unknown = message(session, subject + " (unknown)", "nowhere");
            SMTPSendFailedException e = assertThrows(SMTPSendFailedException.class,
                    () -> transport.sendMessage(unknown, unknown.getAllRecipients()));
            assertEquals(550, e.getReturnCode());
            assertTrue(e.getMessage().contains("5.7.1 The route \"nowhere\" does not exist"), e.getMessage());
            MimeMessage ok = message(session, subject, slug);
            transport.sendMessage(ok, ok.getAllRecipients());
            String reply = transport.getLastServerResponse();
            assertTrue(reply.startsWith("250 2.0.0 Ok: queued as "), reply);
            messageId = reply.substring("250 2.0.0 Ok: queued as ".length()).strip();
        }
        MimeMessage received = suite.awaitMail(subject);
        assertNull(received.getHeader("X-Lettermint-Route"), "the control header is removed");
        assertRoute(messageId, routeId);
    }

    private static MimeMessage message(Session session, String subject, String route) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("relay@example.com"));
        m.setRecipients(Message.RecipientType.TO, "alice@example.org");
        m.setSubject(subject);
        m.setText("Over the relay, on a route.");
        m.setHeader("X-Lettermint-Route", route);
        return m;
    }

    private static void assertRoute(String messageId, String routeId) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(suite.baseUrl())
                .header("Authorization", "Bearer " + suite.teamToken())
                .get("/messages/" + messageId)
                .then().statusCode(200)
                .body("route_id", equalTo(routeId)));
    }

    private static JsonPath sdk(String subject) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("BASE_URL", suite.baseUrl());
        env.put("TEAM_TOKEN", suite.teamToken());
        env.put("SUBJECT", subject);
        String out = OfficialSdkTest.run(List.of("node", "routes-sdk.mjs"), env, 120);
        return JsonPath.from(out.lines().reduce((a, b) -> b).orElseThrow());
    }
}
