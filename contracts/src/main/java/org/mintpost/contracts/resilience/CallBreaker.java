package org.mintpost.contracts.resilience;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A circuit breaker for calls on a hot path (a Redis round trip per request or per delivery), cheaper than an
 * intercepted or guarded call: no proxy, no timer thread, no metrics of its own, one short lock per call. Among
 * the last {@code window} calls, {@code failuresToOpen} failures (a missed deadline counts as one) open it; while
 * open every call is refused at once ({@link #tryAcquire} false); after {@code delay} the next call is a probe
 * (half-open: the others are still refused), and the probe's success closes it, its failure opens it again.
 *
 * <p>Every call that {@link #tryAcquire acquired} must end in exactly one of {@link #succeeded}, {@link #failed}
 * or {@link #abandoned} (a call that never ran to its end, e.g. cancelled by its caller).
 */
public final class CallBreaker {

    /** The breaker's states, as the readiness details and metrics name them ({@code closed}, ...). */
    public enum State {
        CLOSED, OPEN, HALF_OPEN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Thrown (or failed with) by callers for a call the open breaker refused: no stack trace, it is expected. */
    public static final class OpenException extends RuntimeException {
        public OpenException(String breaker) {
            super("circuit breaker " + breaker + " is open", null, false, false);
        }
    }

    private final int window;
    private final int failuresToOpen;
    private final long delayNanos;
    private final Consumer<State> onChange;
    private final LongSupplier clock;
    /** The outcomes of the last calls, oldest first in the ring: true = failed. */
    private final boolean[] ring;
    private int next;
    private int recorded;
    private int failures;
    private State state = State.CLOSED;
    private long openedAt;
    private boolean probing;
    private long opened;

    /** @param onChange told every state change, outside the lock, on the calling thread */
    public CallBreaker(int window, int failuresToOpen, Duration delay, Consumer<State> onChange) {
        this(window, failuresToOpen, delay, onChange, System::nanoTime);
    }

    CallBreaker(int window, int failuresToOpen, Duration delay, Consumer<State> onChange,
            LongSupplier clock) {
        if (window < 1 || failuresToOpen < 1 || failuresToOpen > window) {
            throw new IllegalArgumentException("need 1 <= failuresToOpen <= window");
        }
        this.window = window;
        this.failuresToOpen = failuresToOpen;
        this.delayNanos = Math.max(1, delay.toNanos());
        this.onChange = onChange;
        this.clock = clock;
        this.ring = new boolean[window];
    }

    /** True when the call may go ahead (closed, or it is the half-open probe); false: refuse it at once. */
    public boolean tryAcquire() {
        synchronized (this) {
            switch (state) {
                case CLOSED:
                    return true;
                case HALF_OPEN:
                    if (probing) {
                        return false;
                    }
                    probing = true;
                    return true;
                default:
                    if (clock.getAsLong() - openedAt < delayNanos) {
                        return false;
                    }
                    state = State.HALF_OPEN;
                    probing = true;
            }
        }
        onChange.accept(State.HALF_OPEN);
        return true;
    }

    public void succeeded() {
        synchronized (this) {
            if (state == State.CLOSED) {
                record(false);
                return;
            }
            if (state == State.OPEN) {
                return; // a call that began before the breaker opened
            }
            probing = false;
            state = State.CLOSED;
            clear();
        }
        onChange.accept(State.CLOSED);
    }

    public void failed() {
        synchronized (this) {
            if (state == State.CLOSED) {
                record(true);
                if (recorded < window || failures < failuresToOpen) {
                    return;
                }
            } else if (state == State.OPEN) {
                return;
            }
            probing = false;
            state = State.OPEN;
            openedAt = clock.getAsLong();
            opened++;
            clear();
        }
        onChange.accept(State.OPEN);
    }

    /** An acquired call that ended without an outcome: a probe lets the next call probe instead. */
    public synchronized void abandoned() {
        if (state == State.HALF_OPEN) {
            probing = false;
        }
    }

    /** The current state (an open breaker whose delay has passed says open until a call probes). */
    public synchronized State state() {
        return state;
    }

    /** How many times it opened. */
    public synchronized long openedCount() {
        return opened;
    }

    private void record(boolean failure) {
        if (recorded == window && ring[next]) {
            failures--;
        }
        ring[next] = failure;
        if (failure) {
            failures++;
        }
        next = (next + 1) % window;
        recorded = Math.min(window, recorded + 1);
    }

    private void clear() {
        Arrays.fill(ring, false);
        next = 0;
        recorded = 0;
        failures = 0;
    }
}
