package org.mintpost.dispatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.support.ScriptedTlsAuthSmtpResource;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.WithKafkaClient;
import org.mintpost.dispatch.support.ScriptedSmtpServer;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An upstream that needs TLS and AUTH: both delivery paths (built messages and the raw relay)
 * connect over TLS, authenticate with {@code mintpost.upstream.username/password} and deliver.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(ScriptedTlsAuthSmtpResource.class)
class UpstreamTlsAuthTest extends WithKafkaClient {


    @Test
    void theUpstreamRefusesMailWithoutAuth() throws Exception {
        Properties p = new Properties();
        p.put("mail.smtps.host", "127.0.0.1");
        p.put("mail.smtps.port", Integer.toString(ScriptedTlsAuthSmtpResource.server().port()));
        p.put("mail.smtps.ssl.trust", "*");
        p.put("mail.smtps.ssl.checkserveridentity", "false");
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session);
        m.setFrom("anon@example.com");
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("someone@to.test"));
        m.setText("no auth");
        assertThrows(MessagingException.class, () -> {
            try (Transport t = session.getTransport("smtps")) {
                t.connect();
                t.sendMessage(m, m.getAllRecipients());
            }
        });
    }

    @Test
    void apiAndRawJobsAreDeliveredOverTlsWithAuth() {
        SendJob api = Jobs.simple("tls-api@to.test");
        String raw = "From: a@example.com\r\nTo: tls-raw@to.test\r\nSubject: tls " + UUID.randomUUID()
                + "\r\n\r\nover TLS\r\n";
        SendJob relay = Jobs.smtp(Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)),
                "a@example.com", List.of("tls-raw@to.test"));
        kafka.send(api);
        kafka.send(relay);
        await().atMost(Duration.ofSeconds(40)).until(() -> kafka.statuses(api.messageId()).contains("delivered")
                && kafka.statuses(relay.messageId()).contains("delivered"));
        ScriptedSmtpServer server = ScriptedTlsAuthSmtpResource.server();
        assertTrue(server.received().stream().anyMatch(r -> r.recipients().contains("tls-api@to.test")));
        assertTrue(server.received().stream().anyMatch(r -> r.recipients().contains("tls-raw@to.test")
                && r.data().contains("over TLS")));
        assertTrue(server.logins() >= 2, "both clients authenticated: " + server.logins());
    }
}
