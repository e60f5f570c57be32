package org.mintpost.testing;

import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs clean-up actions when the JUnit session ends: after the Quarkus apps under test have
 * stopped, before the JVM exits, last registered first (so a suite of processes using the broker
 * stops before the broker does). Exit hooks are too late for that: the JVM runs them concurrently,
 * and one of them deletes the broker's directories under it. Registered through
 * {@code META-INF/services}. Only actions registered from this class loader run: a Quarkus test's
 * class loader has its own copy of this class, which the session never calls ({@link KafkaBroker}
 * says what that means for its broker).
 */
public class SessionEnd implements LauncherSessionListener {

    private static final Deque<Runnable> ACTIONS = new ArrayDeque<>();

    public static synchronized void register(Runnable action) {
        ACTIONS.push(action);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        runAll();
    }

    static synchronized void runAll() {
        while (!ACTIONS.isEmpty()) {
            try {
                ACTIONS.pop().run();
            } catch (RuntimeException e) {
                System.err.println("clean-up at the end of the tests failed: " + e);
            }
        }
    }
}
