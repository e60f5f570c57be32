package org.mintpost.contracts.token;

import java.util.List;

/** Team token permissions, named as the official SDK names them (its {@code RbacPermission}). */
public final class Permissions {

    public static final String PROJECTS_READ = "projects:read";
    public static final String PROJECTS_CREATE = "projects:create";
    public static final String PROJECTS_MANAGE = "projects:manage";
    public static final String PROJECTS_DELETE = "projects:delete";
    public static final String PROJECT_TOKENS_READ = "project_tokens:read";
    public static final String PROJECT_TOKENS_MANAGE = "project_tokens:manage";
    public static final String PROJECT_TOKENS_ROTATE = "project_tokens:rotate";
    public static final String PROJECT_TOKENS_REVOKE = "project_tokens:revoke";
    public static final String TEAM_TOKENS_READ = "team_tokens:read";
    public static final String TEAM_TOKENS_MANAGE = "team_tokens:manage";
    public static final String TEAM_TOKENS_ROTATE = "team_tokens:rotate";
    public static final String TEAM_TOKENS_REVOKE = "team_tokens:revoke";
    public static final String ROUTES_READ = "routes:read";
    public static final String ROUTES_MANAGE = "routes:manage";
    public static final String ROUTES_DELETE = "routes:delete";
    public static final String DOMAINS_READ = "domains:read";
    public static final String DOMAINS_MANAGE = "domains:manage";
    public static final String DOMAINS_DELETE = "domains:delete";
    public static final String SUPPRESSIONS_READ = "suppressions:read";
    public static final String SUPPRESSIONS_ADD = "suppressions:add";
    public static final String SUPPRESSIONS_REMOVE = "suppressions:remove";
    public static final String MESSAGES_READ = "messages:read";
    /** A message's delivered MIME, HTML and text ({@code messages.source/html/text}). */
    public static final String MESSAGES_READ_CONTENT = "messages:read_content";
    /** Sending and changing what was sent: cancel or reschedule a scheduled message. */
    public static final String MESSAGES_SEND = "messages:send";
    public static final String STATS_READ = "stats:read";
    public static final String AUDIT_READ = "audit:read";
    public static final String WEBHOOKS_READ = "webhooks:read";
    public static final String WEBHOOKS_MANAGE = "webhooks:manage";
    public static final String WEBHOOKS_DELETE = "webhooks:delete";
    public static final String WEBHOOKS_ROTATE_SECRET = "webhooks:rotate_secret";
    /** Renaming the team ({@code team.update}). */
    public static final String TEAM_MANAGE = "team:manage";
    /** The team's members and roles ({@code team.members/member/roles}). */
    public static final String MEMBERS_READ = "members:read";
    /** A member's role and project access ({@code team.updateMemberAssignment}). */
    public static final String MEMBERS_MANAGE = "members:manage";

    /** Everything this platform checks; the bootstrap team token holds all of them. */
    public static final List<String> ALL = List.of(PROJECTS_READ, PROJECTS_CREATE, PROJECTS_MANAGE,
            PROJECTS_DELETE, PROJECT_TOKENS_READ, PROJECT_TOKENS_MANAGE, PROJECT_TOKENS_ROTATE,
            PROJECT_TOKENS_REVOKE, TEAM_TOKENS_READ, TEAM_TOKENS_MANAGE, TEAM_TOKENS_ROTATE, TEAM_TOKENS_REVOKE,
            ROUTES_READ, ROUTES_MANAGE, ROUTES_DELETE, DOMAINS_READ, DOMAINS_MANAGE, DOMAINS_DELETE,
            SUPPRESSIONS_READ, SUPPRESSIONS_ADD, SUPPRESSIONS_REMOVE, MESSAGES_READ, MESSAGES_READ_CONTENT,
            MESSAGES_SEND, STATS_READ, AUDIT_READ, WEBHOOKS_READ, WEBHOOKS_MANAGE, WEBHOOKS_DELETE, WEBHOOKS_ROTATE_SECRET,
            TEAM_MANAGE, MEMBERS_READ, MEMBERS_MANAGE);

    private Permissions() {
    }
}
