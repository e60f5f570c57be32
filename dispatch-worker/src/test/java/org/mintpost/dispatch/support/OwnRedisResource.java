package org.mintpost.dispatch.support;

import java.util.Map;

import org.mintpost.testing.RedisServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the delivered ledger at a Redis of the test's own ({@link RedisServer}, never the machine's), which a test
 * can pause with {@code kill -STOP} (connections stay open, nothing answers: a hung Redis) and resume.
 */
public class OwnRedisResource implements QuarkusTestResourceLifecycleManager {

    private static RedisServer server;

    public static int port() {
        return server.port();
    }

    /** {@code kill -STOP}: Redis hangs. */
    public static void pause() {
        server.pause();
    }

    /** {@code kill -CONT}: Redis answers again. */
    public static void resume() {
        server.resume();
    }

    @Override
    public Map<String, String> start() {
        server = RedisServer.start();
        return Map.of("mintpost.dispatch.ledger.redis-hosts", server.uri());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
