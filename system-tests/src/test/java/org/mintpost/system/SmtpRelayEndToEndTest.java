package org.mintpost.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The SMTP relay as a mail client uses it: a project token created through the Team API authenticates
 * over STARTTLS at the packaged gateway, the mail (with a Bcc and control headers) reaches the SMTP sink
 * through the dispatch worker, the Bcc recipient gets it, no control header is delivered, and the token
 * log shows the use with channel {@code smtp}.
 */
class SmtpRelayEndToEndTest {

    private static final Pattern QUEUED = Pattern.compile("^250 2\\.0\\.0 Ok: queued as ([0-9a-f-]{36})\\s*$");

    static Suite suite;

    @BeforeAll
    static void startSuite() {
        suite = Suite.shared();
    }

    @Test
    void aMailSentOverSmtpArrivesWithBccDeliveredAndControlHeadersRemoved() throws Exception {
        String team = suite.teamToken();
        JsonPath created = given().baseUri(suite.baseUrl())
                .header("Authorization", "Bearer " + team)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "SMTP shop", "smtp_enabled", true))
                .post("/projects")
                .then().statusCode(201)
                .extract().jsonPath();
        String projectId = created.getString("data.id");
        String projectToken = created.getString("api_token");

        int port = suite.smtpStartTlsPort();
        Session session = Session.getInstance(clientProperties(port));

        AuthenticationFailedException wrong = assertThrows(
                AuthenticationFailedException.class,
                () -> session.getTransport("smtp").connect("lettermint", projectToken + "x"));
        assertTrue(wrong.getMessage().startsWith("535"), wrong.getMessage());

        String unique = UUID.randomUUID().toString().replace("-", "");
        String bccDomain = "b" + unique + ".example.net";
        String subject = "SMTP order " + unique;
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("Shop <shop@example.com>"));
        message.setRecipients(Message.RecipientType.TO, "alice@example.org");
        message.setRecipients(Message.RecipientType.BCC, "audit@" + bccDomain);
        message.setSubject(subject);
        message.setText("Your order has shipped (over SMTP).");
        message.setHeader("X-LM-Tag", "orders");
        message.setHeader("X-LM-Metadata-order", "42");
        message.setHeader("X-Lettermint-Route", "outgoing");
        message.setHeader("Idempotency-Key", "order-" + unique);

        String messageId;
        try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            transport.connect("lettermint", projectToken);
            assertTrue(transport.isSSL(), "STARTTLS");
            transport.sendMessage(message, message.getAllRecipients());
            Matcher queued = QUEUED.matcher(transport.getLastServerResponse().trim());
            assertTrue(queued.matches(), transport.getLastServerResponse());
            messageId = queued.group(1);
        }

        MimeMessage toAlice = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Arrays.stream(suite.smtpSink.getReceivedMessagesForDomain("example.org"))
                        .filter(m -> subjectOf(m).equals(subject)).findFirst().orElse(null),
                        m -> m != null);
        // the Bcc recipient is in no header: look in its own mailbox (the sink files each envelope recipient's copy)
        String bcc = "audit@" + bccDomain;
        MimeMessage toBcc = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> inbox(bcc).stream().filter(m -> subjectOf(m).equals(subject)).findFirst().orElse(null),
                        m -> m != null);
        for (MimeMessage delivered : List.of(toAlice, toBcc)) {
            String raw = new String(delivered.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    + headers(delivered);
            for (String removed : List.of("X-LM-", "X-Lettermint-Route", "Idempotency-Key", "Bcc:")) {
                assertFalse(raw.contains(removed), removed + " was delivered: " + raw);
            }
            assertEquals(new InternetAddress("Shop <shop@example.com>"), delivered.getFrom()[0]);
        }

        String tokenId = given().baseUri(suite.baseUrl())
                .header("Authorization", "Bearer " + team)
                .get("/projects/" + projectId + "/tokens")
                .then().statusCode(200)
                .extract().path("data[0].id");
        String id = messageId;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(suite.baseUrl())
                .header("Authorization", "Bearer " + team)
                .get("/projects/" + projectId + "/tokens/" + tokenId + "/logs")
                .then().statusCode(200)
                .body("data.channel", hasItem("smtp"))
                .body("data.message_ids.flatten()", hasItem(id)));
    }

    private static List<MimeMessage> inbox(String email) throws Exception {
        GreenMailUser user = suite.smtpSink.getUserManager().getUserByEmail(email);
        if (user == null) {
            return List.of();
        }
        return suite.smtpSink.getManagers().getImapHostManager().getInbox(user).getMessages().stream()
                .map(StoredMessage::getMimeMessage).toList();
    }

    private static String subjectOf(MimeMessage message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (Exception e) {
            return "";
        }
    }

    private static String headers(MimeMessage message) throws Exception {
        StringBuilder out = new StringBuilder();
        for (var e = message.getAllHeaderLines(); e.hasMoreElements();) {
            out.append(e.nextElement()).append('\n');
        }
        return out.toString();
    }

    private static Properties clientProperties(int port) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.auth.mechanisms", "PLAIN");
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.trust", "*");
        props.put("mail.smtp.ssl.checkserveridentity", "false");
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "30000");
        return props;
    }
}
