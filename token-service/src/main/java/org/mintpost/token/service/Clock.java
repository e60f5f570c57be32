package org.mintpost.token.service;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Instants at PostgreSQL's precision, so what a call returns is what a later read returns. The offset is
 * zero unless a test moves the clock through {@code /internal/clock} ({@code mintpost.clock.adjustable}).
 */
public final class Clock {

    private static volatile Duration offset = Duration.ZERO;

    private Clock() {
    }

    public static Instant now() {
        return Instant.now().plus(offset).truncatedTo(ChronoUnit.MICROS);
    }

    public static Duration offset() {
        return offset;
    }

    static void setOffset(Duration newOffset) {
        offset = newOffset;
    }
}
