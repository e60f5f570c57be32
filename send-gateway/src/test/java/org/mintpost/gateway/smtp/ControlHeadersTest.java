package org.mintpost.gateway.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ControlHeadersTest {

    private static final String BODY = "\r\nHello,\r\nX-LM-Tag: not-a-header\r\n";

    @Test
    void controlHeadersAreReadAndRemovedAndEverythingElseIsKeptByteForByte() {
        String message = "From: a@example.com\r\n"
                + "X-Lettermint-Route: transactional\r\n"
                + "To: b@example.org\r\n"
                + "x-lm-tag: welcome\r\n"
                + "X-LM-Metadata-Order: 42\r\n"
                + "X-LM-Metadata-user_id:\r\n  folded-7\r\n"
                + "Bcc: hidden@example.org\r\n"
                + "Idempotency-Key: key-1\r\n"
                + "X-Lettermint-Sandbox-Result: hard_bounced\r\n"
                + "Subject: =?UTF-8?Q?caf=C3=A9?=\r\n\tcontinued\r\n"
                + BODY;
        ControlHeaders.Parsed parsed = ControlHeaders.parse(bytes(message), "a@example.com", List.of("b@example.org"));
        assertEquals("From: a@example.com\r\nTo: b@example.org\r\nSubject: =?UTF-8?Q?caf=C3=A9?=\r\n\tcontinued\r\n" + BODY,
                new String(parsed.mime(), StandardCharsets.ISO_8859_1));
        assertEquals("transactional", parsed.route());
        assertEquals("welcome", parsed.tag());
        assertEquals("key-1", parsed.idempotencyKey());
        assertEquals("hard_bounced", parsed.sandboxResult());
        assertEquals(Map.of("Order", "42", "user_id", "folded-7"), parsed.metadata());
    }

    @Test
    void bareLineFeedsAndAMessageWithoutBodyWork() {
        ControlHeaders.Parsed parsed = ControlHeaders.parse(bytes("Subject: x\nX-LM-Tag: t\n"), "a@x.io", List.of("b@y.io"));
        assertEquals("Subject: x\n", new String(parsed.mime(), StandardCharsets.ISO_8859_1));
        assertEquals("t", parsed.tag());
        assertNull(parsed.route());
        assertNull(parsed.sandboxResult());
    }

    @Test
    void fingerprintIgnoresMessageIdAndDateButNotTheContentOrEnvelope() {
        String a = "Message-ID: <1@x>\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\nSubject: s\r\n\r\nbody\r\n";
        String b = "Message-ID: <2@x>\r\nDate: Tue, 2 Jan 2024 00:00:00 +0000\r\nSubject: s\r\n\r\nbody\r\n";
        String c = "Message-ID: <2@x>\r\nSubject: s\r\n\r\nother body\r\n";
        List<String> to = List.of("b@y.io");
        String fa = ControlHeaders.parse(bytes(a), "a@x.io", to).fingerprint();
        assertEquals(fa, ControlHeaders.parse(bytes(b), "a@x.io", to).fingerprint());
        assertNotEquals(fa, ControlHeaders.parse(bytes(c), "a@x.io", to).fingerprint());
        assertNotEquals(fa, ControlHeaders.parse(bytes(a), "a@x.io", List.of("c@y.io")).fingerprint());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
