package org.mintpost.token.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.token.model.OutboxEntry;
import org.mintpost.token.model.Token;
import org.mintpost.token.repository.OutboxRepository;

import com.fasterxml.jackson.core.JsonProcessingException;

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
        OutboxEntry entry = new OutboxEntry();
        entry.tokenId = token.id;
        entry.revision = token.revision;
        entry.change = change;
        entry.payload = json(event);
        entry.createdAt = now;
        return outbox.persist(entry).replaceWith(token);
    }

    private static String json(TokenChanged event) {
        try {
            return EventJson.MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a TokenChanged record", e);
        }
    }
}
