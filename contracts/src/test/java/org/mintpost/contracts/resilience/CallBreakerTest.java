package org.mintpost.contracts.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The breaker's states on a clock the test moves: opens on 3 failures of the last 4, probes after its delay. */
class CallBreakerTest {

    final AtomicLong now = new AtomicLong();
    final List<CallBreaker.State> changes = new ArrayList<>();
    final CallBreaker breaker = new CallBreaker(4, 3, Duration.ofSeconds(5), changes::add, now::get);

    @Test
    void threeFailuresOfTheLastFourOpenItThenOneProbeAtATimeAfterTheDelay() {
        fail();
        succeed();
        fail();
        assertEquals(CallBreaker.State.CLOSED, breaker.state(), "two of three: the window is not full yet");
        fail();
        assertEquals(CallBreaker.State.OPEN, breaker.state());
        assertEquals(List.of(CallBreaker.State.OPEN), changes);
        assertEquals(1, breaker.openedCount());
        assertFalse(breaker.tryAcquire(), "refused at once while open");
        now.addAndGet(Duration.ofSeconds(5).toNanos() - 1);
        assertFalse(breaker.tryAcquire(), "before its delay");
        now.addAndGet(1);
        assertTrue(breaker.tryAcquire(), "the probe");
        assertEquals(CallBreaker.State.HALF_OPEN, breaker.state());
        assertFalse(breaker.tryAcquire(), "one probe at a time");
        breaker.failed();
        assertEquals(CallBreaker.State.OPEN, breaker.state(), "a failed probe opens it again");
        assertEquals(2, breaker.openedCount());
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertTrue(breaker.tryAcquire());
        breaker.abandoned();
        assertTrue(breaker.tryAcquire(), "an abandoned probe lets the next call probe");
        breaker.succeeded();
        assertEquals(CallBreaker.State.CLOSED, breaker.state());
        assertEquals(List.of(CallBreaker.State.OPEN, CallBreaker.State.HALF_OPEN, CallBreaker.State.OPEN,
                CallBreaker.State.HALF_OPEN, CallBreaker.State.CLOSED), changes);
    }

    @Test
    void failuresSpreadAmongSuccessesKeepItClosedAndAClosedBreakerStartsAFreshWindow() {
        for (int i = 0; i < 20; i++) {
            fail();
            succeed();
            succeed();
        }
        assertEquals(CallBreaker.State.CLOSED, breaker.state(), "never three in the last four");
        fail();
        fail();
        fail();
        assertEquals(CallBreaker.State.OPEN, breaker.state());
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertTrue(breaker.tryAcquire());
        breaker.succeeded();
        fail();
        fail();
        assertEquals(CallBreaker.State.CLOSED, breaker.state(), "the window before it opened is forgotten");
        breaker.succeeded(); // late success of a call begun before: no change
        assertEquals(CallBreaker.State.CLOSED, breaker.state());
    }

    private void fail() {
        assertTrue(breaker.tryAcquire());
        breaker.failed();
    }

    private void succeed() {
        assertTrue(breaker.tryAcquire());
        breaker.succeeded();
    }
}
