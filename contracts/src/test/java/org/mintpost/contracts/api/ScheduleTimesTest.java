package org.mintpost.contracts.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** {@code scheduled_at} forms, read at Wednesday 2026-12-09 14:30 UTC. */
class ScheduleTimesTest {

    private static final Instant NOW = Instant.parse("2026-12-09T14:30:00Z");

    private static Instant at(String text) {
        Optional<Instant> parsed = ScheduleTimes.parse(text, NOW);
        assertTrue(parsed.isPresent(), "not read: " + text);
        return parsed.get();
    }

    @Test
    void iso8601WithOrWithoutAZone() {
        assertEquals(Instant.parse("2026-12-10T08:00:00Z"), at("2026-12-10T10:00:00+02:00"));
        assertEquals(Instant.parse("2026-12-10T10:00:00Z"), at("2026-12-10T10:00:00Z"));
        assertEquals(Instant.parse("2026-12-10T10:00:00Z"), at("2026-12-10T10:00:00"), "no zone: UTC");
        assertEquals(Instant.parse("2026-12-10T10:00:00Z"), at("2026-12-10 10:00"));
        assertEquals(Instant.parse("2026-12-10T00:00:00Z"), at("2026-12-10"), "a date: its midnight");
    }

    @Test
    void relativeEnglish() {
        assertEquals(NOW, at("now"));
        assertEquals(Instant.parse("2026-12-09T16:30:00Z"), at("in 2 hours"));
        assertEquals(Instant.parse("2026-12-09T15:00:00Z"), at("+30 minutes"));
        assertEquals(Instant.parse("2026-12-12T14:30:00Z"), at("3 days"));
        assertEquals(Instant.parse("2026-12-16T14:30:00Z"), at("1 week from now"));
        assertEquals(Instant.parse("2026-12-09T14:45:00Z"), at("  In 15   MINS "));
    }

    @Test
    void daysAndTimesInEnglish() {
        assertEquals(Instant.parse("2026-12-10T00:00:00Z"), at("tomorrow"));
        assertEquals(Instant.parse("2026-12-10T09:00:00Z"), at("tomorrow at 9am"));
        assertEquals(Instant.parse("2026-12-10T21:15:00Z"), at("Tomorrow 9:15 PM"));
        assertEquals(Instant.parse("2026-12-09T17:00:00Z"), at("today at 17:00"));
        assertEquals(Instant.parse("2026-12-11T12:00:00Z"), at("friday noon"));
        assertEquals(Instant.parse("2026-12-09T00:00:00Z"), at("wednesday"), "today is that weekday");
        assertEquals(Instant.parse("2026-12-16T09:30:00Z"), at("next wednesday at 9:30am"));
        assertEquals(Instant.parse("2026-12-14T00:00:00Z"), at("next monday"));
        assertEquals(Instant.parse("2026-12-09T18:00:00Z"), at("at 6pm"));
        assertEquals(Instant.parse("2026-12-10T00:00:00Z"), at("tomorrow midnight"));
    }

    @Test
    void whatIsNoTimeIsNotRead() {
        for (String bad : List.of("", " ", "someday", "tomorrow at 25:00", "today at 13pm", "at 9", "9:75",
                "2026-13-01", "next tomorrow", "in -2 hours", "x".repeat(256))) {
            assertTrue(ScheduleTimes.parse(bad, NOW).isEmpty(), "read: " + bad);
        }
        assertTrue(ScheduleTimes.parse(null, NOW).isEmpty());
    }
}
