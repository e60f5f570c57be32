package org.mintpost.token.workloads;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;
import org.mintpost.token.model.StringListConverter;

/**
 * A trust policy of one project: identity tokens from {@code issuer} for {@code audience} whose claims match every
 * one of {@code conditions} may be exchanged for a project token living {@code tokenTtlSeconds}.
 */
@Entity
@Table(name = "trusted_workloads")
@DynamicUpdate
public class TrustedWorkload {

    @Id
    public UUID id;

    @Column(name = "team_id", nullable = false)
    public UUID teamId;

    @Column(name = "project_id", nullable = false)
    public UUID projectId;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(nullable = false, length = 500)
    public String issuer;

    @Column(nullable = false, length = 500)
    public String audience;

    /** Claim name to an exact value or a {@code *} glob; all must match. */
    @Convert(converter = ConditionsConverter.class)
    @Column(nullable = false, length = 8000)
    public Map<String, String> conditions = Map.of();

    @Column(name = "token_ttl_seconds", nullable = false)
    public int tokenTtlSeconds;

    @Convert(converter = StringListConverter.class)
    @Column(name = "allowed_ips", nullable = false, length = 8000)
    public List<String> allowedIps = List.of();

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "last_subject", length = 500)
    public String lastSubject;
}
