package org.mintpost.dispatch.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Redis of the test's own (never the machine's) for the delivered ledger, on a free port, that a test can
 * pause with {@code kill -STOP} (connections stay open, nothing answers: a hung Redis) and resume.
 */
public class OwnRedisResource implements QuarkusTestResourceLifecycleManager {

    private static Process redis;
    private static int port;

    public static int port() {
        return port;
    }

    /** {@code kill -STOP}: Redis hangs. */
    public static void pause() {
        signal("STOP");
    }

    /** {@code kill -CONT}: Redis answers again. */
    public static void resume() {
        signal("CONT");
    }

    private static void signal(String name) {
        try {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(redis.pid())).inheritIO().start().waitFor();
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

    @Override
    public Map<String, String> start() {
        try {
            port = WorkerProcess.freePort();
            File log = new File("target/own-redis-" + port + ".log");
            redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(log).start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    break;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline || !redis.isAlive()) {
                        throw new IllegalStateException("the test's Redis did not start; see " + log);
                    }
                    Thread.sleep(50);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Map.of("mintpost.dispatch.ledger.redis-hosts", "redis://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        if (redis != null) {
            resume();
            redis.destroyForcibly();
        }
    }
}
