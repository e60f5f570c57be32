package org.mintpost.token.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One token state to publish on {@code token-changes}, written in the transaction that made it. */
@Entity
@Table(name = "outbox")
public class OutboxEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "token_id", nullable = false)
    public UUID tokenId;

    @Column(nullable = false)
    public long revision;

    @Column(nullable = false, length = 16)
    public String change;

    /** The {@code TokenChanged} record as JSON (hashes only, never a secret). */
    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;
}
