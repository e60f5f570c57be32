package org.mintpost.token.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.token.model.Token;
import org.mintpost.token.repository.ProjectRepository;
import org.mintpost.token.repository.TokenRepository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The edge's cache-miss path: the current state of the token with this sha256, by hash only. */
@ApplicationScoped
public class LookupService {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final TokenRepository tokens;
    private final ProjectRepository projects;

    public LookupService(TokenRepository tokens, ProjectRepository projects) {
        this.tokens = tokens;
        this.projects = projects;
    }

    public Uni<TokenChanged> lookup(String tokenHash) {
        if (tokenHash == null || !SHA256_HEX.matcher(tokenHash).matches()) {
            throw ValidationFailed.of("token_hash", "The token_hash field must be a lower-case hex sha256.");
        }
        Instant now = Clock.now();
        return Panache.withSession(() -> tokens.findByHash(tokenHash, now)
                .onItem().ifNull().failWith(() -> new NotFound("Token"))
                .invoke(token -> {
                    // the index found it; confirm in constant time all the same
                    boolean current = same(token.tokenHash, tokenHash);
                    boolean previous = token.previousHash != null && same(token.previousHash, tokenHash);
                    if (!current && !previous) {
                        throw new NotFound("Token");
                    }
                })
                .chain(token -> smtpEnabled(token)
                        .map(smtp -> TokenEvents.state(token, smtp, token.lastChange, token.effectiveStatus(now),
                                now))));
    }

    private Uni<Boolean> smtpEnabled(Token token) {
        if (!token.isProjectToken()) {
            return Uni.createFrom().nullItem();
        }
        return projects.findById(token.projectId).map(p -> p != null && p.smtpEnabled);
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
