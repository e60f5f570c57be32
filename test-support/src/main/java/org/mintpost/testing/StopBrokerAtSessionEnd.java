package org.mintpost.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the JVM's shared test broker when the test session ends, after the Quarkus apps under
 * test have stopped and before the JVM exits. Registered through {@code META-INF/services}.
 */
public class StopBrokerAtSessionEnd implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        KafkaBroker.stopShared();
    }
}
