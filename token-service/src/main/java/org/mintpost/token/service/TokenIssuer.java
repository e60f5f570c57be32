package org.mintpost.token.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.token.TokenFormat;
import org.mintpost.token.model.Token;
import org.mintpost.token.repository.TokenRepository;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * The lifecycle steps every token shares (issue, regenerate, revoke, expire), each writing the new
 * state to the outbox in the caller's transaction. Secrets are made here and leave only inside an
 * {@link IssuedToken}; only their sha256 is stored.
 */
@ApplicationScoped
public class TokenIssuer {

    private final TokenRepository tokens;
    private final Outbox outbox;
    private final MeterRegistry meters;

    public TokenIssuer(TokenRepository tokens, Outbox outbox, MeterRegistry meters) {
        this.tokens = tokens;
        this.outbox = outbox;
        this.meters = meters;
    }

    /** A new project token ({@code teamId}/{@code projectId} set) or team token ({@code projectId} null). */
    public Uni<IssuedToken> issue(UUID teamId, UUID projectId, boolean shortBody, String name, Instant expiresAt,
            List<String> allowedIps, List<String> permissions, Boolean smtpEnabled, String actor, Instant now) {
        String secret = projectId == null ? TokenFormat.newTeamToken()
                : shortBody ? TokenFormat.newShortProjectToken() : TokenFormat.newProjectToken();
        return issueWithSecret(teamId, projectId, shortBody, name, expiresAt, allowedIps, permissions, smtpEnabled,
                actor, now, secret);
    }

    /** As {@link #issue}, with a secret given from outside (the bootstrap team token from config). */
    public Uni<IssuedToken> issueWithSecret(UUID teamId, UUID projectId, boolean shortBody, String name,
            Instant expiresAt, List<String> allowedIps, List<String> permissions, Boolean smtpEnabled, String actor,
            Instant now, String secret) {
        Token token = new Token();
        token.id = UUID.randomUUID();
        token.kind = projectId == null ? Token.KIND_TEAM : Token.KIND_PROJECT;
        token.teamId = teamId;
        token.projectId = projectId;
        token.name = name;
        token.display = TokenFormat.display(secret);
        token.tokenHash = TokenFormat.sha256Hex(secret);
        token.status = Token.ACTIVE;
        token.permissions = permissions == null ? List.of() : List.copyOf(permissions);
        token.allowedIps = allowedIps == null ? List.of() : List.copyOf(allowedIps);
        token.expiresAt = expiresAt;
        token.shortBody = shortBody;
        token.createdAt = now;
        token.generatedAt = now;
        token.updatedAt = now;
        token.revision = 0;
        token.lastChange = TokenChanged.CHANGE_CREATED;
        token.lastActor = actor;
        return tokens.persist(token)
                .chain(t -> outbox.record(t, smtpEnabled, TokenChanged.CHANGE_CREATED, actor, now))
                .invoke(t -> count(t, TokenChanged.CHANGE_CREATED))
                .map(t -> new IssuedToken(t, secret));
    }

    /**
     * A new secret for the same token (same id and name). The old secret dies at once, or stays valid
     * for {@code graceSeconds} when that is positive.
     */
    public Uni<IssuedToken> regenerate(Token token, Long graceSeconds, Boolean smtpEnabled, String actor, Instant now) {
        String secret = token.isProjectToken()
                ? (token.shortBody ? TokenFormat.newShortProjectToken() : TokenFormat.newProjectToken())
                : TokenFormat.newTeamToken();
        if (graceSeconds != null && graceSeconds > 0) {
            token.previousHash = token.tokenHash;
            token.previousValidUntil = now.plusSeconds(graceSeconds);
        } else {
            token.previousHash = null;
            token.previousValidUntil = null;
        }
        token.tokenHash = TokenFormat.sha256Hex(secret);
        token.display = TokenFormat.display(secret);
        token.generatedAt = now;
        return outbox.record(token, smtpEnabled, TokenChanged.CHANGE_REGENERATED, actor, now)
                .invoke(t -> count(t, TokenChanged.CHANGE_REGENERATED))
                .map(t -> new IssuedToken(t, secret));
    }

    /** Kills the token for good (and any grace of a previous secret). {@code change}: revoked or deleted. */
    public Uni<Token> revoke(Token token, Boolean smtpEnabled, String change, String actor, Instant now) {
        token.status = Token.REVOKED;
        if (token.revokedAt == null) {
            token.revokedAt = now;
        }
        token.previousHash = null;
        token.previousValidUntil = null;
        return outbox.record(token, smtpEnabled, change, actor, now)
                .invoke(t -> count(t, change));
    }

    /**
     * Revokes a live token for a reason other than a person's decision ({@code leaked} or {@code inactive});
     * {@code leakUrl}/{@code leakSource} are kept for its logs (null for inactivity).
     */
    public Uni<Token> revokeFor(Token token, Boolean smtpEnabled, String reason, String leakUrl, String leakSource,
            String actor, Instant now) {
        token.revokedReason = reason;
        token.revokedAt = now;
        token.leakUrl = leakUrl;
        token.leakSource = leakSource;
        return revoke(token, smtpEnabled, TokenChanged.CHANGE_REVOKED, actor, now);
    }

    /** Ends the grace of the previous secret now (it was reported leaked); the current secret lives on. */
    public Uni<Token> endGrace(Token token, Boolean smtpEnabled, String actor, Instant now) {
        token.previousHash = null;
        token.previousValidUntil = null;
        return outbox.record(token, smtpEnabled, TokenChanged.CHANGE_UPDATED, actor, now)
                .invoke(t -> count(t, TokenChanged.CHANGE_UPDATED));
    }

    public Uni<Token> expire(Token token, Boolean smtpEnabled, Instant now) {
        token.status = Token.EXPIRED;
        token.previousHash = null;
        token.previousValidUntil = null;
        return outbox.record(token, smtpEnabled, TokenChanged.CHANGE_EXPIRED, "system", now)
                .invoke(t -> count(t, TokenChanged.CHANGE_EXPIRED));
    }

    /** Publishes the token's state again after a change of its project (e.g. the SMTP switch). */
    public Uni<Token> touch(Token token, Boolean smtpEnabled, String actor, Instant now) {
        Instant lastChanged = token.updatedAt;
        return outbox.record(token, smtpEnabled, TokenChanged.CHANGE_UPDATED, actor, now)
                .invoke(t -> t.updatedAt = lastChanged) // the token itself did not change
                .invoke(t -> count(t, TokenChanged.CHANGE_UPDATED));
    }

    private void count(Token token, String change) {
        meters.counter("mintpost.token.changes", "kind", token.kind, "change", change).increment();
    }
}
