package org.mintpost.dispatch;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalToIgnoringCase;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.EmailContent;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.dispatch.support.GreenMailResource;
import org.mintpost.dispatch.support.Jobs;
import org.mintpost.dispatch.support.KafkaTestClient;
import org.mintpost.dispatch.support.WithKafkaClient;
import org.mintpost.testing.KafkaResource;

import com.icegreen.greenmail.util.GreenMailUtil;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The happy paths against a real broker and a real SMTP server (GreenMail). */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(GreenMailResource.class)
class DeliveryTest extends WithKafkaClient {


    static List<MimeMessage> received(String header, String value) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : GreenMailResource.greenMail().getReceivedMessages()) {
            String[] h = m.getHeader(header);
            if (h != null && Arrays.asList(h).contains(value)) {
                out.add(m);
            }
        }
        return out;
    }

    static List<Part> leaves(Part part) throws Exception {
        List<Part> out = new ArrayList<>();
        if (part.getContent() instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                out.add(child);
                out.addAll(leaves(child));
            }
        }
        return out;
    }

    static List<DeliveryEvent> delivered(SendJob job) {
        return kafka.events(job.messageId()).stream().filter(e -> e.status().equals(DeliveryEvent.DELIVERED))
                .toList();
    }

    @Test
    void apiJobIsBuiltFaithfullyAndDeliveredToEveryRecipient() throws Exception {
        byte[] png = new byte[] { (byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3 };
        byte[] pdf = "%PDF-1.4 report".getBytes(StandardCharsets.US_ASCII);
        String subject = "Welcome " + UUID.randomUUID();
        EmailContent content = new EmailContent("Sender Name <sender@example.com>", List.of("Alice <alice@to.test>"),
                List.of("carol@cc.test"), List.of("bob@bcc.test"), List.of("Replies <reply@example.com>"), subject,
                "<p>Hi <img src=\"cid:logo@x\"></p>", "Hi plain",
                Map.of("X-Campaign", "spring", "Message-ID", "<ignored@client.test>"),
                Map.of("order", "meta-42"), "welcome-tag", List.of(new EmailContent.Tag("kind", "onboarding")),
                null, null, null,
                List.of(new EmailContent.Attachment("logo.png", Base64.getEncoder().encodeToString(png), "image/png",
                        "logo@x"),
                        new EmailContent.Attachment("report.pdf", Base64.getEncoder().encodeToString(pdf), null,
                                null)));
        SendJob job = Jobs.api(content);
        kafka.send(job);

        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(job).size() >= 3);
        List<DeliveryEvent> events = delivered(job);
        assertThat(events.stream().map(DeliveryEvent::recipient).toList(),
                containsInAnyOrder("alice@to.test", "carol@cc.test", "bob@bcc.test"));
        for (DeliveryEvent e : events) {
            assertEquals(DeliveryEvent.DELIVERED, e.status());
            assertEquals(1, e.attempt());
            assertEquals(250, e.smtpCode());
            assertEquals(subject, e.subject());
            assertEquals("Sender Name <sender@example.com>", e.from());
            assertEquals(List.of("Alice <alice@to.test>"), e.to());
            assertEquals("welcome-tag", e.tag());
            assertEquals(job.receivedAt(), e.receivedAt());
            assertEquals(Jobs.PROJECT, e.projectId());
        }

        String messageIdHeader = "<" + job.messageId() + "@example.com>";
        List<MimeMessage> copies = received("Message-ID", messageIdHeader);
        assertThat(copies, hasSize(3));
        MimeMessage m = copies.get(0);
        assertThat(m.getHeader("From")[0], containsString("Sender Name"));
        assertThat(m.getHeader("From")[0], containsString("sender@example.com"));
        assertThat(m.getHeader("Reply-To")[0], containsString("reply@example.com"));
        assertThat(m.getHeader("Cc")[0], containsString("carol@cc.test"));
        assertThat(m.getHeader("Bcc"), nullValue());
        assertArrayEquals(new String[] { "spring" }, m.getHeader("X-Campaign"));
        assertEquals(subject, m.getSubject());
        String whole = GreenMailUtil.getWholeMessage(m);
        for (String secret : List.of("meta-42", "onboarding", "welcome-tag", "ignored@client.test")) {
            assertThat(whole, not(containsString(secret)));
        }
        assertThat(m.getContentType(), startsWith("multipart/mixed"));

        List<Part> parts = leaves(m);
        assertTrue(parts.stream().anyMatch(p -> isType(p, "multipart/related")));
        assertTrue(parts.stream().anyMatch(p -> isType(p, "multipart/alternative")));
        Part text = parts.stream().filter(p -> isType(p, "text/plain")).findFirst().orElseThrow();
        assertThat(text.getContent().toString(), containsString("Hi plain"));
        Part html = parts.stream().filter(p -> isType(p, "text/html")).findFirst().orElseThrow();
        assertThat(html.getContent().toString(), containsString("cid:logo@x"));
        Part inline = parts.stream().filter(p -> header(p, "Content-ID").contains("<logo@x>")).findFirst()
                .orElseThrow();
        assertThat(inline.getContentType(), startsWith("image/png"));
        assertArrayEquals(png, bytes(inline));
        Part attachment = parts.stream().filter(p -> "report.pdf".equals(fileName(p))).findFirst().orElseThrow();
        assertThat(attachment.getContentType(), startsWith("application/pdf"));
        assertThat(attachment.getDisposition(), equalToIgnoringCase(Part.ATTACHMENT));
        assertArrayEquals(pdf, bytes(attachment));
    }

    @Test
    void callerMessageIdIsKeptOnlyWhenAskedFor() throws Exception {
        EmailContent keep = withHeaders(Map.of("Message-ID", "<custom-" + UUID.randomUUID() + "@client.test>",
                "X-LM-Preserve-Message-ID", "true"));
        SendJob job = Jobs.api(keep);
        kafka.send(job);
        String custom = keep.headers().get("Message-ID");
        await().atMost(Duration.ofSeconds(20)).until(() -> !received("Message-ID", custom).isEmpty());
        MimeMessage m = received("Message-ID", custom).get(0);
        assertThat(m.getHeader("X-LM-Preserve-Message-ID"), nullValue());
        assertEquals(1, m.getHeader("Message-ID").length);
    }

    private static EmailContent withHeaders(Map<String, String> headers) {
        return new EmailContent("sender@example.com", List.of("keep@to.test"), null, null, null,
                "keep " + UUID.randomUUID(), null, "text body", headers, null, null, null, null, null, null, null);
    }

    @Test
    void rawMimeFromSmtpIsRelayedUnchangedToTheEnvelopeRecipients() throws Exception {
        String marker = UUID.randomUUID().toString();
        String raw = "From: Relay Sender <relay@example.com>\r\n"
                + "To: visible@to.test\r\n"
                + "Subject: raw " + marker + "\r\n"
                + "Message-ID: <raw-" + marker + "@example.com>\r\n"
                + "Date: Mon, 7 Dec 2026 10:00:00 +0000\r\n"
                + "X-Odd:   spaced    value ;; kept\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n"
                + "First line\r\n"
                + ".a line that starts with a dot\r\n"
                + "Gr\u00fc\u00dfe\r\n";
        SendJob job = Jobs.smtp(Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)),
                "bounces@example.com", List.of("visible@to.test", "hidden@bcc.test"));
        kafka.send(job);
        String id = "<raw-" + marker + "@example.com>";
        await().atMost(Duration.ofSeconds(20)).until(() -> received("Message-ID", id).size() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.events(job.messageId()).size() == 2);
        assertTrue(kafka.events(job.messageId()).stream().allMatch(e -> e.status().equals(DeliveryEvent.DELIVERED)));
        assertThat(delivered(job).stream().map(DeliveryEvent::recipient).toList(),
                containsInAnyOrder("visible@to.test", "hidden@bcc.test"));
        assertEquals("raw " + marker, kafka.events(job.messageId()).get(0).subject());
        for (MimeMessage m : received("Message-ID", id)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            String delivered = out.toString(StandardCharsets.UTF_8);
            // the final CRLF of the data is the start of the SMTP end-of-data marker at the server
            assertThat(delivered, endsWith(raw.substring(0, raw.length() - 2)));
            assertThat(m.getHeader("Return-Path")[0], containsString("bounces@example.com"));
        }
    }

    @Test
    void rawMimeWithoutMessageIdOrDateGetsOursTheSameOnEveryAttempt() throws Exception {
        String marker = UUID.randomUUID().toString();
        String raw = "From: relay@example.com\r\nTo: bare@to.test\r\nSubject: bare " + marker + "\r\n\r\nbody\r\n";
        SendJob job = Jobs.smtp(Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8)),
                "bounces@example.com", List.of("bare@to.test"));
        kafka.send(job);
        await().atMost(Duration.ofSeconds(20)).until(() -> received("Subject", "bare " + marker).size() == 1);
        MimeMessage m = received("Subject", "bare " + marker).get(0);
        assertEquals("<" + job.messageId() + "@example.com>", m.getHeader("Message-ID")[0]);
        assertEquals(job.receivedAt().getEpochSecond(), m.getSentDate().toInstant().getEpochSecond());
    }

    @Test
    void scheduledJobWaitsWithoutBlockingAndIsSentOnTime() throws Exception {
        Instant at = Instant.now().plusSeconds(4);
        EmailContent content = Jobs.content("scheduled " + UUID.randomUUID(), List.of("later@to.test"));
        SendJob scheduled = Jobs.api(UUID.randomUUID().toString(), content, at);
        kafka.send(scheduled);
        SendJob now = Jobs.simple("now@to.test");
        kafka.send(now);

        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.statuses(now.messageId()).contains("delivered"));
        await().atMost(Duration.ofSeconds(3)).until(() -> kafka.statuses(scheduled.messageId()).contains("scheduled"));
        assertTrue(Instant.now().isBefore(at), "the scheduled message must not be sent early");
        assertEquals(List.of(DeliveryEvent.SCHEDULED), kafka.statuses(scheduled.messageId()));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> kafka.statuses(scheduled.messageId()).contains(DeliveryEvent.DELIVERED));
        DeliveryEvent delivered = kafka.events(scheduled.messageId()).stream()
                .filter(e -> e.status().equals(DeliveryEvent.DELIVERED)).findFirst().orElseThrow();
        assertTrue(!delivered.occurredAt().isBefore(at.minusMillis(300)), "sent early: " + delivered.occurredAt());
        assertTrue(delivered.occurredAt().isBefore(at.plusSeconds(12)), "sent late: " + delivered.occurredAt());
        List<String> statuses = kafka.statuses(scheduled.messageId());
        assertEquals(DeliveryEvent.SCHEDULED, statuses.get(0));
        assertEquals(1, statuses.stream().filter(DeliveryEvent.SCHEDULED::equals).count(), "scheduled once");
        assertEquals(DeliveryEvent.DELIVERED, statuses.get(statuses.size() - 1));
    }

    @Test
    void poisonAndInvalidJobsAreDeadLetteredWithoutStoppingThePartition() throws Exception {
        String key = Jobs.PROJECT;
        kafka.sendRaw(Topics.SEND_JOBS, key, "{this is not json".getBytes(StandardCharsets.UTF_8));
        EmailContent noRecipients = new EmailContent("sender@example.com", List.of(), null, null, null, "x", null,
                "text", null, null, null, null, null, null, null, null);
        SendJob invalid = Jobs.api(noRecipients);
        kafka.send(invalid);
        SendJob good = Jobs.simple("after-poison@to.test");
        kafka.send(good);

        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.statuses(good.messageId()).contains("delivered"));
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.deadLetters().stream()
                .anyMatch(d -> new String(d.value(), StandardCharsets.UTF_8).equals("{this is not json")));
        KafkaTestClient.DeadLetter poison = kafka.deadLetters().stream()
                .filter(d -> new String(d.value(), StandardCharsets.UTF_8).equals("{this is not json"))
                .findFirst().orElseThrow();
        assertThat(poison.reason(), startsWith("unreadable job"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> kafka.deadLetters().stream().anyMatch(d -> invalid.messageId().equals(d.key())));
        KafkaTestClient.DeadLetter dead = kafka.deadLetters().stream()
                .filter(d -> invalid.messageId().equals(d.key())).findFirst().orElseThrow();
        assertThat(dead.reason(), containsString("no recipients"));
        assertEquals(List.of(DeliveryEvent.FAILED), kafka.statuses(invalid.messageId()));
    }

    @Test
    void aJobHandedOutAgainIsNotSentTwiceAndTheLedgerIsInRedis() throws Exception {
        double before = metric("dispatch_duplicates_suppressed_total");
        SendJob job = Jobs.simple("twice@to.test");
        kafka.send(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(job).size() == 1);
        // what a second worker (or this one after a restart, its memory gone) would find
        await().atMost(Duration.ofSeconds(5)).until(() -> String.valueOf(redisGet("mintpost:dispatch:done:"
                + job.messageId())).contains("\"status\":\"delivered\""));
        kafka.send(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("dispatch_duplicates_suppressed_total") == before + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.allEventsOf(job.messageId()).size() == 6);
        Thread.sleep(500);
        assertEquals(1, received("Message-ID", "<" + job.messageId() + "@example.com>").size(),
                "the same message_id is sent once");
        // message.created and message.sent: queued when taken in, processed before its delivered; the copy handed
        // out again repeats all three from the ledger's record under the same event ids, so consumers drop them
        List<DeliveryEvent> all = kafka.allEventsOf(job.messageId());
        assertEquals(List.of(DeliveryEvent.QUEUED, DeliveryEvent.PROCESSED, DeliveryEvent.DELIVERED),
                all.subList(0, 3).stream().map(DeliveryEvent::status).toList());
        assertEquals(all.subList(0, 3).stream().map(DeliveryEvent::eventId).sorted().toList(),
                all.subList(3, 6).stream().map(DeliveryEvent::eventId).sorted().toList(),
                "the copy repeats the same events, not new ones");
        assertEquals(all.get(2).occurredAt(), all.stream().filter(e -> e.status().equals(DeliveryEvent.DELIVERED))
                .reduce((a, b) -> b).orElseThrow().occurredAt(), "the delivered event says when the upstream took it");
        assertEquals(null, all.get(0).recipient(), "message-level");
        assertEquals(null, all.get(1).recipient(), "message-level");
    }

    @Test
    void theSameJobTwiceInARowIsSentOnce() throws Exception {
        double before = metric("dispatch_duplicates_suppressed_total");
        SendJob job = Jobs.simple("back-to-back@to.test");
        kafka.send(job);
        kafka.send(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("dispatch_duplicates_suppressed_total") == before + 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(job).size() == 1);
        Thread.sleep(500);
        assertEquals(1, delivered(job).size(), "one delivery for one message_id");
    }

    @Test
    void aJobTheLedgerKnowsFromAnotherWorkerIsNotSent() throws Exception {
        double before = metric("dispatch_duplicates_suppressed_total");
        SendJob job = Jobs.simple("other-worker@to.test");
        redisSet("mintpost:dispatch:done:" + job.messageId(), "1");
        kafka.send(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> metric("dispatch_duplicates_suppressed_total") == before + 1);
        Thread.sleep(500);
        assertEquals(0, delivered(job).size(), "finished elsewhere: not sent again");
    }

    /** The machine's Redis, spoken to directly (RESP over a socket), as another worker would see it. */
    static String redisGet(String key) throws IOException {
        return redis("GET", key);
    }

    static void redisSet(String key, String value) throws IOException {
        redis("SET", key, value, "EX", "600");
    }

    private static String redis(String... command) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            StringBuilder out = new StringBuilder("*" + command.length + "\r\n");
            for (String part : command) {
                out.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                        .append(part).append("\r\n");
            }
            socket.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(
                    socket.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line.startsWith("$-1")) {
                return null;
            }
            return line.startsWith("$") ? in.readLine() : line.substring(1);
        }
    }

    static double metric(String name) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)(?: # .*)?$")
                .matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0; // not registered yet: nothing counted
    }

    @Test
    void healthAndMetricsAreExposed() {
        SendJob job = Jobs.simple("metrics@to.test");
        kafka.send(job);
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.statuses(job.messageId()).contains("delivered"));
        given().get("/q/health/ready").then().statusCode(200).body(containsString("dispatch-consumer"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("dispatch_deliveries_total{outcome=\"delivered\""))
                .body(containsString("dispatch_in_flight"))
                .body(containsString("dispatch_consumer_lag"))
                .body(containsString("dispatch_attempt_seconds_count"));
    }

    static boolean hasRecipient(MimeMessage m, String address) {
        try {
            return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address));
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean isType(Part p, String type) {
        try {
            return p.isMimeType(type);
        } catch (Exception e) {
            return false;
        }
    }

    private static String header(Part p, String name) {
        try {
            String[] h = p.getHeader(name);
            return h == null ? "" : String.join(",", h);
        } catch (Exception e) {
            return "";
        }
    }

    private static String fileName(Part p) {
        try {
            return p.getFileName();
        } catch (Exception e) {
            return null;
        }
    }

    private static byte[] bytes(Part p) throws Exception {
        return p.getInputStream().readAllBytes();
    }
}
