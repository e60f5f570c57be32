package org.mintpost.token.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.mintpost.contracts.kafka.EventJson;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * One state record to publish (a token's on {@code token-changes}, a domain's on {@code domain-changes}),
 * written in the transaction that made it.
 */
@Entity
@Table(name = "outbox")
public class OutboxEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The topic the record goes to. */
    @Column(nullable = false, length = 100)
    public String topic;

    /** The record's key: the id of the token (or domain) whose state it is. */
    @Column(name = "token_id", nullable = false)
    public UUID tokenId;

    @Column(nullable = false)
    public long revision;

    @Column(nullable = false, length = 16)
    public String change;

    /** The event record as JSON ({@code EventJson}); hashes and sealed keys only, never a secret. */
    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    /** A row for {@code topic}, keyed by {@code id}, holding {@code event} as JSON. */
    public static OutboxEntry of(String topic, UUID id, long revision, String change, Object event, Instant now) {
        OutboxEntry entry = new OutboxEntry();
        entry.topic = topic;
        entry.tokenId = id;
        entry.revision = revision;
        entry.change = change;
        try {
            entry.payload = EventJson.MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + event.getClass().getSimpleName() + " record", e);
        }
        entry.createdAt = now;
        return entry;
    }
}
