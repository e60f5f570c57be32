package org.mintpost.contracts.token;

/**
 * Claims of the short-lived internal JWT that the edge (send-gateway) signs for every request it
 * forwards, and that token-service and audit-service verify with the edge's public key. The JWT
 * {@code groups} claim holds the caller's permissions, so resources use {@code @RolesAllowed}.
 */
public final class InternalClaims {

    /** Default {@code iss}; overridable by config on both sides. */
    public static final String DEFAULT_ISSUER = "https://edge.mintpost.internal";
    public static final String TEAM_ID = "team_id";
    /** The calling token's id; absent for SSO callers. */
    public static final String TOKEN_ID = "token_id";
    /** {@code team}, {@code project}, {@code sso} or {@code service}. */
    public static final String CALLER_KIND = "caller_kind";
    /** Set when the caller is a project token: the only project it may touch. */
    public static final String PROJECT_ID = "project_id";
    /** Who did it, for lifecycle logs: {@code team_token:<id>}, {@code sso:<subject>}. */
    public static final String ACTOR = "actor";
    /** The client address as the edge saw it. */
    public static final String CLIENT_IP = "client_ip";

    /** Group held by the edge's own service calls, e.g. the cache-miss token lookup. */
    public static final String SERVICE_GROUP = "internal:service";

    private InternalClaims() {
    }
}
