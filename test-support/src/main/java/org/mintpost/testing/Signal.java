package org.mintpost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** {@code kill -STOP} / {@code kill -CONT} for the test's own child processes, and a free loopback port. */
final class Signal {

    private Signal() {
    }

    /** Sends the signal ({@code STOP}, {@code CONT}) to a process that is still alive; nothing otherwise. */
    static void send(Process process, String name) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the test runs as root (then smtp-sink and dnsmasq must be told a user to drop to). */
    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops a process (resumed first, so a paused one can die), waiting for it. */
    static void kill(Process process) {
        if (process != null && process.isAlive()) {
            send(process, "CONT");
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
