package org.mintpost.token.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.mintpost.token.model.Token;

/** When a token counts as inactive: days since it was last used, or since it was created when never used. */
public final class Inactivity {

    /** The dashboard warns this long before the auto-revoke job revokes a token. */
    public static final Duration WARNING = Duration.ofDays(7);
    public static final int MAX_DAYS = 3650;

    private Inactivity() {
    }

    public static Instant lastActivity(Token token) {
        return token.lastUsedAt != null ? token.lastUsedAt : token.createdAt;
    }

    /** When the auto-revoke job revokes this token if it stays unused. */
    public static Instant autoRevokeAt(Token token, int days) {
        return lastActivity(token).plus(Duration.ofDays(days));
    }

    /** The tokens unused for at least {@code days} whole days at {@code now}. */
    public static List<Token> inactiveFor(List<Token> tokens, int days, Instant now) {
        return tokens.stream().filter(t -> t.inactiveDays(now) >= days).toList();
    }
}
