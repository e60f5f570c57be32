package org.mintpost.dispatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the worker's upstream at a {@link ScriptedSmtpServer}. */
public class ScriptedSmtpResource implements QuarkusTestResourceLifecycleManager {

    private static ScriptedSmtpServer server;

    public static ScriptedSmtpServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = new ScriptedSmtpServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("mintpost.upstream.host", "127.0.0.1", "mintpost.upstream.port", Integer.toString(server.port()));
    }

    @Override
    public void stop() {
        try {
            server.close();
        } catch (IOException e) {
            // test over
        }
    }
}
