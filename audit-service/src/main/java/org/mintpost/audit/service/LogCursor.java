package org.mintpost.audit.service;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * An opaque keyset position in a token's feed: the (at, id) of the last row of a page. Rows that
 * arrive later never move it, so a page never repeats or skips rows that were there before.
 */
public record LogCursor(Instant at, long id) {

    private static final String VERSION = "1";

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
        String plain = VERSION + ":" + micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor in {@code value}, or empty when it is not one this service made. Never throws. */
    public static Optional<LogCursor> decode(String value) {
        if (value == null || value.length() > 100) {
            return Optional.empty();
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII);
            String[] parts = plain.split(":", -1);
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                return Optional.empty();
            }
            String microsDigits = parts[1].startsWith("-") ? parts[1].substring(1) : parts[1];
            if (!digits(microsDigits) || !digits(parts[2])) {
                return Optional.empty();
            }
            long micros = Long.parseLong(parts[1]);
            long id = Long.parseLong(parts[2]);
            if (id <= 0) {
                return Optional.empty();
            }
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            return Optional.of(new LogCursor(at, id));
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }

    private static boolean digits(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!Character.isDigit(value.charAt(i)) || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
