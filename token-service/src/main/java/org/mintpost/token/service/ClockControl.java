package org.mintpost.token.service;

import java.time.Duration;

/** Moves {@link Clock} (tests only, through the internal clock resource or directly). */
public final class ClockControl {

    private ClockControl() {
    }

    public static void set(Duration offset) {
        Clock.setOffset(offset);
    }
}
