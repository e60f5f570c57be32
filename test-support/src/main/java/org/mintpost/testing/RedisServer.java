package org.mintpost.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code redis-server} of the test's own on a free port of 127.0.0.1 (never the machine's Redis on 6379), that a
 * test can pause ({@code kill -STOP}: connections stay open and nothing answers, a hung Redis), resume, kill
 * ({@code kill -9}: connections close, a Redis that is down) and start again on the same port. No persistence (a
 * restarted server is empty) unless started with {@link #startPersistent}.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final File log;
    private final List<String> persistence;
    private Process process;

    private RedisServer(int port, List<String> persistence) {
        this.port = port;
        this.log = new File(System.getProperty("java.io.tmpdir"), "mintpost-redis-" + port + ".log");
        this.persistence = persistence;
    }

    /** Starts one on a free port; it answers PING when this returns. */
    public static RedisServer start() {
        RedisServer server = new RedisServer(Signal.freePort(), List.of("--save", "", "--appendonly", "no"));
        server.startAgain();
        return server;
    }

    /**
     * Starts one that keeps every acknowledged write in an append-only file under {@code dir} ({@code appendfsync
     * always}), so a server killed and started again has its data, as a production Redis with AOF has.
     */
    public static RedisServer startPersistent(Path dir) {
        RedisServer server = new RedisServer(Signal.freePort(), List.of("--save", "", "--appendonly", "yes",
                "--appendfsync", "always", "--dir", dir.toAbsolutePath().toString()));
        server.startAgain();
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** {@code kill -STOP}: Redis hangs. */
    public void pause() {
        Signal.send(process, "STOP");
    }

    /** {@code kill -CONT}: Redis answers again. */
    public void resume() {
        Signal.send(process, "CONT");
    }

    /** {@code kill -9}: Redis is down, its connections closed. */
    public synchronized void kill() {
        Signal.kill(process);
    }

    /** Starts the server (again) on its port; waits until it answers PING. */
    public synchronized void startAgain() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("redis-server", "--port",
                Integer.toString(port), "--bind", "127.0.0.1"));
        command.addAll(persistence);
        process = Signal.startAndAwait(command, log, () -> "+PONG".equals(command("PING")),
                "the test's Redis on port " + port);
    }

    /**
     * One command (arguments without spaces), its first reply line as Redis sent it ({@code +OK}, {@code :42},
     * {@code $-1}; a bulk string's value instead of its length line); null when Redis does not answer within 2 s.
     */
    public String command(String... args) {
        StringBuilder out = new StringBuilder("*" + args.length + "\r\n");
        for (String arg : args) {
            out.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg)
                    .append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write(out.toString().getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = in.readLine();
            return line != null && line.startsWith("$") && !line.equals("$-1") ? in.readLine() : line;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        kill();
    }
}
