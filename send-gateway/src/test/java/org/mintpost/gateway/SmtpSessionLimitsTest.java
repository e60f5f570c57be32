package org.mintpost.gateway;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mintpost.gateway.support.Smtp.assertReply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mintpost.gateway.smtp.SmtpRelay;
import org.mintpost.gateway.support.GatewayTest;
import org.mintpost.gateway.support.Http;
import org.mintpost.gateway.support.Smtp;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The relay's session limits, with raw clients: a silent session is closed after {@code idle-timeout}, and
 * one address gets at most {@code max-sessions-per-ip} sessions at once (the next is refused with a 421 and
 * its slot comes back when a session ends). Short limits in a profile of its own.
 */
@GatewayTest
@TestProfile(SmtpSessionLimitsTest.ShortLimits.class)
class SmtpSessionLimitsTest {

    static final int PER_IP = 3;
    static final long IDLE_MILLIS = 1500;

    public static class ShortLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mintpost.smtp.idle-timeout", IDLE_MILLIS + "ms",
                    "mintpost.smtp.max-sessions-per-ip", String.valueOf(PER_IP));
        }
    }

    @Inject
    SmtpRelay relay;

    @BeforeEach
    void ready() {
        Http.awaitReady();
        assertTrue(relay.running());
    }

    private int port() {
        return relay.starttlsPorts().get(0);
    }

    @Test
    void aSilentSessionIsClosedWithA421AfterTheIdleTimeout() throws Exception {
        try (Smtp.Raw smtp = new Smtp.Raw(port())) {
            assertReply("220 ", smtp.reply());
            assertReply("250", smtp.send("EHLO client.test"));
            long silentFrom = System.nanoTime();
            String reply = smtp.reply(); // says nothing: the next thing is the server's
            long silentMillis = (System.nanoTime() - silentFrom) / 1_000_000;
            assertReply("421 ", reply);
            assertTrue(silentMillis >= IDLE_MILLIS - 100 && silentMillis < IDLE_MILLIS + 5_000,
                    "closed after " + silentMillis + " ms of silence (idle-timeout " + IDLE_MILLIS + " ms)");
            assertNull(smtp.reply(), "and the connection is closed");
        }
        try (Smtp.Raw smtp = new Smtp.Raw(port())) {
            assertReply("220 ", smtp.reply());
            for (int i = 0; i < 4; i++) {
                Thread.sleep(IDLE_MILLIS / 2);
                assertReply("250", smtp.send("NOOP"));
            }
            // a session that keeps talking outlives the timeout
        }
    }

    @Test
    void oneAddressGetsAtMostMaxSessionsPerIpAtOnce() throws Exception {
        List<Smtp.Raw> open = new ArrayList<>();
        try {
            for (int i = 0; i < PER_IP; i++) {
                Smtp.Raw smtp = new Smtp.Raw(port());
                open.add(smtp);
                assertReply("220 ", smtp.reply());
            }
            try (Smtp.Raw extra = new Smtp.Raw(port())) {
                assertReply("421 ", extra.reply());
                assertNull(extra.reply(), "the session over the limit is closed");
            }
            open.remove(0).close();
            String greeting = null;
            for (int attempt = 0; attempt < 20 && (greeting == null || !greeting.startsWith("220 ")); attempt++) {
                Thread.sleep(50); // the server sees the closed session end
                try (Smtp.Raw again = new Smtp.Raw(port())) {
                    greeting = again.reply();
                }
            }
            assertReply("220 ", greeting);
        } finally {
            for (Smtp.Raw smtp : open) {
                smtp.close();
            }
        }
    }
}
