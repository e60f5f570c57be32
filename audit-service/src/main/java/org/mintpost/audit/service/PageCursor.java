package org.mintpost.audit.service;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * An opaque keyset position: the (time, key) of the last row of a page, e.g. a message's (created_at, id).
 * Rows that arrive later never move it, so a page never repeats or skips rows that were there before.
 */
public record PageCursor(Instant at, String key) {

    private static final String VERSION = "m1";

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
        String plain = VERSION + ":" + micros + ":" + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in {@code value}, or empty when it is not one this service made. Never throws. */
    public static Optional<PageCursor> decode(String value) {
        if (value == null || value.length() > 400) {
            return Optional.empty();
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(value.trim()), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", 3);
            if (parts.length != 3 || !VERSION.equals(parts[0]) || !Text.usableId(parts[2])
                    || !parts[1].matches("-?[0-9]{1,18}")) {
                return Optional.empty();
            }
            long micros = Long.parseLong(parts[1]);
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            return Optional.of(new PageCursor(at, parts[2]));
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }
}
