package org.mintpost.token.team;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.token.service.Caller;
import org.mintpost.token.service.Clock;
import org.mintpost.token.service.Errors;
import org.mintpost.token.service.NotFound;
import org.mintpost.token.service.Validation;
import org.mintpost.token.team.TeamDtos.MemberData;
import org.mintpost.token.team.TeamDtos.ProjectAccess;
import org.mintpost.token.team.TeamDtos.ProjectRef;
import org.mintpost.token.team.TeamDtos.RoleRef;
import org.mintpost.token.team.TeamDtos.TeamData;
import org.mintpost.token.team.TeamDtos.Usage;
import org.mintpost.token.team.TeamDtos.UsagePeriod;
import org.mintpost.token.team.TeamStore.MemberRow;
import org.mintpost.token.team.TeamStore.TeamRow;
import org.mintpost.token.team.TeamStore.UsageRow;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** The Team API: the team, its usage, the built-in roles and the members with their assignments. */
@ApplicationScoped
public class TeamService {

    /** Months of usage history answered beside the current one. */
    static final int HISTORY_MONTHS = 12;
    static final int MAX_PROJECT_IDS = 1000;

    private final TeamStore store;

    public TeamService(TeamStore store) {
        this.store = store;
    }

    public Uni<TeamData> team(Caller caller) {
        return store.team(caller.teamId()).map(TeamService::data);
    }

    public Uni<TeamData> rename(Caller caller, String name) {
        if (name == null) {
            return team(caller);
        }
        return store.rename(caller.teamId(), name).map(TeamService::data);
    }

    /** Validates {@code UpdateTeamData.name}: trimmed, 1..255 characters; null leaves it. */
    public static String validName(String name) {
        Errors errors = new Errors();
        String valid = name == null ? null : Validation.name(errors, "name", name, 255, false);
        if (name != null && valid == null && !errors.has("name")) {
            errors.add("name", "The name field is required.");
        }
        errors.throwIfAny();
        return valid;
    }

    public Uni<Usage> usage(Caller caller) {
        LocalDate current = LocalDate.ofInstant(Clock.now(), ZoneOffset.UTC).withDayOfMonth(1);
        return store.usage(caller.teamId(), current.minusMonths(HISTORY_MONTHS)).map(rows -> {
            UsagePeriod now = period(current, 0, null);
            List<UsagePeriod> history = new ArrayList<>();
            for (UsageRow row : rows) {
                if (row.periodStart().equals(current)) {
                    now = period(current, row.usage(), row);
                } else {
                    history.add(period(row.periodStart(), row.usage(), row));
                }
            }
            return new Usage(now, history);
        });
    }

    public Uni<List<MemberData>> members(Caller caller, java.time.Instant afterAt, UUID afterId, int limit) {
        return store.members(caller.teamId(), afterAt, afterId, limit).chain(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(List.<MemberData>of());
            }
            List<String> ids = rows.stream().flatMap(r -> r.projectIds().stream()).distinct().toList();
            return store.projectNames(caller.teamId(), ids)
                    .map(names -> rows.stream().map(r -> member(r, names)).toList());
        });
    }

    public Uni<MemberData> member(Caller caller, String id) {
        UUID uuid = TeamStore.uuidOrNull(id);
        if (uuid == null) {
            return Uni.createFrom().failure(new NotFound("Team member"));
        }
        return store.member(caller.teamId(), uuid).chain(row -> withNames(caller, row));
    }

    /** Replaces the member's role and project access; the owner role is neither given nor taken here. */
    public Uni<MemberData> assign(Caller caller, String id, JsonNode body) {
        UUID uuid = TeamStore.uuidOrNull(id);
        if (uuid == null) {
            return Uni.createFrom().failure(new NotFound("Team member"));
        }
        Assignment input = Assignment.parse(body);
        return store.member(caller.teamId(), uuid).chain(row -> {
            if (row == null) {
                return Uni.createFrom().failure(new NotFound("Team member"));
            }
            if (TeamRoles.OWNER.equals(row.role())) {
                return Uni.createFrom().failure(new RbacConflict("owner_protected",
                        "The owner's role cannot be changed through the Team API."));
            }
            return store.projectNames(caller.teamId(), input.projectIds()).chain(found -> {
                Errors errors = new Errors();
                for (int i = 0; i < input.projectIds().size(); i++) {
                    if (!found.containsKey(input.projectIds().get(i))) {
                        errors.add("project_access.project_ids." + i, "The selected project is not of this team.");
                    }
                }
                errors.throwIfAny();
                return store.assign(caller.teamId(), uuid, input.role().key(), input.scope(), input.projectIds());
            });
        }).chain(row -> withNames(caller, row));
    }

    private Uni<MemberData> withNames(Caller caller, MemberRow row) {
        if (row == null) {
            return Uni.createFrom().failure(new NotFound("Team member"));
        }
        return store.projectNames(caller.teamId(), row.projectIds()).map(names -> member(row, names));
    }

    static MemberData member(MemberRow row, Map<String, String> names) {
        TeamRoles.Role role = row.role() == null ? TeamRoles.derived(row.ssoPermissions())
                : TeamRoles.byKey(row.role());
        List<ProjectRef> projects = new ArrayList<>();
        if ("selected".equals(row.scope())) {
            row.projectIds().stream().filter(names::containsKey)
                    .forEach(id -> projects.add(new ProjectRef(id, names.get(id))));
        }
        return new MemberData(row.id().toString(), row.name(), row.email(), new RoleRef(role.id(), role.name()),
                new ProjectAccess(row.scope(), projects), row.joinedAt());
    }

    private static TeamData data(TeamRow t) {
        return new TeamData(t.id().toString(), t.name(), "business", "pro", 0, 0, null, List.of(), List.of(),
                t.createdAt(), t.domains(), t.projects(), t.members());
    }

    private static UsagePeriod period(LocalDate start, long usage, UsageRow row) {
        return new UsagePeriod(usage, row == null ? null : row.lastIncrementedAt(),
                start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                start.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** {@code UpdateTeamMemberAssignmentData}, validated: 422 naming each bad field. */
    record Assignment(TeamRoles.Role role, String scope, List<String> projectIds) {

        static Assignment parse(JsonNode body) {
            Errors errors = new Errors();
            if (body == null || !body.isObject()) {
                errors.add("body", "The request body must be a JSON object.");
                errors.throwIfAny();
            }
            JsonNode roleId = body.get("role_id");
            TeamRoles.Role role = null;
            if (roleId == null || roleId.isNull()) {
                errors.add("role_id", "The role_id field is required.");
            } else if (!roleId.isTextual()) {
                errors.add("role_id", "The role_id field must be a string.");
            } else {
                role = TeamRoles.byId(roleId.textValue()).orElse(null);
                if (role == null) {
                    errors.add("role_id", "The selected role_id is invalid.");
                } else if (!role.assignable()) {
                    errors.add("role_id", "The owner role cannot be assigned through the Team API.");
                }
            }
            JsonNode access = body.get("project_access");
            String scope = null;
            List<String> ids = new ArrayList<>();
            if (access == null || access.isNull()) {
                errors.add("project_access", "The project_access field is required.");
            } else if (!access.isObject()) {
                errors.add("project_access", "The project_access field must be an object.");
            } else {
                JsonNode s = access.get("scope");
                if (s == null || !s.isTextual() || !(s.textValue().equals("all") || s.textValue().equals("selected"))) {
                    errors.add("project_access.scope", "The project_access.scope field must be all or selected.");
                } else {
                    scope = s.textValue();
                }
                JsonNode list = access.get("project_ids");
                if (list != null && !list.isNull()) {
                    if (!list.isArray() || list.size() > MAX_PROJECT_IDS) {
                        errors.add("project_access.project_ids",
                                "The project_access.project_ids field must be an array of at most 1000 ids.");
                    } else {
                        LinkedHashSet<String> unique = new LinkedHashSet<>();
                        for (int i = 0; i < list.size(); i++) {
                            if (!list.get(i).isTextual()) {
                                errors.add("project_access.project_ids." + i, "Each project id must be a string.");
                            } else {
                                unique.add(list.get(i).textValue());
                            }
                        }
                        ids.addAll(unique);
                    }
                }
                if ("selected".equals(scope) && ids.isEmpty() && !errors.has("project_access.project_ids")) {
                    errors.add("project_access.project_ids", "Select at least one project when the scope is selected.");
                }
            }
            errors.throwIfAny();
            return new Assignment(role, scope, "all".equals(scope) ? List.of() : ids);
        }
    }
}
