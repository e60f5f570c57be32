package org.mintpost.system.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.mintpost.contracts.token.TokenFormat;

/**
 * Guessing tokens over HTTP is throttled per client IP: after a limited number of malformed or
 * unknown tokens from one address, that address gets {@code 429} (with {@code Retry-After}) for
 * everything it presents — a correct guess included, so the throttle is no oracle — while other
 * addresses are served as before. {@code 127.0.0.x} are all this machine, so the test comes from
 * several source addresses.
 */
@Order(5)
class BruteForceIT {

    static final int MAX_ATTEMPTS = 200;

    static ResilienceEnv env;
    static int port;
    static String projectToken;

    @BeforeAll
    static void prepare() {
        env = ResilienceEnv.shared();
        port = env.suite.gateway().port;
        var created = env.team("POST", "/v1/projects", "{\"name\":\"Brute force target\"}");
        assertEquals(201, created.statusCode(), created.body());
        projectToken = ResilienceEnv.field(created.body(), "api_token");
    }

    @Test
    void guessingProjectTokensIsThrottledPerIp() {
        String attacker = "127.0.0.7";
        int refusedBeforeThrottle = guessUntilThrottled(attacker, i -> ping(attacker, i % 5 == 0
                ? "lm_guess" + i : TokenFormat.newProjectToken()));
        System.out.printf("BRUTE FORCE (project tokens, ping): throttled after %d failed guesses from one IP%n",
                refusedBeforeThrottle);

        // now everything from that address is refused, a right token included: no oracle
        RawHttp.Answer right = ping(attacker, projectToken);
        assertEquals(429, right.status(), "a correct token from a throttled address: " + right.head());
        assertTrue(right.head().toLowerCase().contains("retry-after:"), "429 carries Retry-After: " + right.head());
        RawHttp.Answer send = RawHttp.send(attacker, port, RawHttp.request("POST", "/v1/send",
                "x-lettermint-token: " + projectToken + "\r\nContent-Type: application/json\r\n",
                "{\"from\":\"a@example.com\",\"to\":[\"b@example.org\"],\"subject\":\"s\",\"text\":\"hello\"}"
                        .getBytes(StandardCharsets.UTF_8)), 30_000);
        assertEquals(429, send.status(), "the Sending API from a throttled address: " + send.head());

        // another address is not affected
        assertEquals(200, ping("127.0.0.8", projectToken).status(), "another address is served");
    }

    @Test
    void guessingTeamTokensOnTheTeamApiIsThrottledPerIp() {
        String attacker = "127.0.0.9";
        int refused = guessUntilThrottled(attacker, i -> RawHttp.send(attacker, port, RawHttp.request("GET",
                "/v1/projects", "Authorization: Bearer " + TokenFormat.newTeamToken() + "\r\n", null), 30_000));
        System.out.printf("BRUTE FORCE (team tokens, Team API): throttled after %d failed guesses from one IP%n", refused);
        RawHttp.Answer right = RawHttp.send(attacker, port, RawHttp.request("GET", "/v1/projects",
                "Authorization: Bearer " + env.suite.teamToken() + "\r\n", null), 30_000);
        assertEquals(429, right.status(), "the real team token from a throttled address: " + right.head());
        RawHttp.Answer other = RawHttp.send("127.0.0.10", port, RawHttp.request("GET", "/v1/projects",
                "Authorization: Bearer " + env.suite.teamToken() + "\r\n", null), 30_000);
        assertEquals(200, other.status(), "another address is served: " + other.head());
    }

    private static int guessUntilThrottled(String ip, java.util.function.IntFunction<RawHttp.Answer> guess) {
        int refused = 0;
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            RawHttp.Answer answer = guess.apply(i);
            if (answer.status() == 429) {
                assertTrue(refused >= 3, "not throttled before a few honest mistakes: " + refused);
                return refused;
            }
            assertEquals(401, answer.status(), "a wrong guess from " + ip + ": " + answer.head());
            refused++;
        }
        throw new AssertionError(MAX_ATTEMPTS + " wrong guesses from " + ip + " and never throttled");
    }

    private static RawHttp.Answer ping(String ip, String token) {
        return RawHttp.send(ip, port, RawHttp.request("GET", "/v1/ping", "x-lettermint-token: " + token + "\r\n", null),
                30_000);
    }
}
