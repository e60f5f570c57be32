package org.mintpost.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mintpost.audit.AuditTestSupport.count;
import static org.mintpost.audit.AuditTestSupport.event;
import static org.mintpost.audit.AuditTestSupport.id;
import static org.mintpost.audit.AuditTestSupport.jwt;
import static org.mintpost.audit.AuditTestSupport.now;
import static org.mintpost.audit.AuditTestSupport.send;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.MessageSource;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.testing.JwtKeysResource;
import org.mintpost.testing.KafkaResource;
import org.mintpost.testing.PostgresResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** {@code messages.source/html/text}: the kept MIME, compressed, its bodies, and clear 404s. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database",
        value = AuditTestSupport.DATABASE))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtKeysResource.class)
class ContentApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MIME = String.join("\r\n",
            "DKIM-Signature: v=1; a=rsa-sha256; d=shop.test; s=mp1; h=from:to:subject; bh=abc=; b=def=",
            "From: Shop <hello@shop.test>", "To: user@example.test", "Subject: Hi", "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"b1\"", "", "--b1",
            "Content-Type: text/plain; charset=UTF-8", "", "Hello in text \u00e9", "--b1",
            "Content-Type: text/html; charset=UTF-8", "", "<p>Hello in <b>HTML</b></p>", "--b1--", "");

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static String message(String team, String project, Instant at) {
        String m = id();
        send(Topics.DELIVERY_EVENTS, event(m, team, project, null, DeliveryEvent.DELIVERED, "user@example.test", at,
                at, "hello@shop.test", "user@example.test", "Hi", null));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM audit.message WHERE message_id = ?", m) == 1);
        return m;
    }

    @Test
    void sourceHtmlAndTextOfAKeptMessage() throws IOException {
        String team = id();
        String project = id();
        String m = message(team, project, now());
        byte[] mime = MIME.getBytes(StandardCharsets.UTF_8);
        byte[] compressed = gzip(mime);
        send(Topics.MESSAGE_CONTENT, new MessageSource(m, team, project, now(), 1, compressed, null));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM audit.message_content WHERE message_id = ?",
                m) == 1);
        // stored as the worker compressed it
        assertEquals(1, count("SELECT count(*) FROM audit.message_content WHERE message_id = ? AND mime_gzip = ?",
                m, compressed));
        String auth = "Bearer " + jwt(team, Permissions.MESSAGES_READ_CONTENT);
        byte[] source = given().header("Authorization", auth).get("/v1/messages/" + m + "/source").then()
                .statusCode(200).contentType(startsWith("message/rfc822"))
                .header("Content-Disposition", containsString(m + ".eml")).extract().asByteArray();
        assertArrayEquals(mime, source);
        // the official SDK sends Accept: application/json on every call, these included
        given().header("Authorization", auth).accept("application/json").get("/v1/messages/" + m + "/source").then()
                .statusCode(200).contentType(startsWith("message/rfc822"));
        given().header("Authorization", auth).accept("application/json").get("/v1/messages/" + m + "/text").then()
                .statusCode(200).contentType(startsWith("text/plain")).body(equalTo("Hello in text \u00e9"));
        given().header("Authorization", auth).get("/v1/messages/" + m + "/html").then().statusCode(200)
                .contentType(startsWith("text/html")).body(equalTo("<p>Hello in <b>HTML</b></p>"));
        given().header("Authorization", auth).get("/v1/messages/" + m + "/text").then().statusCode(200)
                .contentType(startsWith("text/plain")).body(equalTo("Hello in text \u00e9"));
        // another team, and a caller without messages:read_content
        given().header("Authorization", "Bearer " + jwt(id(), Permissions.MESSAGES_READ_CONTENT))
                .get("/v1/messages/" + m + "/source").then().statusCode(404).body("error", equalTo("not_found"));
        given().header("Authorization", "Bearer " + jwt(team, Permissions.MESSAGES_READ))
                .get("/v1/messages/" + m + "/source").then().statusCode(403);
    }

    @Test
    void expiredTooLargeRedactedAndNotYetKeptAreClear404s() {
        String team = id();
        String auth = "Bearer " + jwt(team, Permissions.MESSAGES_READ_CONTENT);
        Instant tenDaysAgo = now().minus(Duration.ofDays(10));
        String old = message(team, id(), tenDaysAgo);
        send(Topics.MESSAGE_CONTENT, new MessageSource(old, team, null, tenDaysAgo, 1, new byte[] {1}, null));
        String large = message(team, id(), now());
        send(Topics.MESSAGE_CONTENT, new MessageSource(large, team, null, now(), 1, null, MessageSource.TOO_LARGE));
        String redacted = message(team, id(), now());
        send(Topics.MESSAGE_CONTENT, new MessageSource(redacted, team, null, now(), 1, new byte[] {1, 2},
                MessageSource.REDACTED));
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM audit.message_content WHERE message_id = ?",
                large) == 1 && count("SELECT count(*) FROM audit.message_content WHERE message_id = ?", redacted) == 1);
        given().header("Authorization", auth).get("/v1/messages/" + old + "/source").then().statusCode(404)
                .body("message", equalTo("The content of this message has expired: content is kept for 7 days"
                        + " after delivery."));
        given().header("Authorization", auth).get("/v1/messages/" + large + "/html").then().statusCode(404)
                .body("message", equalTo("The content of this message was too large to keep."));
        for (String part : List.of("source", "html", "text")) {
            given().header("Authorization", auth).get("/v1/messages/" + redacted + "/" + part).then().statusCode(404)
                    .body("message", equalTo("The content of this message is not stored: its project or route has"
                            + " redact_email_content on."));
        }
        assertEquals(1, count("SELECT count(*) FROM audit.message_content WHERE message_id = ? AND mime_gzip IS NULL",
                redacted), "redacted content is not stored, even when a publisher sent it along");
        String fresh = message(team, id(), now());
        given().header("Authorization", auth).get("/v1/messages/" + fresh + "/text").then().statusCode(404)
                .body("message", containsString("not available"));
        given().header("Authorization", auth).get("/v1/messages/" + id() + "/text").then().statusCode(404)
                .body("message", equalTo("Message not found."));
    }
}
