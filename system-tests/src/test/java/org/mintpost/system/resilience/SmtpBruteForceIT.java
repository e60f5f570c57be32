package org.mintpost.system.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.TokenFormat;

/**
 * Guessing project tokens over the SMTP relay is throttled per client address: over STARTTLS, wrong
 * passwords ({@code AUTH PLAIN} and {@code AUTH LOGIN}; random well-formed {@code lm_…} tokens and
 * malformed ones) get {@code 535 5.7.8} up to {@code mintpost.smtp.auth-failures-per-ip-per-minute}
 * (default 10), then {@code 451 4.7.1} (API.md "throttled") for anything that address presents — the
 * right token included, so the throttle is no oracle — while another address authenticates and sends.
 */
@Order(6)
class SmtpBruteForceIT {

    /** mintpost.smtp.auth-failures-per-ip-per-minute, which the suite leaves at its default. */
    static final int LIMIT = 10;
    static final int TIMEOUT_MS = 15_000;
    static final String ATTACKER = "127.0.0.6";
    static final String OTHER = "127.0.0.11";

    static ResilienceEnv env;
    static int port;
    static String token;

    @BeforeAll
    static void prepare() {
        env = ResilienceEnv.shared();
        port = env.suite.smtpStartTlsPort();
        HttpResponse<String> created = env.team("POST", "/v1/projects",
                "{\"name\":\"SMTP brute force target\",\"smtp_enabled\":true}");
        assertEquals(201, created.statusCode(), created.body());
        token = ResilienceEnv.field(created.body(), "api_token");
    }

    @Test
    void guessingTokensOverSmtpIsThrottledPerAddressWithoutAnOracle() throws IOException {
        // the relay counts failures per calendar minute: start with enough of the minute left for the whole test
        Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> LocalTime.now(ZoneOffset.UTC).getSecond() < 30);

        List<String> refused = new ArrayList<>();
        SmtpWire.Reply throttled = null;
        for (int i = 0; i < 2 * LIMIT && throttled == null; i++) {
            String guess = switch (i % 4) {
                case 0, 1 -> TokenFormat.newProjectToken();
                case 2 -> "lm_guess_" + i;
                default -> TokenFormat.newProjectToken().substring(0, 20) + "x";
            };
            SmtpWire.Reply reply = auth(ATTACKER, guess, i % 2 == 0);
            if (reply.last().startsWith("451 4.7.1")) {
                throttled = reply;
            } else {
                assertEquals(535, reply.code(), "a wrong guess (#" + i + "): " + reply);
                assertTrue(reply.last().startsWith("535 5.7.8"), reply.text());
                refused.add(reply.last());
            }
        }
        System.out.printf("SMTP BRUTE FORCE: throttled after %d failed AUTHs from one address: %s%n", refused.size(),
                throttled);
        assertEquals(LIMIT, refused.size(), "wrong guesses answered 535 before the throttle");
        assertTrue(throttled != null, "never throttled");

        // no oracle: the right token from that address is refused the same way, with PLAIN and LOGIN
        for (boolean plain : new boolean[] {true, false}) {
            SmtpWire.Reply right = auth(ATTACKER, token, plain);
            assertTrue(right.last().startsWith("451 4.7.1"), "the right token from a throttled address ("
                    + (plain ? "PLAIN" : "LOGIN") + "): " + right);
        }

        // another address authenticates and sends
        String subject = "smtp brute force bystander " + UUID.randomUUID();
        try (SmtpWire wire = SmtpWire.startTls(OTHER, port, TIMEOUT_MS)) {
            assertEquals(235, wire.authLogin(token).code(), "AUTH LOGIN from another address");
            SmtpWire.Reply queued = wire.transaction("shop@example.com", List.of("bob@example.org"),
                    SmtpWire.message("shop@example.com", "bob@example.org", subject, null, "Not throttled."));
            assertTrue(queued.last().startsWith("250 2.0.0 Ok: queued as "), queued.text());
        }
        env.suite.awaitMail(subject);
    }

    /** One session: STARTTLS, then AUTH PLAIN or LOGIN with {@code password}; the AUTH's final reply. */
    private static SmtpWire.Reply auth(String from, String password, boolean plain) throws IOException {
        try (SmtpWire wire = SmtpWire.startTls(from, port, TIMEOUT_MS)) {
            return plain ? wire.authPlain(password) : wire.authLogin(password);
        }
    }
}
