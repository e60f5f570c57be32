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
        return Map.of("quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(server.port()),
                "quarkus.mailer.tls", "true",
                "quarkus.mailer.trust-all", "true",
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.username", USER,
                "quarkus.mailer.password", PASSWORD);
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
