package org.mintpost.token.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque cursor: a position (createdAt, id) and a direction, base64url-encoded. Anything that does
 * not decode is a validation error on {@code cursor}, never a server error.
 */
public record PageCursor(Instant createdAt, UUID id, boolean forward) {

    public String encode() {
        long micros = createdAt.getEpochSecond() * 1_000_000L + createdAt.getNano() / 1_000;
        String raw = (forward ? "n" : "p") + "." + micros + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static PageCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\.", -1);
            if (parts.length != 3 || !(parts[0].equals("n") || parts[0].equals("p"))) {
                throw invalid();
            }
            long micros = Long.parseLong(parts[1]);
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new PageCursor(at, UUID.fromString(parts[2]), parts[0].equals("n"));
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            throw invalid();
        }
    }

    private static ValidationFailed invalid() {
        return ValidationFailed.of("cursor", "The cursor field is not a valid cursor.");
    }
}
