package org.mintpost.system.resilience;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of the test's own ({@code initdb} on a temporary directory, {@code pg_ctl} on a free port of
 * 127.0.0.1, trust auth for {@code postgres}; run as the {@code postgres} user when the test runs as root, which
 * PostgreSQL refuses), never the machine's: the resilience suite restarts it
 * ({@code pg_ctl restart -m fast}, as an operator or a failover does) and pauses it (SIGSTOP to the postmaster and
 * every backend: connections stay open, nothing answers).
 */
final class PgCluster {

    final int port;
    final Path dir;
    final Path log;

    PgCluster() throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("mintpost-resilience-pg");
        this.dir = home.resolve("data");
        this.log = home.resolve("postgresql.log");
        this.port = freePort();
        if (ROOT) {
            run(List.of("chown", "postgres", home.toString()), 30);
        }
        run(List.of("initdb", "-D", dir.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--no-sync"), 120);
        Files.writeString(dir.resolve("postgresql.conf"), String.join("\n", "",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + dir + "'",
                "max_connections = 200",
                "fsync = on",
                "shared_buffers = 32MB",
                ""), java.nio.file.StandardOpenOption.APPEND);
    }

    void start() throws IOException, InterruptedException {
        run(List.of("pg_ctl", "-D", dir.toString(), "-l", log.toString(), "-w", "-t", "60", "start"), 90);
    }

    /** {@code pg_ctl restart -m fast}: every connection is cut, the cluster comes back on the same port. */
    long restart() throws IOException, InterruptedException {
        long started = System.nanoTime();
        run(List.of("pg_ctl", "-D", dir.toString(), "-l", log.toString(), "-w", "-t", "60", "-m", "fast",
                "restart"), 90);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    void stop() {
        try {
            resume();
            run(List.of("pg_ctl", "-D", dir.toString(), "-w", "-t", "30", "-m", "immediate", "stop"), 60);
        } catch (Exception e) {
            // already stopped
        }
    }

    /** SIGSTOP to the postmaster and every backend: the database hangs. */
    void pause() throws IOException {
        Signals.send("STOP", pids());
    }

    void resume() throws IOException {
        Signals.send("CONT", pids());
    }

    boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private long[] pids() throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return new long[0];
        }
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        List<Long> all = new ArrayList<>();
        all.add(postmaster);
        ProcessHandle.of(postmaster).ifPresent(h -> h.descendants().forEach(d -> all.add(d.pid())));
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private void run(List<String> args, int seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (ROOT && !"chown".equals(args.get(0))) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + "; see " + log);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
