package org.mintpost.token.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.token.model.Token;
import org.mintpost.token.repository.TeamRepository;
import org.mintpost.token.repository.TokenRepository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Team tokens of the caller's team. A caller can only grant permissions it holds, and can only
 * regenerate (and so obtain the secret of) a token whose permissions it holds.
 */
@ApplicationScoped
public class TeamTokenService {

    private final TokenRepository tokens;
    private final TeamRepository teams;
    private final TokenIssuer issuer;
    private final ChangePublisher publisher;

    public TeamTokenService(TokenRepository tokens, TeamRepository teams, TokenIssuer issuer,
            ChangePublisher publisher) {
        this.tokens = tokens;
        this.teams = teams;
        this.issuer = issuer;
        this.publisher = publisher;
    }

    public Uni<List<Token>> list(Caller caller) {
        return Panache.withSession(() -> tokens.listTeamTokens(caller.teamId()));
    }

    public Uni<IssuedToken> create(Caller caller, Inputs.NewToken input) {
        Instant now = Clock.now();
        Errors errors = new Errors();
        String name = Validation.name(errors, "name", input.name(), Validation.TOKEN_NAME_MAX, true);
        Instant expiresAt = Validation.futureInstant(errors, "expires_at", input.expiresAt(), now);
        List<String> ips = Validation.allowedIps(errors, input.allowedIps());
        List<String> permissions = permissions(errors, input.permissions());
        errors.throwIfAny();
        List<String> notHeld = permissions.stream().filter(p -> !caller.holds(p)).toList();
        if (!notHeld.isEmpty()) {
            throw new Forbidden("A token cannot grant permissions it does not hold: " + String.join(", ", notHeld));
        }
        return Panache.withTransaction(() -> teams.ensureExists(caller.teamId(), "Team " + caller.teamId())
                .chain(() -> tokens.findLiveTeamTokenByName(caller.teamId(), name))
                .invoke(existing -> {
                    if (existing != null) {
                        throw ProjectTokenService.nameTaken();
                    }
                })
                .chain(() -> issuer.issue(caller.teamId(), null, false, name, expiresAt, ips, permissions, null,
                        caller.actor(), now)))
                .call(publisher::publishCommitted);
    }

    public Uni<IssuedToken> regenerate(Caller caller, UUID tokenId, Long expirePreviousIn) {
        Errors errors = new Errors();
        Long grace = Validation.graceSeconds(errors, expirePreviousIn);
        errors.throwIfAny();
        Instant now = Clock.now();
        return Panache.withTransaction(() -> tokens.findTeamTokenForUpdate(caller.teamId(), tokenId)
                .onItem().ifNull().failWith(() -> new NotFound("Token"))
                .chain(token -> {
                    List<String> notHeld = token.permissions.stream().filter(p -> !caller.holds(p)).toList();
                    if (!notHeld.isEmpty()) {
                        throw new Forbidden("Regenerating this token would reveal permissions you do not hold: "
                                + String.join(", ", notHeld));
                    }
                    if (!Token.ACTIVE.equals(token.effectiveStatus(now))) {
                        throw ValidationFailed.of("token", "The token is " + token.effectiveStatus(now)
                                + " and cannot be regenerated.");
                    }
                    return issuer.regenerate(token, grace, null, caller.actor(), now);
                }))
                .call(publisher::publishCommitted);
    }

    public Uni<Token> revoke(Caller caller, UUID tokenId) {
        Instant now = Clock.now();
        return Panache.withTransaction(() -> tokens.findTeamTokenForUpdate(caller.teamId(), tokenId)
                .onItem().ifNull().failWith(() -> new NotFound("Token"))
                .chain(token -> Token.REVOKED.equals(token.status) ? Uni.createFrom().item(token)
                        : issuer.revoke(token, null, TokenChanged.CHANGE_REVOKED, caller.actor(), now)))
                .call(publisher::publishCommitted);
    }

    private static List<String> permissions(Errors errors, List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            errors.add("permissions", "The permissions field is required.");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            String p = requested.get(i);
            if (p == null || !Permissions.ALL.contains(p)) {
                errors.add("permissions." + i, "The selected permissions." + i + " is invalid.");
            } else if (!out.contains(p)) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }
}
