package org.mintpost.token.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.DynamicUpdate;

/**
 * A project token or a team token. Only the sha256 of its secret is kept; {@code display} is the
 * safe form ({@code lm_AbCd…x9Zq}). {@code @DynamicUpdate} so that a lifecycle change never writes
 * back stale last-used columns, which the usage consumer updates on its own.
 */
@Entity
@Table(name = "tokens")
@DynamicUpdate
public class Token {

    public static final String KIND_PROJECT = "project";
    public static final String KIND_TEAM = "team";
    public static final String ACTIVE = "active";
    public static final String REVOKED = "revoked";
    public static final String EXPIRED = "expired";

    @Id
    public UUID id;

    @Column(nullable = false, length = 16)
    public String kind;

    @Column(name = "team_id", nullable = false)
    public UUID teamId;

    @Column(name = "project_id")
    public UUID projectId;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(nullable = false, length = 40)
    public String display;

    @Column(name = "token_hash", nullable = false, length = 64)
    public String tokenHash;

    @Column(name = "previous_hash", length = 64)
    public String previousHash;

    @Column(name = "previous_valid_until")
    public Instant previousValidUntil;

    @Column(nullable = false, length = 16)
    public String status;

    @Convert(converter = StringListConverter.class)
    @Column(nullable = false, length = 2000)
    public List<String> permissions = List.of();

    @Convert(converter = StringListConverter.class)
    @Column(name = "allowed_ips", nullable = false, length = 8000)
    public List<String> allowedIps = List.of();

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "short_body", nullable = false)
    public boolean shortBody;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Last changed: created, regenerated, revoked, expired or its metadata changed. */
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** When the current secret was generated. */
    @Column(name = "generated_at", nullable = false)
    public Instant generatedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "last_used_ip", length = 64)
    public String lastUsedIp;

    @Column(nullable = false)
    public long revision;

    @Column(name = "last_change", nullable = false, length = 16)
    public String lastChange;

    @Column(name = "last_actor", length = 300)
    public String lastActor;

    /** Why it was revoked when not by hand: {@code leaked} or {@code inactive}; else null. */
    @Column(name = "revoked_reason", length = 16)
    public String revokedReason;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** Where a reported leak was found (a URL; never the secret). */
    @Column(name = "leak_url", length = 2000)
    public String leakUrl;

    /** What kind of place the leak was found in, as the reporter says (e.g. {@code commit}, {@code gist}). */
    @Column(name = "leak_source", length = 100)
    public String leakSource;

    /** How it was made when not through the Team API: {@code trusted_workload} (issue #28); else null. */
    @Column(name = "created_via", length = 32)
    public String createdVia;

    /** The trust policy that minted it, when {@link #createdVia} is {@code trusted_workload}. */
    @Column(name = "trusted_workload_id")
    public UUID trustedWorkloadId;

    /** The status a reader sees: an active token past its {@code expires_at} is expired. */
    public String effectiveStatus(Instant now) {
        if (ACTIVE.equals(status) && expiresAt != null && !expiresAt.isAfter(now)) {
            return EXPIRED;
        }
        return status;
    }

    /** Whole days since it was last used, or since it was created when never used. */
    public long inactiveDays(Instant now) {
        Instant since = lastUsedAt != null ? lastUsedAt : createdAt;
        return Math.max(0, Duration.between(since, now).toDays());
    }

    public boolean isProjectToken() {
        return KIND_PROJECT.equals(kind);
    }
}
