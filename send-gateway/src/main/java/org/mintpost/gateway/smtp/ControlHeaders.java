package org.mintpost.gateway.smtp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and removes the relay's control headers from a received message, leaving every other byte as
 * it was: {@code X-Lettermint-Route}, {@code X-LM-Tag}, {@code X-LM-Metadata-<key>},
 * {@code Idempotency-Key}, {@code X-Lettermint-Sandbox-Result} (the API's {@code sandbox_result}), and {@code Bcc} (its recipients are in the envelope; the header must not
 * reach them or anyone else).
 */
final class ControlHeaders {

    static final String ROUTE = "x-lettermint-route";
    static final String TAG = "x-lm-tag";
    static final String METADATA_PREFIX = "x-lm-metadata-";
    static final String IDEMPOTENCY_KEY = "idempotency-key";
    static final String BCC = "bcc";
    static final String SANDBOX_RESULT = "x-lettermint-sandbox-result";

    /**
     * The message without its control headers, what they said, a fingerprint for idempotency that
     * leaves out {@code Message-ID} and {@code Date} (a client retrying makes new ones), and its {@code From}.
     */
    record Parsed(byte[] mime, String route, String tag, Map<String, String> metadata, String idempotencyKey,
            String userAgent, String fingerprint, String from, String sandboxResult) {
    }

    private ControlHeaders() {
    }

    static Parsed parse(byte[] message, String envelopeFrom, List<String> envelopeTo) {
        // ISO-8859-1 maps every byte to one char and back: nothing is re-encoded
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int bodyStart = headerEnd(text);
        String headers = text.substring(0, bodyStart);
        StringBuilder kept = new StringBuilder(headers.length());
        StringBuilder forFingerprint = new StringBuilder(headers.length());
        String route = null;
        String tag = null;
        String idempotencyKey = null;
        String userAgent = null;
        String from = null;
        String sandboxResult = null;
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String field : fields(headers)) {
            int colon = field.indexOf(':');
            String name = colon > 0 ? field.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
            String value = colon > 0 ? unfold(field.substring(colon + 1)) : "";
            if (name.equals(ROUTE)) {
                route = first(route, value);
            } else if (name.equals(TAG)) {
                tag = first(tag, value);
            } else if (name.equals(SANDBOX_RESULT)) {
                sandboxResult = first(sandboxResult, value);
            } else if (name.equals(IDEMPOTENCY_KEY)) {
                idempotencyKey = first(idempotencyKey, value);
            } else if (name.startsWith(METADATA_PREFIX)) {
                String key = field.substring(METADATA_PREFIX.length(), colon).trim();
                if (!key.isEmpty()) {
                    metadata.putIfAbsent(utf8(key), value);
                }
            } else if (!name.equals(BCC)) {
                kept.append(field);
                if (!name.equals("message-id") && !name.equals("date")) {
                    forFingerprint.append(field);
                }
                if ((name.equals("user-agent") || name.equals("x-mailer")) && userAgent == null) {
                    userAgent = value;
                }
                if (name.equals("from")) {
                    from = first(from, value);
                }
            }
        }
        String body = text.substring(bodyStart);
        byte[] mime = (kept + body).getBytes(StandardCharsets.ISO_8859_1);
        String fingerprint = sha256("smtp:" + envelopeFrom + "\n" + String.join(",", envelopeTo) + "\n"
                + forFingerprint + body);
        return new Parsed(mime, route, tag, Map.copyOf(metadata), idempotencyKey, userAgent, fingerprint, from,
                sandboxResult);
    }

    /** Index of the blank line that ends the header section (or the end of the message). */
    private static int headerEnd(String text) {
        int i = 0;
        while (i < text.length()) {
            int eol = text.indexOf('\n', i);
            if (eol < 0) {
                return text.length();
            }
            String line = text.substring(i, eol);
            if (line.isEmpty() || line.equals("\r")) {
                return i;
            }
            i = eol + 1;
        }
        return text.length();
    }

    /** Header fields with their line ends, continuation lines included. */
    private static List<String> fields(String headers) {
        List<String> out = new ArrayList<>();
        int i = 0;
        StringBuilder current = null;
        while (i < headers.length()) {
            int eol = headers.indexOf('\n', i);
            int next = eol < 0 ? headers.length() : eol + 1;
            String line = headers.substring(i, next);
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (continuation && current != null) {
                current.append(line);
            } else {
                if (current != null) {
                    out.add(current.toString());
                }
                current = new StringBuilder(line);
            }
            i = next;
        }
        if (current != null) {
            out.add(current.toString());
        }
        return out;
    }

    private static String unfold(String raw) {
        return utf8(raw.replace("\r", "").replace("\n", "").trim());
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static String first(String existing, String value) {
        return existing != null ? existing : value;
    }

    private static String sha256(String latin1) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(latin1.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
