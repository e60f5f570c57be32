package org.mintpost.contracts.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The full current state of one token after a change (topic {@code token-changes}, key token id,
 * compacted). Carries only hashes, never a secret. A consumer keeps the record with the highest
 * {@code revision} per token.
 *
 * @param change          what happened: {@code created}, {@code regenerated}, {@code revoked},
 *                        {@code expired}, {@code updated} (metadata such as allowed IPs or the
 *                        project's SMTP switch), {@code deleted} (its project was deleted)
 * @param kind            {@code project} or {@code team}
 * @param projectId       null for team tokens
 * @param tokenHash       lower-case hex sha256 of the current secret
 * @param previousHash    the regenerated-away secret's hash while its grace lasts, else null
 * @param previousValidUntil end of that grace, else null
 * @param status          {@code active}, {@code revoked} or {@code expired}
 * @param permissions     team tokens' permissions (SDK names); empty for project tokens
 * @param allowedIps      CIDR list; empty means any address
 * @param smtpEnabled     the project's SMTP switch (project tokens), null for team tokens
 * @param revision        strictly increasing per token
 * @param actor           who made the change, e.g. {@code team_token:<id>}, {@code sso:<subject>}, {@code system}
 * @param reason          why a token was revoked when not by hand: {@code leaked} (reported by a secret scanner or
 *                        a person) or {@code inactive} (the project's auto-revoke); null otherwise. Added in
 *                        schema 1 as an optional field: older consumers ignore it.
 * @param details         what came with the reason, e.g. {@code url} and {@code source} of a leak report; never a
 *                        secret; null or empty when there is nothing
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TokenChanged(
        String eventId,
        Instant occurredAt,
        int schemaVersion,
        String change,
        String tokenId,
        String kind,
        String teamId,
        String projectId,
        String name,
        String tokenHash,
        String previousHash,
        Instant previousValidUntil,
        String status,
        List<String> permissions,
        Instant expiresAt,
        List<String> allowedIps,
        Boolean smtpEnabled,
        long revision,
        String actor,
        String reason,
        Map<String, String> details) {

    /** The state without a reason, as published before reasons existed. */
    public TokenChanged(String eventId, Instant occurredAt, int schemaVersion, String change, String tokenId,
            String kind, String teamId, String projectId, String name, String tokenHash, String previousHash,
            Instant previousValidUntil, String status, List<String> permissions, Instant expiresAt,
            List<String> allowedIps, Boolean smtpEnabled, long revision, String actor) {
        this(eventId, occurredAt, schemaVersion, change, tokenId, kind, teamId, projectId, name, tokenHash,
                previousHash, previousValidUntil, status, permissions, expiresAt, allowedIps, smtpEnabled, revision,
                actor, null, null);
    }

    public static final int SCHEMA_VERSION = 1;

    public static final String KIND_PROJECT = "project";
    public static final String KIND_TEAM = "team";

    public static final String STATUS_ACTIVE = "active";
    public static final String STATUS_REVOKED = "revoked";
    public static final String STATUS_EXPIRED = "expired";

    public static final String CHANGE_CREATED = "created";
    public static final String CHANGE_REGENERATED = "regenerated";
    public static final String CHANGE_REVOKED = "revoked";
    public static final String CHANGE_EXPIRED = "expired";
    public static final String CHANGE_UPDATED = "updated";
    public static final String CHANGE_DELETED = "deleted";

    public static final String REASON_LEAKED = "leaked";
    public static final String REASON_INACTIVE = "inactive";

    public static final String DETAIL_URL = "url";
    public static final String DETAIL_SOURCE = "source";

    /** One of the {@link #details()} (e.g. {@link #DETAIL_URL}), or null. */
    public String detail(String key) {
        return details == null ? null : details.get(key);
    }
}
