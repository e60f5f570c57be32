package org.mintpost.gateway.service;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.mintpost.contracts.event.TokenChanged;

/**
 * What one token may do, as the edge knows it from {@code token-changes}. Holds hashes only.
 *
 * @param allowedIps    parsed CIDR blocks; empty means any address
 * @param smtpEnabled   the project's SMTP switch; false for team tokens
 */
public record Grant(
        String tokenId,
        String kind,
        String teamId,
        String projectId,
        String name,
        String tokenHash,
        String previousHash,
        Instant previousValidUntil,
        String status,
        Set<String> permissions,
        Instant expiresAt,
        List<Cidr> allowedIps,
        boolean smtpEnabled,
        long revision) {

    public static Grant of(TokenChanged change) {
        boolean gone = TokenChanged.CHANGE_DELETED.equals(change.change());
        return new Grant(change.tokenId(), change.kind(), change.teamId(), change.projectId(), change.name(),
                change.tokenHash(), change.previousHash(), change.previousValidUntil(),
                gone ? TokenChanged.STATUS_REVOKED : change.status(),
                change.permissions() == null ? Set.of() : Set.copyOf(change.permissions()),
                change.expiresAt(), Cidr.parseAll(change.allowedIps()),
                Boolean.TRUE.equals(change.smtpEnabled()), change.revision());
    }

    public boolean isProject() {
        return TokenChanged.KIND_PROJECT.equals(kind);
    }

    public boolean isTeam() {
        return TokenChanged.KIND_TEAM.equals(kind);
    }
}
