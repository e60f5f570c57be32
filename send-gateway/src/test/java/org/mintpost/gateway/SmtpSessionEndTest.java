package org.mintpost.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mintpost.gateway.support.Smtp.assertReply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.mintpost.gateway.smtp.SmtpRelay;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.Smtp;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A TLS session that has ended (a {@code QUIT}, or dropped by the relay) is gone at once, even when its
 * client stays connected and silent: the JDK's TLS close reads what the client may still send for as long
 * as the socket's read timeout (the idle timeout, 60 s), and until then the session counted against
 * {@code max-sessions} and held a thread.
 */
@GatewayTest
@TestProfile(SmtpSessionEndTest.TwoSessions.class)
class SmtpSessionEndTest {

    static final int MAX_SESSIONS = 2;
    static final int MAX_COMMANDS = 3;

    public static class TwoSessions implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.smtp.idle-timeout", "60s",
                    "mintpost.smtp.max-sessions", String.valueOf(MAX_SESSIONS),
                    "mintpost.smtp.max-commands-per-session", String.valueOf(MAX_COMMANDS));
        }
    }

    @Inject
    SmtpRelay relay;

    @Test
    void endedSessionsFreeTheirPlaceWhileTheirClientsStaySilent() throws Exception {
        Http.awaitReady();
        assertTrue(relay.running());
        int port = relay.tlsPort().orElseThrow();
        List<Smtp.Raw> silent = new ArrayList<>();
        try {
            Smtp.Raw quits = Smtp.Raw.implicitTls(port);
            silent.add(quits);
            assertReply("220 ", quits.reply());
            assertReply("221", quits.send("QUIT"));

            Smtp.Raw dropped = Smtp.Raw.implicitTls(port);
            silent.add(dropped);
            assertReply("220 ", dropped.reply());
            for (int i = 0; i < MAX_COMMANDS; i++) {
                assertReply("250", dropped.send("NOOP"));
            }
            assertReply("421 4.7.0", dropped.send("NOOP"));
            // neither client says anything more or closes its end

            String greeting = null;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline && (greeting == null || !greeting.startsWith("220 "))) {
                Thread.sleep(200);
                try (Smtp.Raw next = Smtp.Raw.implicitTls(port)) {
                    greeting = next.reply();
                }
            }
            assertReply("220 ", greeting);
        } finally {
            for (Smtp.Raw smtp : silent) {
                smtp.close();
            }
        }
    }
}
