package org.mintpost.dispatch.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.tracking.TrackingId;
import org.mintpost.dispatch.dkim.DkimSigningTest;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.ScriptedSmtpResource;
import org.mintpost.dispatch.support.ScriptedSmtpServer;
import org.mintpost.testing.DkimVerifier;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A tracked message to several recipients goes out as one SMTP transaction per recipient, each body with pixel,
 * click links and List-Unsubscribe whose signed ids name that recipient, each DKIM-signed (checked by mailauth
 * against a real DNS server), the same Message-ID on all; a recipient refused at RCPT bounces alone. API and relayed
 * jobs alike. Without ids to put in (tracking off, or only the text fallback) the recipients share one transaction.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(ScriptedSmtpResource.class)
class PerRecipientTrackingTest {

    static final byte[] KEY = TrackedDeliveryTest.KEY;
    static final String BASE = TrackedDeliveryTest.BASE;

    @BeforeAll
    static void start() {
        DkimSigningTest.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        DkimSigningTest.stop();
    }

    @Test
    void eachRecipientOfATrackedMessageGetsTheirOwnSignedBodyInTheirOwnTransaction() throws Exception {
        String tag = Long.toString(System.nanoTime());
        String domain = "each-" + tag + ".example";
        DkimSigningTest.publishVerifiedDomain(domain, Jobs.PROJECT, "mp1");
        String ann = "ann-" + tag + "@example.org";
        String bob = "Bob-" + tag + "@example.net";
        String refused = "hard-" + tag + "@example.org";
        String subject = "Each " + tag;
        EmailContent content = new EmailContent("Shop <news@" + domain + ">", List.of(ann), List.of(bob),
                List.of(refused), null, subject, "<p><a href=\"https://example.com/a\">a</a> <a href="
                + "\"https://example.com/b\">b</a></p>", null, null, null, null, null, null, null, null, null);
        SendJob job = TrackedDeliveryTest.tracked(Jobs.api(content), new SendJob.Tracking(true, true, true, false));
        DkimSigningTest.kafka.send(job);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(job.messageId()).equals(
                new TreeMap<>(Map.of(ann, "delivered", bob, "delivered", refused, "hard_bounced"))));

        List<ScriptedSmtpServer.Received> sent = transactions(subject);
        assertEquals(List.of(List.of(ann), List.of(bob)), sent.stream().map(ScriptedSmtpServer.Received::recipients)
                .toList(), "one transaction per recipient (the refused one got no DATA)");
        List<String> messageIds = new ArrayList<>();
        for (ScriptedSmtpServer.Received r : sent) {
            byte[] wire = r.data().getBytes(StandardCharsets.ISO_8859_1);
            List<DkimVerifier.Result> dkim = DkimVerifier.verify(wire, DkimSigningTest.dns.address());
            assertEquals("pass", dkim.get(0).result(), dkim.toString());
            MimeMessage mail = parse(wire);
            String recipient = r.recipients().get(0).toLowerCase();
            assertEquals(List.of(recipient, recipient), clickRecipients(mail, job.messageId()));
            assertEquals(recipient, idIn(html(mail).select("img[src^=" + BASE + "/t/o/]").attr("src"), "/t/o/",
                    TrackingId.OPEN).recipient());
            String unsubscribe = mail.getHeader("List-Unsubscribe", null);
            assertEquals(recipient, idIn(unsubscribe.substring(1, unsubscribe.indexOf('>')), "/u/",
                    TrackingId.UNSUBSCRIBE).recipient());
            assertEquals(ann, mail.getHeader("To", null));
            assertEquals(bob, mail.getHeader("Cc", null));
            assertNull(mail.getHeader("Bcc"), "bcc stays in the envelope");
            messageIds.add(mail.getMessageID());
        }
        assertEquals(messageIds.get(0), messageIds.get(1), "one message, one Message-ID");

        // relayed mail: each envelope recipient gets their own click ids too
        String relayed = "Relayed " + tag;
        String raw = "From: news@" + domain + "\r\nTo: list@example.org\r\nSubject: " + relayed + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + "<p><a href=\"https://example.com/r\">r</a></p>\r\n";
        SendJob relay = TrackedDeliveryTest.tracked(Jobs.smtp(Base64.getEncoder().encodeToString(
                raw.getBytes(StandardCharsets.UTF_8)), "news@" + domain, List.of(ann, bob)),
                new SendJob.Tracking(false, true, false, false));
        DkimSigningTest.kafka.send(relay);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> transactions(relayed).size() == 2);
        for (ScriptedSmtpServer.Received r : transactions(relayed)) {
            byte[] wire = r.data().getBytes(StandardCharsets.ISO_8859_1);
            assertEquals("pass", DkimVerifier.verify(wire, DkimSigningTest.dns.address()).get(0).result());
            assertEquals(List.of(r.recipients().get(0).toLowerCase()), clickRecipients(parse(wire),
                    relay.messageId()));
        }
    }

    @Test
    void withoutIdsToPutInTheRecipientsShareOneTransaction() throws Exception {
        String tag = Long.toString(System.nanoTime());
        String ann = "ann-" + tag + "@example.org";
        String bob = "bob-" + tag + "@example.org";
        SendJob untracked = Jobs.api(Jobs.content("Shared " + tag, List.of(ann, bob)));
        SendJob textOnly = TrackedDeliveryTest.tracked(Jobs.api(Jobs.content("Text only " + tag, List.of(ann, bob))),
                new SendJob.Tracking(false, false, false, true));
        DkimSigningTest.kafka.send(untracked);
        DkimSigningTest.kafka.send(textOnly);
        for (String subject : List.of("Shared " + tag, "Text only " + tag)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> transactions(subject).size() == 1);
            assertEquals(List.of(ann, bob), transactions(subject).get(0).recipients(), subject);
        }
    }

    private static List<ScriptedSmtpServer.Received> transactions(String subject) {
        return ScriptedSmtpResource.server().received().stream()
                .filter(r -> r.data().contains("Subject: " + subject + "\r\n")).toList();
    }

    private static Map<String, String> outcomes(String messageId) {
        Map<String, String> out = new TreeMap<>();
        DkimSigningTest.kafka.events(messageId).forEach(e -> out.put(e.recipient(), e.status()));
        return out;
    }

    private static MimeMessage parse(byte[] wire) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(wire));
    }

    private static Document html(MimeMessage mail) throws Exception {
        List<Part> parts = new ArrayList<>();
        TrackedDeliveryTest.leaves(mail, parts);
        for (Part p : parts) {
            if (p.isMimeType("text/html")) {
                return Jsoup.parse(String.valueOf(p.getContent()));
            }
        }
        throw new AssertionError("no html part");
    }

    /** The recipient each click link of the mail names (each checked to name {@code messageId}). */
    private static List<String> clickRecipients(MimeMessage mail, String messageId) throws Exception {
        List<String> out = new ArrayList<>();
        for (var a : html(mail).select("a[href^=" + BASE + "/t/c/]")) {
            TrackingId id = idIn(a.attr("href"), "/t/c/", TrackingId.CLICK);
            assertEquals(messageId, id.messageId());
            out.add(id.recipient());
        }
        return out;
    }

    private static TrackingId idIn(String url, String path, String kind) {
        assertTrue(url.startsWith(BASE + path), url);
        return TrackingId.verify(url.substring((BASE + path).length()), kind, KEY).orElseThrow();
    }
}
