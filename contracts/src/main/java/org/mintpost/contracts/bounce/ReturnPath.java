package org.mintpost.contracts.bounce;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The per-message return path (VERP) the worker puts in {@code MAIL FROM} and the SMTP relay reads back from a
 * bounce:
 * {@code b-<message id, 32 hex>-<project id, 26 base32>@<bounce domain>}. It names the message and its project, so
 * a bounce or a complaint that comes back to it is tied to both without any lookup; it fits in the 64 characters
 * of an RFC 5321 local part and survives a receiver that changes its case.
 */
public final class ReturnPath {

    /** What a return-path address names. */
    public record Parts(String messageId, String projectId) {
    }

    private static final Pattern LOCAL = Pattern.compile("b-([0-9a-f]{32})-([a-z2-7]{26})");
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private ReturnPath() {
    }

    /** The return path of a message, or empty when either id is not a UUID (it cannot be encoded). */
    public static Optional<String> of(String messageId, String projectId, String bounceDomain) {
        UUID message = uuid(messageId);
        UUID project = uuid(projectId);
        if (message == null || project == null || bounceDomain == null || bounceDomain.isBlank()) {
            return Optional.empty();
        }
        String hex = message.toString().replace("-", "");
        return Optional.of("b-" + hex + "-" + base32(project) + "@" + bounceDomain.toLowerCase(Locale.ROOT));
    }

    /** The message and project an address at {@code bounceDomain} names, if it is one of ours. */
    public static Optional<Parts> parse(String address, String bounceDomain) {
        if (address == null || bounceDomain == null) {
            return Optional.empty();
        }
        String a = address.trim().toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        if (at < 0 || !a.substring(at + 1).equals(bounceDomain.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        Matcher m = LOCAL.matcher(a.substring(0, at));
        if (!m.matches()) {
            return Optional.empty();
        }
        String hex = m.group(1);
        UUID message = new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16));
        return Optional.of(new Parts(message.toString(), unbase32(m.group(2)).toString()));
    }

    /** True when {@code address} is at the bounce domain (whatever its local part). */
    public static boolean atBounceDomain(String address, String bounceDomain) {
        if (address == null || bounceDomain == null) {
            return false;
        }
        int at = address.lastIndexOf('@');
        return at > 0 && address.substring(at + 1).trim().equalsIgnoreCase(bounceDomain);
    }

    private static String base32(UUID id) {
        byte[] bytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits()).array();
        StringBuilder out = new StringBuilder(26);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        return out.toString();
    }

    private static UUID unbase32(String text) {
        ByteBuffer bytes = ByteBuffer.allocate(17);
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | BASE32.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                bytes.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        bytes.flip();
        return new UUID(bytes.getLong(), bytes.getLong());
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
