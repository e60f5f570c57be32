package org.mintpost.token.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One entity's new state to publish on its compacted topic ({@code token-changes}, {@code route-changes}),
 * written in the transaction that made it; the record's key is the entity's id.
 */
@Entity
@Table(name = "outbox")
public class OutboxEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 100)
    public String topic;

    @Column(name = "entity_id", nullable = false)
    public UUID entityId;

    @Column(nullable = false)
    public long revision;

    @Column(nullable = false, length = 16)
    public String change;

    /** The event record as JSON ({@code TokenChanged} carries hashes only, never a secret). */
    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;
}
