package org.mintpost.gateway.support;

import java.util.Map;

import org.mintpost.testing.RedisServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the gateway at a Redis of the test's own ({@link RedisServer}, never the machine's), which a test can
 * pause, resume, kill and start again through {@link #server()}.
 */
public class OwnRedisResource implements QuarkusTestResourceLifecycleManager {

    private static RedisServer server;

    public static synchronized RedisServer server() {
        if (server == null) {
            server = RedisServer.start();
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.redis.hosts", server().uri());
    }

    @Override
    public void stop() {
        synchronized (OwnRedisResource.class) {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }
}
