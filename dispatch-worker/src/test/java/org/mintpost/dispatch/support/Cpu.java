package org.mintpost.dispatch.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process from {@code /proc/<pid>/stat} (Linux): what each part of a benchmark costs. */
public final class Cpu {

    /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}: 100 on Linux). */
    private static final double TICKS = 100.0;

    private Cpu() {
    }

    /** User + system CPU seconds of {@code pid} so far; 0 when it is gone. */
    public static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    public static double self() {
        return seconds(ProcessHandle.current().pid());
    }
}
