package org.mintpost.gateway;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.TestTokens;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Every validation rule of API.md, one row each: the field set to a value, and the error key expected. */
@GatewayTest
class ValidationTest {

    private static String token;

    @BeforeEach
    void token() {
        if (token == null) {
            Http.awaitReady();
            token = TestTokens.project().token();
            Http.awaitProjectToken(token);
        }
    }

    static JsonObject valid() {
        return new JsonObject().put("from", "Sender <sender@example.com>")
                .put("to", new JsonArray().add("rcpt@example.org")).put("subject", "Hello").put("text", "Hello there");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                row("from missing", null, "from", null),
                row("from not an address", "from", "not an address", "from"),
                row("from a number", "from", 42, "from"),
                row("from with CRLF", "from", "a@example.com\r\nBcc: x@example.org", "from"),
                row("from with bad display name", "from", "Bad, Name <a@example.com>", "from"),
                row("from with unterminated quote", "from", "\"Name <a@example.com>", "from"),
                row("to missing", null, "to", null),
                row("to empty", "to", new JsonArray(), "to"),
                row("to a string", "to", "rcpt@example.org", "to"),
                row("to item invalid", "to", new JsonArray().add("ok@example.org").add("nope"), "to.1"),
                row("to item a number", "to", new JsonArray().add(5), "to.0"),
                row("to domain without dot", "to", new JsonArray().add("a@localhost"), "to.0"),
                row("to double dot local part", "to", new JsonArray().add("a..b@example.org"), "to.0"),
                row("cc invalid", "cc", new JsonArray().add("x@"), "cc.0"),
                row("bcc an object", "bcc", new JsonObject(), "bcc"),
                row("reply_to invalid", "reply_to", new JsonArray().add("@example.org"), "reply_to.0"),
                row("more than 50 recipients", "cc", fifty(), "to"),
                row("subject missing", null, "subject", null),
                row("subject too long", "subject", "x".repeat(999), "subject"),
                row("subject with LF", "subject", "Hi\nBcc: x@example.org", "subject"),
                row("subject with CR", "subject", "Hi\rthere", "subject"),
                row("subject an array", "subject", new JsonArray(), "subject"),
                row("text and html missing", null, "text", null),
                row("text too short", "text", "hi", "text"),
                row("html too short", "html", "<p", "html"),
                row("text a number", "text", 12345, "text"),
                row("headers not an object", "headers", "X-A: 1", "headers"),
                row("header value not a string", "headers", new JsonObject().put("X-A", 1), "headers.X-A"),
                row("header value with CRLF", "headers", new JsonObject().put("X-A", "1\r\nBcc: x@example.org"),
                        "headers.X-A"),
                row("header name with colon", "headers", new JsonObject().put("X:A", "1"), "headers"),
                row("header name with space", "headers", new JsonObject().put("X A", "1"), "headers"),
                row("metadata not an object", "metadata", new JsonArray(), "metadata"),
                row("metadata value a number", "metadata", new JsonObject().put("k", 1), "metadata.k"),
                row("tag with CRLF", "tag", "a\r\nb", "tag"),
                row("tags not an array", "tags", "a", "tags"),
                row("tag name pattern", "tags", new JsonArray().add(tag("bad name", "v")), "tags.0.name"),
                row("tag value pattern", "tags", new JsonArray().add(tag("n", "bad value!")), "tags.0.value"),
                row("tag name too long", "tags", new JsonArray().add(tag("n".repeat(33), "v")), "tags.0.name"),
                row("tag value too long", "tags", new JsonArray().add(tag("n", "v".repeat(65))), "tags.0.value"),
                row("duplicate tag names", "tags", new JsonArray().add(tag("n", "a")).add(tag("n", "b")),
                        "tags.1.name"),
                row("more than 20 tags", "tags", tags(21), "tags"),
                row("tag item not an object", "tags", new JsonArray().add("n"), "tags.0"),
                row("route not a slug", "route", "not a slug!", "route"),
                row("scheduled_at not a date", "scheduled_at", "someday", "scheduled_at"),
                row("scheduled_at an impossible time", "scheduled_at", "2030-01-01T25:00:00", "scheduled_at"),
                row("scheduled_at in the past", "scheduled_at", "2001-01-01T10:00:00Z", "scheduled_at"),
                row("scheduled_at a number", "scheduled_at", 1700000000, "scheduled_at"),
                row("settings not an object", "settings", true, "settings"),
                row("settings.track_opens not a boolean", "settings", new JsonObject().put("track_opens", "yes"),
                        "settings.track_opens"),
                row("settings.tls unknown", "settings", new JsonObject().put("tls", "always"), "settings.tls"),
                row("attachments not an array", "attachments", new JsonObject(), "attachments"),
                row("attachment without filename", "attachments",
                        new JsonArray().add(new JsonObject().put("content", "aGk=")), "attachments.0.filename"),
                row("attachment content not base64", "attachments",
                        new JsonArray().add(attachment("a.txt", "not base64!")), "attachments.0.content"),
                row("attachment content bad padding", "attachments",
                        new JsonArray().add(attachment("a.txt", "aGk=a")), "attachments.0.content"),
                row("attachment filename with slash", "attachments",
                        new JsonArray().add(attachment("../etc/passwd", "aGk=")), "attachments.0.filename"),
                row("attachment content_id pattern", "attachments",
                        new JsonArray().add(attachment("a.png", "aGk=").put("content_id", "bad id")),
                        "attachments.0.content_id"),
                row("attachment content_type not a mime type", "attachments",
                        new JsonArray().add(attachment("a.png", "aGk=").put("content_type", "png")),
                        "attachments.0.content_type"),
                row("attachment of a blocked extension", "attachments",
                        new JsonArray().add(attachment("a.txt", "aGk=")).add(attachment("setup.exe", "aGk=")),
                        "attachments.1"),
                row("attachment of a blocked declared type", "attachments",
                        new JsonArray().add(attachment("a.bin", "aGk=").put("content_type", "application/x-msdownload")),
                        "attachments.0"),
                row("attachment whose content is an executable under another name", "attachments",
                        new JsonArray().add(attachment("photo.jpg", "TVqQAAMAAAAEAAAA//8AALgAAAA=")),
                        "attachments.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusedWithTheFieldNamed(String name, JsonObject body, String errorKey) {
        Http.withToken(token).body(body.encode()).post("/v1/send")
                .then().statusCode(422).body("error", equalTo("validation_error"))
                .body("errors", hasKey(errorKey));
    }

    static Stream<Arguments> validVariants() {
        return Stream.of(
                row("quoted display name with comma", "from", "\"Shop, Inc.\" <shop@example.com>", null),
                row("UTF-8 display name", "from", "Zoë Ünïcode <zoe@example.com>", null),
                row("plus address", "to", new JsonArray().add("a+tag@sub.example.org"), null),
                row("exactly 50 recipients", "to", fifty(), null),
                row("html only", "html", "<p>Hello</p>", null),
                row("legacy tag with 19 tags", "tags", tags(19), null),
                row("preserved Message-ID", "headers", new JsonObject().put("Message-ID", "<a@example.com>")
                        .put("X-LM-Preserve-Message-ID", "true"), null),
                row("inline attachment", "attachments", new JsonArray().add(attachment("logo.png", "aGk=")
                        .put("content_id", "logo@example").put("content_type", "image/png")), null),
                row("unknown top-level field is ignored", "future_field", "x", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validVariants")
    void accepted(String name, JsonObject body, String unused) {
        if (name.startsWith("legacy tag")) {
            body.put("tag", "legacy");
        }
        if (name.equals("html only")) {
            body.remove("text");
        }
        Http.withToken(token).body(body.encode()).post("/v1/send").then().statusCode(202);
    }

    @Test
    void twentyTagsWithALegacyTagAreTooMany() {
        JsonObject body = valid().put("tag", "legacy").put("tags", tags(20));
        Http.withToken(token).body(body.encode()).post("/v1/send").then().statusCode(422)
                .body("errors", hasKey("tags"));
    }

    @Test
    void allErrorsAreReportedAtOnce() {
        JsonObject body = new JsonObject().put("to", new JsonArray().add("bad")).put("subject", "a\nb");
        Http.withToken(token).body(body.encode()).post("/v1/send").then().statusCode(422)
                .body("errors", hasKey("from")).body("errors", hasKey("to.0")).body("errors", hasKey("subject"))
                .body("errors", hasKey("text"));
    }

    private static Arguments row(String name, String field, Object value, String key) {
        JsonObject body = valid();
        if (field == null) {
            body.remove((String) value);
            if ("text".equals(value)) {
                body.remove("html");
            }
            return Arguments.of(name, body, value);
        }
        body.put(field, value);
        return Arguments.of(name, body, key);
    }

    private static JsonObject tag(String name, String value) {
        return new JsonObject().put("name", name).put("value", value);
    }

    private static JsonArray tags(int count) {
        JsonArray tags = new JsonArray();
        for (int i = 0; i < count; i++) {
            tags.add(tag("t" + i, "v" + i));
        }
        return tags;
    }

    private static JsonObject attachment(String filename, String content) {
        return new JsonObject().put("filename", filename).put("content", content);
    }

    private static JsonArray fifty() {
        JsonArray list = new JsonArray();
        for (int i = 0; i < 50; i++) {
            list.add("r" + i + "@example.org");
        }
        return list;
    }
}
