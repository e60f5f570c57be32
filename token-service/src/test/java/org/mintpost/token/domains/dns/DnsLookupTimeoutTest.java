package org.mintpost.token.domains.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A look-up's deadline sits inside the request's: a hung DNS server can never make verification answer 503. */
class DnsLookupTimeoutTest {

    @Test
    void theConfiguredDeadlineWhenItLeavesTheRequestItsMargin() {
        assertEquals(Duration.ofSeconds(2), DnsLookup.timeout(Duration.ofSeconds(2), Duration.ofSeconds(3)));
        assertEquals(Duration.ofMillis(500), DnsLookup.timeout(Duration.ofMillis(500), Duration.ofSeconds(30)));
    }

    @Test
    void neverMoreThanTheRequestDeadlineLessTheMargin() {
        // a look-up as long as the request would make verify answer 503
        assertEquals(Duration.ofSeconds(2), DnsLookup.timeout(Duration.ofSeconds(3), Duration.ofSeconds(3)));
        assertEquals(Duration.ofMillis(1500), DnsLookup.timeout(Duration.ofSeconds(2), Duration.ofMillis(2500)));
    }

    @Test
    void neverMoreThanThreeSecondsNorLessThanATenthOfOne() {
        assertEquals(Duration.ofSeconds(3), DnsLookup.timeout(Duration.ofSeconds(10), Duration.ofSeconds(30)));
        assertEquals(Duration.ofMillis(100), DnsLookup.timeout(Duration.ofSeconds(2), Duration.ofMillis(500)));
    }
}
