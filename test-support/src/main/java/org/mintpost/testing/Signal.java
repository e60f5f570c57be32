package org.mintpost.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The test's own child processes (servers it pauses and kills): started and awaited, {@code kill -STOP} /
 * {@code kill -CONT}, and a free loopback port.
 */
final class Signal {

    private Signal() {
    }

    /**
     * Starts a server, its output appended to {@code log}, and waits up to 10 s until {@code answers}; fails naming
     * {@code what} and the log when it does not, or when the process exits first.
     */
    static Process startAndAwait(List<String> command, File log, BooleanSupplier answers, String what) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!answers.getAsBoolean()) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException(what + " did not start; see " + log);
                }
                Thread.sleep(50);
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
