package org.mintpost.audit.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Cursors survive a round trip at microsecond precision and anything else is refused without throwing. */
class LogCursorTest {

    @Test
    void roundTrips() {
        for (Instant at : List.of(Instant.parse("2026-11-29T19:21:16.123456Z"), Instant.parse("1969-12-31T23:59:59Z"),
                Instant.parse("2026-01-01T00:00:00Z"))) {
            LogCursor cursor = new LogCursor(at, 42);
            assertEquals(cursor, LogCursor.decode(cursor.encode()).orElseThrow());
        }
    }

    @Test
    void refusesWhatItDidNotMake() {
        for (String bad : List.of("", "!!!", "MTox", "MToxOjA", "MjoxOjE", "MTphOjE", "MToxOi0x", "MTox\u0000",
                "a".repeat(500), "MTo5OTk5OTk5OTk5OTk5OTk5OTk5OjE")) {
            assertTrue(LogCursor.decode(bad).isEmpty(), bad);
        }
    }
}
