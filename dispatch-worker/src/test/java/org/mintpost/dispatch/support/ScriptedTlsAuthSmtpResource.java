package org.mintpost.dispatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** An upstream that speaks implicit TLS and requires AUTH ({@link ScriptedSmtpServer}). */
public class ScriptedTlsAuthSmtpResource implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "relay-user";
    public static final String PASSWORD = "relay-secret";

    private static ScriptedSmtpServer server;

    public static ScriptedSmtpServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = new ScriptedSmtpServer(true, USER, PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("mintpost.upstream.host", "127.0.0.1",
                "mintpost.upstream.port", Integer.toString(server.port()),
                "mintpost.upstream.tls", "true",
                "mintpost.upstream.trust-all", "true",
                "mintpost.upstream.start-tls", "DISABLED",
                "mintpost.upstream.username", USER,
                "mintpost.upstream.password", PASSWORD);
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
