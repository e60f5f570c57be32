package org.mintpost.gateway.service;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.token.InternalClaims;
import org.mintpost.gateway.config.GatewayConfig;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Signs the short-lived internal JWTs (the edge is their only issuer) with the key at
 * {@code smallrye.jwt.sign.key.location}. One JWT per caller and client address is reused for
 * {@code mintpost.internal-jwt.cache-for} to spare an RSA signature per request.
 */
@ApplicationScoped
public class InternalJwtIssuer {

    private record Cached(String jwt, Instant reuseUntil) {
    }

    private static final int MAX_CACHED = 50_000;

    private final GatewayConfig.InternalJwt config;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public InternalJwtIssuer(GatewayConfig config) {
        this.config = config.internalJwt();
    }

    /** For a team token: its permissions become {@code groups}. */
    public String forTeamToken(Grant grant, String clientIp) {
        String key = "t|" + grant.tokenId() + "|" + grant.revision() + "|" + clientIp;
        return cached(key, () -> base(grant.tokenId(), grant.permissions(), grant.teamId(), "team",
                "team_token:" + grant.tokenId(), clientIp)
                .claim(InternalClaims.TOKEN_ID, grant.tokenId()));
    }

    /** For an SSO user, after the edge has verified the SSO JWT. */
    public String forSso(SsoPrincipal principal, String clientIp) {
        String key = "s|" + principal.subject() + "|" + principal.teamId() + "|"
                + String.join(",", principal.permissions()) + "|" + clientIp;
        return cached(key, () -> base(principal.subject(), principal.permissions(), principal.teamId(), "sso",
                "sso:" + principal.subject(), clientIp));
    }

    /** For the edge's own calls (the cache-miss token lookup). */
    public String forService() {
        return cached("service", () -> Jwt.issuer(config.issuer())
                .subject("send-gateway")
                .groups(Set.of(InternalClaims.SERVICE_GROUP))
                .claim(InternalClaims.CALLER_KIND, "service")
                .claim("jti", UUID.randomUUID().toString())
                .expiresIn(config.lifetime()));
    }

    /** A caller's JWT: its groups are only known permission names, never the service group. */
    private JwtClaimsBuilder base(String subject, Set<String> groups, String teamId, String kind, String actor,
            String clientIp) {
        JwtClaimsBuilder claims = Jwt.issuer(config.issuer())
                .subject(subject)
                .groups(SsoVerifier.known(groups))
                .claim(InternalClaims.TEAM_ID, teamId)
                .claim(InternalClaims.CALLER_KIND, kind)
                .claim(InternalClaims.ACTOR, actor)
                .claim("jti", UUID.randomUUID().toString())
                .expiresIn(config.lifetime());
        if (clientIp != null) {
            claims.claim(InternalClaims.CLIENT_IP, clientIp);
        }
        return claims;
    }

    private String cached(String key, Supplier<JwtClaimsBuilder> claims) {
        Instant now = Instant.now();
        Cached hit = cache.get(key);
        if (hit != null && now.isBefore(hit.reuseUntil())) {
            return hit.jwt();
        }
        String jwt = claims.get().sign();
        if (cache.size() >= MAX_CACHED) {
            cache.values().removeIf(c -> !now.isBefore(c.reuseUntil()));
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
        }
        cache.put(key, new Cached(jwt, now.plus(config.cacheFor())));
        return jwt;
    }
}
