package org.mintpost.dispatch.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.tracking.TrackingId;
import org.mintpost.dispatch.dkim.DkimSigningTest;
import org.mintpost.dispatch.support.GreenMailResource;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.testing.DkimVerifier;
import org.mintpost.testing.KafkaResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A job with tracking settings leaves with its links rewritten, the pixel, List-Unsubscribe on a broadcast route and
 * a text fallback, DKIM-signed over the rewritten message (checked by mailauth against a real DNS server); the ids in
 * it verify with the shared key and name the message and the recipient.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(GreenMailResource.class)
class TrackedDeliveryTest {

    static final byte[] KEY = TrackingId.key("test-tracking-key-0123456789abcdef0123456789");
    static final String BASE = "https://t.example.test";

    @Test
    void trackedBroadcastMailIsRewrittenSignedOverTheRewriteAndCarriesListUnsubscribe() throws Exception {
        DkimSigningTest.start();
        try {
            String domain = "tracked-" + System.nanoTime() + ".example";
            DkimSigningTest.publishVerifiedDomain(domain, Jobs.PROJECT, "mp1");
            String subject = "Tracked " + domain;
            EmailContent content = new EmailContent("Shop <news@" + domain + ">", List.of("Reader@Example.org"),
                    null, null, null, subject, "<p><a href=\"https://example.com/1\">one</a> <a href="
                    + "\"https://example.com/2\">two</a> <a href=\"https://example.com/3?a=b&amp;c=d\">three</a> "
                    + "<a href=\"mailto:x@example.com\">mail</a></p>", null, null, null, null, null, null, null,
                    null, null);
            SendJob job = tracked(Jobs.api(content), new SendJob.Tracking(true, true, true, true));
            DkimSigningTest.kafka.send(job);
            byte[] received = DkimSigningTest.awaitMessage(subject);
            List<DkimVerifier.Result> results = DkimVerifier.verify(received, DkimSigningTest.dns.address());
            assertEquals("pass", results.get(0).result(), results.toString());
            MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(received));
            String signature = mail.getHeader("DKIM-Signature", null);
            assertTrue(signature.replaceAll("\\s", "").contains("list-unsubscribe:list-unsubscribe-post"), signature);
            String unsubscribe = mail.getHeader("List-Unsubscribe", null);
            assertTrue(unsubscribe.startsWith("<" + BASE + "/u/"), unsubscribe);
            assertTrue(unsubscribe.endsWith(", <mailto:unsubscribe@example.test?subject=unsubscribe>"), unsubscribe);
            assertEquals("List-Unsubscribe=One-Click", mail.getHeader("List-Unsubscribe-Post", null));
            TrackingId unsub = TrackingId.verify(unsubscribe.substring(BASE.length() + 4, unsubscribe.indexOf('>')),
                    TrackingId.UNSUBSCRIBE, KEY).orElseThrow();
            assertEquals("reader@example.org", unsub.recipient());
            assertEquals(job.messageId(), unsub.messageId());

            List<Part> parts = new ArrayList<>();
            leaves(mail, parts);
            assertEquals(2, parts.size(), "a text part was added beside the html");
            assertTrue(parts.get(0).isMimeType("text/plain"));
            assertTrue(String.valueOf(parts.get(0).getContent()).contains("one (https://example.com/1)"));
            Document html = Jsoup.parse(String.valueOf(parts.get(1).getContent()));
            List<String> urls = new ArrayList<>();
            for (var a : html.select("a[href^=" + BASE + "/t/c/]")) {
                TrackingId id = TrackingId.verify(a.attr("href").substring((BASE + "/t/c/").length()),
                        TrackingId.CLICK, KEY).orElseThrow();
                assertEquals(job.messageId(), id.messageId());
                urls.add(id.url());
            }
            assertEquals(List.of("https://example.com/1", "https://example.com/2", "https://example.com/3?a=b&c=d"),
                    urls);
            assertEquals("mailto:x@example.com", html.select("a").last().attr("href"));
            String pixel = html.select("img[src^=" + BASE + "/t/o/]").attr("src");
            assertTrue(TrackingId.verify(pixel.substring((BASE + "/t/o/").length()), TrackingId.OPEN, KEY)
                    .isPresent(), pixel);
        } finally {
            DkimSigningTest.stop();
        }
    }

    @Test
    void theSendersOwnListUnsubscribeStaysAndRelayedMailIsRewrittenToo() throws Exception {
        String subject = "Relayed " + UUID.randomUUID();
        String raw = "From: a@example.com\r\nTo: r@example.org\r\nSubject: " + subject + "\r\n"
                + "List-Unsubscribe: <https://sender.example/unsub>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n\r\n<p><a href=\"https://example.com/x\">x</a></p>\r\n";
        SendJob job = tracked(Jobs.smtp(Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)),
                "a@example.com", List.of("r@example.org")), new SendJob.Tracking(false, true, true, false));
        DkimSigningTest.start();
        try {
            DkimSigningTest.kafka.send(job);
            MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(DkimSigningTest.awaitMessage(subject)));
            assertEquals("<https://sender.example/unsub>", mail.getHeader("List-Unsubscribe", null));
            assertNull(mail.getHeader("List-Unsubscribe-Post"));
            String html = String.valueOf(mail.getContent());
            assertTrue(html.contains("href=\"" + BASE + "/t/c/"), html);
            assertTrue(!html.contains("/t/o/"), "no pixel without track_opens: " + html);
        } finally {
            DkimSigningTest.stop();
        }
    }

    static SendJob tracked(SendJob j, SendJob.Tracking t) {
        return new SendJob(j.eventId(), Instant.now(), j.schemaVersion(), j.messageId(), j.teamId(), j.projectId(),
                j.tokenId(), j.receivedAt(), j.channel(), null, j.content(), j.rawMime(), j.envelopeFrom(),
                j.envelopeTo(), j.tag(), j.metadata() == null ? null : Map.copyOf(j.metadata()), null, null, 0, null,
                null, "route-1", t);
    }

    static void leaves(Part part, List<Part> out) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart m = (Multipart) part.getContent();
            for (int i = 0; i < m.getCount(); i++) {
                leaves(m.getBodyPart(i), out);
            }
        } else {
            out.add(part);
        }
    }
}
