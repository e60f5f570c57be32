package org.mintpost.token.workloads;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mintpost.token.workloads.ExchangeErrors.TooManyExchanges;

/**
 * The exchange's rate limits without the application: per issuer (issue #28: a flood of identity tokens from one
 * issuer stops at its limit whatever addresses it comes from) apart from per client address, each answered with a
 * {@code Retry-After} within the current minute. {@code OidcExchangeTest} covers the per-address limit over HTTP.
 */
class ExchangeRateLimiterTest {

    static WorkloadsConfig limits(int perIp, int perIssuer) {
        return new WorkloadsConfig() {
            public List<String> issuers() {
                return List.of("https://ci.example");
            }

            public boolean allowInsecureIssuers() {
                return false;
            }

            public Duration fetchTimeout() {
                return Duration.ofSeconds(3);
            }

            public Duration keysCacheTtl() {
                return Duration.ofHours(1);
            }

            public Duration keysRefetchInterval() {
                return Duration.ofMinutes(1);
            }

            public int exchangesPerIpPerMinute() {
                return perIp;
            }

            public int exchangesPerIssuerPerMinute() {
                return perIssuer;
            }

            public int maxBodyBytes() {
                return 16384;
            }
        };
    }

    /** The windows are whole minutes: a test does not start in the last second of one. */
    static void awayFromTheMinutesEnd() throws InterruptedException {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 59_000) {
            Thread.sleep(60_000 - intoMinute + 50);
        }
    }

    @Test
    void anIssuerStopsAtItsLimitWhateverTheAddressesAndOtherIssuersGoOn() throws InterruptedException {
        awayFromTheMinutesEnd();
        ExchangeRateLimiter limiter = new ExchangeRateLimiter(limits(100, 3));
        for (int i = 0; i < 3; i++) {
            limiter.acquireForIp("198.51.100." + i);
            limiter.acquireForIssuer("https://ci.example");
        }
        limiter.acquireForIp("198.51.100.99");
        TooManyExchanges refused = assertThrows(TooManyExchanges.class,
                () -> limiter.acquireForIssuer("https://ci.example"));
        assertTrue(refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 60,
                "Retry-After within the minute: " + refused.retryAfterSeconds());
        limiter.acquireForIssuer("https://gitlab.example");
    }

    @Test
    void anAddressStopsAtItsLimitApartFromTheIssuersCount() throws InterruptedException {
        awayFromTheMinutesEnd();
        ExchangeRateLimiter limiter = new ExchangeRateLimiter(limits(2, 100));
        limiter.acquireForIp("203.0.113.7");
        limiter.acquireForIp("203.0.113.7");
        assertThrows(TooManyExchanges.class, () -> limiter.acquireForIp("203.0.113.7"));
        limiter.acquireForIp("203.0.113.8");
        limiter.acquireForIssuer("https://ci.example");
    }
}
