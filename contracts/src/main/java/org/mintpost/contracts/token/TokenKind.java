package org.mintpost.contracts.token;

/** The two kinds of API token, each with its own prefix and body length (DESIGN §3). */
public enum TokenKind {
    /** Sends mail for one project: header {@code x-lettermint-token} or SMTP AUTH password. */
    PROJECT("lm_", 32),
    /** Manages a team's projects and tokens: {@code Authorization: Bearer}. */
    TEAM("lm_team_", 40);

    private final String prefix;
    private final int bodyLength;

    TokenKind(String prefix, int bodyLength) {
        this.prefix = prefix;
        this.bodyLength = bodyLength;
    }

    public String prefix() {
        return prefix;
    }

    public int bodyLength() {
        return bodyLength;
    }

    /** The JSON and database name: {@code project} or {@code team}. */
    public String wireName() {
        return name().toLowerCase();
    }
}
