package org.mintpost.token.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.token.model.Token;

/** Maps a token's state to the {@code TokenChanged} record the gateways consume. */
public final class TokenEvents {

    private TokenEvents() {
    }

    /**
     * @param smtpEnabled the project's SMTP switch for project tokens, null for team tokens
     * @param status      the status to state (the stored one for events, the effective one for lookups)
     */
    public static TokenChanged state(Token token, Boolean smtpEnabled, String change, String status, Instant now) {
        boolean graceLive = token.previousHash != null && token.previousValidUntil != null
                && token.previousValidUntil.isAfter(now);
        return new TokenChanged(
                UUID.randomUUID().toString(),
                now,
                TokenChanged.SCHEMA_VERSION,
                change,
                token.id.toString(),
                token.kind,
                token.teamId.toString(),
                token.projectId == null ? null : token.projectId.toString(),
                token.name,
                token.tokenHash,
                graceLive ? token.previousHash : null,
                graceLive ? token.previousValidUntil : null,
                status,
                token.isProjectToken() ? List.of() : List.copyOf(token.permissions),
                token.expiresAt,
                List.copyOf(token.allowedIps),
                token.isProjectToken() ? smtpEnabled : null,
                token.revision,
                token.lastActor,
                TokenChanged.STATUS_REVOKED.equals(status) ? token.revokedReason : null,
                TokenChanged.STATUS_REVOKED.equals(status) ? details(token) : null);
    }

    private static Map<String, String> details(Token token) {
        if (token.leakUrl == null && token.leakSource == null) {
            return null;
        }
        Map<String, String> details = new LinkedHashMap<>();
        if (token.leakUrl != null) {
            details.put(TokenChanged.DETAIL_URL, token.leakUrl);
        }
        if (token.leakSource != null) {
            details.put(TokenChanged.DETAIL_SOURCE, token.leakSource);
        }
        return details;
    }
}
