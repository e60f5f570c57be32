package org.mintpost.token.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants at PostgreSQL's precision, so what a call returns is what a later read returns. */
public final class Clock {

    private Clock() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
