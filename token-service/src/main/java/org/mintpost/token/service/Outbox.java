package org.mintpost.token.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.Topics;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.token.model.OutboxEntry;
import org.mintpost.token.model.Token;
import org.mintpost.token.repository.OutboxRepository;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.mutiny.Uni;

/**
 * Records a state change in the outbox, in the caller's transaction: the relay publishes it on its topic,
 * keyed by the entity's id, once committed. For tokens it also bumps the revision (call it after the
 * token's fields are changed and before the commit); other entities bump their own.
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
        return write(Topics.TOKEN_CHANGES, token.id, token.revision, change, event, now).replaceWith(token);
    }

    /** One event record (a contracts record, written as JSON) for {@code topic}, keyed by {@code entityId}. */
    public Uni<Void> write(String topic, UUID entityId, long revision, String change, Object event, Instant now) {
        OutboxEntry entry = new OutboxEntry();
        entry.topic = topic;
        entry.entityId = entityId;
        entry.revision = revision;
        entry.change = change;
        entry.payload = json(event);
        entry.createdAt = now;
        return outbox.persist(entry).replaceWithVoid();
    }

    private static String json(Object event) {
        try {
            return EventJson.MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + event.getClass().getSimpleName() + " record", e);
        }
    }
}
