package org.mintpost.gateway.service;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.event.TokenUsed;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.gateway.client.TokenLookupClient;
import org.mintpost.gateway.config.GatewayConfig;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Decides whether a presented token may be used, for HTTP and (later) SMTP alike: checksum first (no
 * lookup for a mistyped token), then the token map, then one cache-miss lookup at token-service with
 * a short negative cache. Then status, expiry, allowed IPs and, for SMTP, the project's switch.
 */
@ApplicationScoped
public class TokenAuthenticator {

    private final TokenMap map;
    private final TokenLookupClient lookup;
    private final UnknownTokenCache unknown;
    private final Map<String, Uni<Optional<TokenChanged>>> inFlight = new ConcurrentHashMap<>();
    private final Counter lookups;
    private final Counter lookupMisses;
    private final Counter negativeHits;
    private final AuthFailureThrottle throttle;
    private final Counter throttled;

    public TokenAuthenticator(TokenMap map, TokenLookupClient lookup, UnknownTokenCache unknown,
            MeterRegistry registry, GatewayConfig config) {
        this.map = map;
        this.lookup = lookup;
        this.unknown = unknown;
        this.lookups = registry.counter("mintpost.gateway.token.lookups");
        this.lookupMisses = registry.counter("mintpost.gateway.token.lookups.unknown");
        this.negativeHits = registry.counter("mintpost.gateway.token.negative.cache.hits");
        GatewayConfig.AuthThrottle t = config.authThrottle();
        this.throttle = new AuthFailureThrottle(t.enabled(), t.maxFailures(), t.window().toMillis(), t.maxTrackedIps(),
                System::currentTimeMillis);
        this.throttled = registry.counter("mintpost.gateway.auth.throttled");
    }

    /**
     * @param channel {@code api} or {@code smtp}
     * @return accepted with the grant, or refused with a {@code TokenUsed} reason; fails only with
     *         {@link TokenLookupClient.LookupUnavailableException} when token-service cannot answer a miss,
     *         or with {@link AuthFailureThrottle.ThrottledException} when this IP made too many failed attempts
     */
    public Uni<AuthResult> authenticate(String token, String ip, String channel) {
        long retryAfter = throttle.retryAfterSeconds(ip);
        if (retryAfter > 0) {
            throttled.increment();
            return Uni.createFrom().failure(new AuthFailureThrottle.ThrottledException(retryAfter, throttle.maxFailures()));
        }
        return check(token, ip, channel).invoke(result -> {
            if (AuthResult.MALFORMED.equals(result.reason()) || AuthResult.UNKNOWN.equals(result.reason())) {
                throttle.failed(ip);
            }
        });
    }

    private Uni<AuthResult> check(String token, String ip, String channel) {
        String display = TokenFormat.display(token);
        if (TokenFormat.parse(token).isEmpty()) {
            return Uni.createFrom().item(AuthResult.refused(AuthResult.MALFORMED, display));
        }
        String hash = TokenFormat.sha256Hex(token);
        Instant now = Instant.now();
        TokenMap.Match match = map.find(hash, now);
        if (match.state() != TokenMap.State.MISS) {
            return Uni.createFrom().item(decide(match, display, ip, channel, now));
        }
        if (unknown.isKnownUnknown(hash)) {
            negativeHits.increment();
            return Uni.createFrom().item(AuthResult.refused(AuthResult.UNKNOWN, display));
        }
        return lookupOnce(hash).map(found -> {
            if (found.isEmpty()) {
                rememberUnknown(hash);
                return AuthResult.refused(AuthResult.UNKNOWN, display);
            }
            map.apply(found.get());
            Instant later = Instant.now();
            TokenMap.Match again = map.find(hash, later);
            if (again.state() == TokenMap.State.MISS) {
                rememberUnknown(hash);
                return AuthResult.refused(AuthResult.UNKNOWN, display);
            }
            return decide(again, display, ip, channel, later);
        });
    }

    private Uni<Optional<TokenChanged>> lookupOnce(String hash) {
        return inFlight.computeIfAbsent(hash, h -> {
            lookups.increment();
            return lookup.lookup(h)
                    .onTermination().invoke(() -> inFlight.remove(h))
                    .memoize().indefinitely();
        });
    }

    private void rememberUnknown(String hash) {
        lookupMisses.increment();
        unknown.remember(hash);
    }

    private static AuthResult decide(TokenMap.Match match, String display, String ip, String channel, Instant now) {
        Grant grant = match.grant();
        if (match.state() == TokenMap.State.DEAD || TokenChanged.STATUS_REVOKED.equals(grant.status())) {
            return AuthResult.refused(AuthResult.REVOKED, grant, display);
        }
        if (TokenChanged.STATUS_EXPIRED.equals(grant.status())
                || (grant.expiresAt() != null && !now.isBefore(grant.expiresAt()))) {
            return AuthResult.refused(AuthResult.EXPIRED, grant, display);
        }
        if (!TokenChanged.STATUS_ACTIVE.equals(grant.status())) {
            return AuthResult.refused(AuthResult.REVOKED, grant, display);
        }
        if (!grant.allowedIps().isEmpty() && !Cidr.anyContains(grant.allowedIps(), ip)) {
            return AuthResult.refused(AuthResult.IP_DENIED, grant, display);
        }
        if (TokenUsed.CHANNEL_SMTP.equals(channel) && grant.isProject() && !grant.smtpEnabled()) {
            return AuthResult.refused(AuthResult.SMTP_DISABLED, grant, display);
        }
        return AuthResult.accepted(grant, display);
    }
}
