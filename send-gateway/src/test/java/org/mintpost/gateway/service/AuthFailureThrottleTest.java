package org.mintpost.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The per-IP brute-force throttle on its own, with a hand-driven clock. */
class AuthFailureThrottleTest {

    final AtomicLong now = new AtomicLong(1_000_000);
    final AuthFailureThrottle throttle = new AuthFailureThrottle(true, 3, 60_000, 1000, now::get);

    @Test
    void anIpIsThrottledAfterMaxFailuresUntilTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"), "not yet after " + i + " failures");
            throttle.failed("10.0.0.1");
        }
        assertEquals(60, throttle.retryAfterSeconds("10.0.0.1"));
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.2"), "another IP is not affected");
        now.addAndGet(59_500);
        assertEquals(1, throttle.retryAfterSeconds("10.0.0.1"));
        now.addAndGet(500);
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"), "free again once the window has passed");
        throttle.failed("10.0.0.1");
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"), "a new window starts counting from one");
    }

    @Test
    void failuresSpreadOverWindowsDoNotAddUp() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        now.addAndGet(61_000);
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"));
    }

    @Test
    void disabledNeverThrottles() {
        AuthFailureThrottle off = new AuthFailureThrottle(false, 1, 60_000, 1000, now::get);
        for (int i = 0; i < 10; i++) {
            off.failed("10.0.0.1");
        }
        assertEquals(0, off.retryAfterSeconds("10.0.0.1"));
    }

    @Test
    void aFloodFromManyAddressesStaysBounded() {
        AuthFailureThrottle small = new AuthFailureThrottle(true, 3, 60_000, 100, now::get);
        for (int i = 0; i < 10_000; i++) {
            small.failed("10.1." + (i / 256) + "." + (i % 256));
        }
        assertTrue(small.trackedIps() <= 100, "tracked " + small.trackedIps());
    }

    @Test
    void eachFailureSaysWhetherItWasStillWithinTheLimit() {
        // the SMTP relay records on token-usage only the failures within the limit
        assertTrue(throttle.failed("10.0.0.1"));
        assertTrue(throttle.failed("10.0.0.1"));
        assertTrue(throttle.failed("10.0.0.1"), "the third of three is still within");
        assertEquals(60, throttle.retryAfterSeconds("10.0.0.1"));
        assertFalse(throttle.failed("10.0.0.1"), "past the limit");
        assertTrue(throttle.failed("10.0.0.2"), "another address has its own count");
        now.addAndGet(60_000);
        assertTrue(throttle.failed("10.0.0.1"), "a new window");
    }
}
