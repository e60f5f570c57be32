package org.mintpost.token.team;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.mintpost.contracts.token.Permissions;

/**
 * The built-in roles ({@code TeamRoleData}, the SDK's {@code BuiltInTeamRole}), each the set of permissions team
 * tokens already use. Owner holds every permission and is shown but not assignable through the Team API; admin holds
 * every permission but renaming the team; member reads.
 */
public final class TeamRoles {

    public static final String OWNER = "owner";
    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";

    /** A role: {@code id} is stable (a name-based UUID of its key), as {@code role_id} in assignments. */
    public record Role(String id, String key, String name, List<String> permissions, boolean assignable) {
    }

    private static final List<String> MEMBER_PERMISSIONS = List.of(Permissions.PROJECTS_READ,
            Permissions.PROJECT_TOKENS_READ, Permissions.ROUTES_READ, Permissions.DOMAINS_READ,
            Permissions.SUPPRESSIONS_READ, Permissions.MESSAGES_READ, Permissions.STATS_READ,
            Permissions.WEBHOOKS_READ, Permissions.MEMBERS_READ);

    public static final List<Role> ALL = List.of(
            role(OWNER, "Owner", Permissions.ALL, false),
            role(ADMIN, "Admin", without(Permissions.ALL, Permissions.TEAM_MANAGE), true),
            role(MEMBER, "Member", MEMBER_PERMISSIONS, true));

    private TeamRoles() {
    }

    public static Optional<Role> byId(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public static Role byKey(String key) {
        return ALL.stream().filter(r -> r.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no role " + key));
    }

    /** The role an SSO user's own permissions amount to, for a member never assigned one. */
    public static Role derived(Collection<String> permissions) {
        for (Role role : ALL) {
            if (permissions.containsAll(role.permissions())) {
                return role;
            }
        }
        return byKey(MEMBER);
    }

    private static Role role(String key, String name, List<String> permissions, boolean assignable) {
        String id = UUID.nameUUIDFromBytes(("mintpost-role:" + key).getBytes(StandardCharsets.UTF_8)).toString();
        return new Role(id, key, name, List.copyOf(permissions), assignable);
    }

    private static List<String> without(List<String> all, String left) {
        List<String> out = new ArrayList<>(all);
        out.remove(left);
        return out;
    }
}
