package org.mintpost.system.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code kill -<signal> <pid>} for the parts of the test's own (SIGSTOP/SIGCONT: a hung part and its resumption). */
final class Signals {

    private Signals() {
    }

    static void send(String signal, long... pids) {
        if (pids.length == 0) {
            return;
        }
        String[] command = new String[pids.length + 2];
        command[0] = "kill";
        command[1] = "-" + signal;
        for (int i = 0; i < pids.length; i++) {
            command[i + 2] = Long.toString(pids[i]);
        }
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
