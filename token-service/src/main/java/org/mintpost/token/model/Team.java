package org.mintpost.token.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "teams")
public class Team {

    @Id
    public UUID id;

    @Column(nullable = false, length = 255)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
