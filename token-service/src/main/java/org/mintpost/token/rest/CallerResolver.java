package org.mintpost.token.rest;

import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.mintpost.contracts.token.InternalClaims;
import org.mintpost.token.service.Caller;

import io.quarkus.security.AuthenticationFailedException;

/** The caller of this request, from the edge's internal JWT (already verified by smallrye-jwt). */
@RequestScoped
public class CallerResolver {

    private final JsonWebToken jwt;

    public CallerResolver(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public Caller current() {
        return of(jwt);
    }

    /** The caller an already resolved internal JWT states. */
    public static Caller of(JsonWebToken jwt) {
        UUID teamId = uuid(claim(jwt, InternalClaims.TEAM_ID));
        if (teamId == null) {
            throw new AuthenticationFailedException("the internal token names no valid team");
        }
        String tokenId = claim(jwt, InternalClaims.TOKEN_ID);
        String actor = claim(jwt, InternalClaims.ACTOR);
        if (actor == null || actor.isBlank()) {
            actor = tokenId != null ? "team_token:" + tokenId : "sso:" + jwt.getSubject();
        }
        Set<String> groups = jwt.getGroups() == null ? Set.of() : Set.copyOf(jwt.getGroups());
        return new Caller(teamId, tokenId, groups, actor, claim(jwt, InternalClaims.CLIENT_IP));
    }

    private static String claim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value == null) {
            return null;
        }
        String text = value.toString();
        // JsonString values print with quotes
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        return text;
    }

    private static UUID uuid(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
