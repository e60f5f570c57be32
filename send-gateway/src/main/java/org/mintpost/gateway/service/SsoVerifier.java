package org.mintpost.gateway.service;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.mintpost.contracts.token.InternalClaims;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.gateway.config.GatewayConfig;

import io.quarkus.logging.Log;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies an SSO JWT presented as {@code Authorization: Bearer} against {@code mintpost.sso.issuer},
 * {@code mintpost.sso.public-key-location} and {@code mintpost.sso.audience} (a JWT the same IdP issued for another
 * application is refused; without a configured audience no SSO JWT is accepted), with its own parser context so it
 * never mixes with the internal-JWT settings. Of its {@code permissions} (or {@code groups}) only the names this
 * platform knows ({@link Permissions#ALL}) are kept: never {@code internal:service} or anything else.
 */
@ApplicationScoped
public class SsoVerifier {

    private final JWTParser parser;

    public SsoVerifier(GatewayConfig config) {
        Optional<String> issuer = config.sso().issuer();
        Optional<String> key = config.sso().publicKeyLocation();
        Optional<String> audience = config.sso().audience().filter(a -> !a.isBlank());
        if (issuer.isPresent() && key.isPresent() && audience.isPresent()) {
            JWTAuthContextInfo info = new JWTAuthContextInfo(key.get(), issuer.get());
            info.setExpectedAudience(Set.of(audience.get()));
            this.parser = new DefaultJWTParser(info);
        } else {
            if (issuer.isPresent() && key.isPresent()) {
                Log.warn("mintpost.sso.issuer is set but mintpost.sso.audience is not: SSO JWTs are refused until the "
                        + "audience this platform's JWTs carry is configured");
            }
            this.parser = null;
        }
    }

    public boolean enabled() {
        return parser != null;
    }

    /** The verified caller, or empty for anything invalid (or when SSO is not configured). */
    public Optional<SsoPrincipal> verify(String bearer) {
        if (parser == null || bearer == null || bearer.isBlank() || bearer.length() > 16_384) {
            return Optional.empty();
        }
        try {
            JsonWebToken jwt = parser.parse(bearer);
            Object team = jwt.getClaim(InternalClaims.TEAM_ID);
            String teamId = team == null ? null : team.toString().replace("\"", "");
            if (teamId == null || teamId.isBlank() || jwt.getSubject() == null) {
                return Optional.empty();
            }
            Set<String> permissions = strings(jwt.getClaim("permissions"));
            if (permissions.isEmpty()) {
                permissions = jwt.getGroups() == null ? Set.of() : Set.copyOf(jwt.getGroups());
            }
            return Optional.of(new SsoPrincipal(jwt.getSubject(), teamId, known(permissions)));
        } catch (ParseException | RuntimeException e) {
            Log.debugf("SSO JWT refused: %s", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Only the permission names this platform knows; anything else (internal groups included) is dropped. */
    static Set<String> known(Set<String> permissions) {
        Set<String> out = new LinkedHashSet<>(permissions);
        out.retainAll(Permissions.ALL);
        return Set.copyOf(out);
    }

    private static Set<String> strings(Object claim) {
        Set<String> out = new LinkedHashSet<>();
        if (claim instanceof JsonArray array) {
            array.forEach(v -> out.add(v instanceof JsonString s ? s.getString() : v.toString()));
        } else if (claim instanceof Collection<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        } else if (claim instanceof String s && !s.isBlank()) {
            for (String part : s.split("[ ,]+")) {
                if (!part.isBlank()) {
                    out.add(part);
                }
            }
        }
        return Set.copyOf(out);
    }
}
