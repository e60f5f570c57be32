package org.mintpost.audit.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;

/** Small conversions between Java time and the reactive client's timestamptz values. */
final class Sql {

    private Sql() {
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    /** A jsonb array of strings as a list; null reads as empty. */
    static List<String> strings(JsonArray array) {
        if (array == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>(array.size());
        for (Object value : array) {
            if (value != null) {
                values.add(value.toString());
            }
        }
        return values;
    }
}
