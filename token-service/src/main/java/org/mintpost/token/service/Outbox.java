package org.mintpost.token.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.token.model.OutboxEntry;
import org.mintpost.token.model.Token;
import org.mintpost.token.repository.OutboxRepository;

import io.smallrye.mutiny.Uni;

/**
 * Records a token change: bumps the token's revision and writes its new state to the outbox, in the
 * caller's transaction. Call it after the token's fields are changed and before the commit.
 */
@ApplicationScoped
public class Outbox {

    private final OutboxRepository outbox;

    public Outbox(OutboxRepository outbox) {
        this.outbox = outbox;
    }

    public Uni<Token> record(Token token, Boolean smtpEnabled, String change, String actor, Instant now) {
        token.revision = token.revision + 1;
        token.lastChange = change;
        token.lastActor = actor;
        token.updatedAt = now;
        TokenChanged event = TokenEvents.state(token, smtpEnabled, change, token.status, now);
        return outbox.persist(OutboxEntry.of(Topics.TOKEN_CHANGES, token.id, token.revision, change, event, now))
                .replaceWith(token);
    }
}
