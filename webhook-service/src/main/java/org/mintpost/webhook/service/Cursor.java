package org.mintpost.webhook.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.mintpost.webhook.repository.Ids;

/** An opaque keyset cursor: the (created_at, id) of the last row seen. */
public record Cursor(Instant createdAt, String id) {

    public String encode() {
        String raw = createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Null for no cursor; a 422 on page[cursor] for one we did not make. */
    public static Cursor decode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split(":");
            if (parts.length == 3 && Ids.isUuid(parts[2])) {
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // falls through to the 422
        }
        throw new ValidationException("page[cursor]", "The cursor is not valid.");
    }
}
