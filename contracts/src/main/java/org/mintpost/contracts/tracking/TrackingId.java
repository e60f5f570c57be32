package org.mintpost.contracts.tracking;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a tracking URL names: the kind of hit, the message, its team, project and route, the recipient, when the
 * worker made it and, for a click, the original URL. Written by the worker into the mail and read back by the
 * edge, which trusts it only when its HMAC-SHA256 (key {@code mintpost.tracking.key}, shared by both) verifies:
 * a changed byte, a cut-off id, an id of another kind or recipient is not {@link #verify verified}.
 *
 * <p>Format: {@code base64url(fields joined by LF)} {@code .} {@code base64url(first 16 bytes of the HMAC)}.
 *
 * @param kind {@link #OPEN}, {@link #CLICK} or {@link #UNSUBSCRIBE}
 * @param url  the original link of a click; empty for the other kinds
 */
public record TrackingId(String kind, String messageId, String teamId, String projectId, String routeId,
        String recipient, Instant issuedAt, String url) {

    public static final String OPEN = "o";
    public static final String CLICK = "c";
    public static final String UNSUBSCRIBE = "u";

    private static final String VERSION = "1";
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** The signed id, URL-safe. */
    public String sign(byte[] key) {
        String payload = String.join("\n", VERSION, kind, messageId, nz(teamId), nz(projectId), nz(routeId),
                recipient, Long.toString(issuedAt.getEpochSecond()), nz(url));
        String body = ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + ENCODER.encodeToString(mac(key, body));
    }

    /** The id's content when {@code signed} is well-formed, of {@code kind} and signed with {@code key}. */
    public static Optional<TrackingId> verify(String signed, String kind, byte[] key) {
        if (signed == null || signed.length() > 16_384) {
            return Optional.empty();
        }
        int dot = signed.indexOf('.');
        if (dot <= 0 || dot != signed.lastIndexOf('.')) {
            return Optional.empty();
        }
        String body = signed.substring(0, dot);
        byte[] given;
        String[] f;
        try {
            given = DECODER.decode(signed.substring(dot + 1));
            if (!MessageDigest.isEqual(given, mac(key, body))) {
                return Optional.empty();
            }
            f = new String(DECODER.decode(body), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (f.length != 9 || !VERSION.equals(f[0]) || !f[1].equals(kind) || f[2].isEmpty() || f[6].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TrackingId(f[1], f[2], nn(f[3]), nn(f[4]), nn(f[5]), f[6],
                    Instant.ofEpochSecond(Long.parseLong(f[7])), f[8]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The key bytes of a configured key string (at least 32 characters are expected of it). */
    public static byte[] key(String configured) {
        return configured.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mac(byte[] key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
            byte[] out = new byte[MAC_BYTES];
            System.arraycopy(full, 0, out, 0, MAC_BYTES);
            return out;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s.replace("\n", "");
    }

    private static String nn(String s) {
        return s.isEmpty() ? null : s;
    }
}
