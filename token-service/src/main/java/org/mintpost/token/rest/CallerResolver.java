package org.mintpost.token.rest;

import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.mintpost.contracts.token.InternalClaims;
import org.mintpost.token.service.Caller;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;

/** The caller of this request, from the edge's internal JWT (already verified by smallrye-jwt). */
@RequestScoped
public class CallerResolver {

    private final JsonWebToken jwt;
    private final SecurityIdentity identity;

    public CallerResolver(JsonWebToken jwt, SecurityIdentity identity) {
        this.jwt = jwt;
        this.identity = identity;
    }

    /** The caller, holding the permissions this request was authorized with (an SSO member's assigned role). */
    public Caller current() {
        Caller caller = of(jwt);
        if (caller.tokenId() != null || identity == null || identity.getRoles().equals(caller.permissions())) {
            return caller;
        }
        return new Caller(caller.teamId(), caller.tokenId(), Set.copyOf(identity.getRoles()), caller.actor(),
                caller.clientIp());
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

    /** A claim's text (a JSON string printed without its quotes); null when the token does not carry it. */
    public static String claim(JsonWebToken jwt, String name) {
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
