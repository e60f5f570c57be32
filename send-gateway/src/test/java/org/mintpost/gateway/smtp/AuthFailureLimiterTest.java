package org.mintpost.gateway.smtp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AuthFailureLimiterTest {

    @Test
    void anAddressIsThrottledAfterItsFailuresAndOthersAreNot() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(3);
        assertFalse(limiter.throttled("10.0.0.1"));
        assertTrue(limiter.fail("10.0.0.1"));
        assertTrue(limiter.fail("10.0.0.1"));
        assertFalse(limiter.throttled("10.0.0.1"));
        assertTrue(limiter.fail("10.0.0.1"), "the third failure is still recorded");
        assertTrue(limiter.throttled("10.0.0.1"));
        assertFalse(limiter.fail("10.0.0.1"), "past the limit, failures are no longer recorded");
        assertFalse(limiter.throttled("10.0.0.2"));
        assertTrue(limiter.fail("10.0.0.2"));
    }
}
