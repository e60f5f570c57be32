package org.mintpost.token.team;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.token.rest.CallerResolver;
import org.mintpost.token.rest.JsonInput;
import org.mintpost.token.rest.Paging;
import org.mintpost.token.service.PageCursor;
import org.mintpost.token.team.TeamDtos.MemberData;
import org.mintpost.token.team.TeamDtos.MemberPage;
import org.mintpost.token.team.TeamDtos.RoleData;
import org.mintpost.token.team.TeamDtos.RoleList;
import org.mintpost.token.team.TeamDtos.TeamData;
import org.mintpost.token.team.TeamDtos.TeamUpdated;
import org.mintpost.token.team.TeamDtos.Usage;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** The SDK's {@code team.*}: the caller's team, its usage, roles and members. */
@Path("/v1/team")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Team")
public class TeamResource {

    static final int DEFAULT_PAGE = 30;
    static final int MAX_PAGE = 100;

    private final TeamService team;
    private final CallerResolver callers;

    public TeamResource(TeamService team, CallerResolver callers) {
        this.team = team;
        this.callers = callers;
    }

    /** Any permission of a team caller (Permissions.ALL, spelled out: annotations need constants). */
    @GET
    @RolesAllowed({ "projects:read", "projects:create", "projects:manage", "projects:delete", "project_tokens:read",
            "project_tokens:manage", "project_tokens:rotate", "project_tokens:revoke", "team_tokens:read",
            "team_tokens:manage", "team_tokens:rotate", "team_tokens:revoke", "routes:read", "routes:manage",
            "routes:delete", "domains:read", "domains:manage", "domains:delete", "suppressions:read",
            "suppressions:add", "suppressions:remove", "messages:read", "messages:read_content", "messages:send",
            "stats:read", "audit:read", "webhooks:read", "webhooks:manage", "webhooks:delete",
            "webhooks:rotate_secret", "team:manage", "members:read", "members:manage" })
    @Operation(summary = "The caller's team (TeamData); any team caller may read it")
    public Uni<TeamData> retrieve() {
        return team.team(callers.current());
    }

    @PUT
    @RolesAllowed(Permissions.TEAM_MANAGE)
    @Operation(summary = "Rename the team")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TeamDtos.UpdateTeam.class)))
    public Uni<TeamUpdated> update(JsonNode body) {
        JsonInput in = JsonInput.of(body);
        String name = in.string("name");
        in.check();
        return team.rename(callers.current(), TeamService.validName(name))
                .map(data -> new TeamUpdated(data, "Team settings updated successfully."));
    }

    @GET
    @Path("/usage")
    @RolesAllowed(Permissions.STATS_READ)
    @Operation(summary = "Messages accepted this calendar month (UTC) and in up to 12 earlier months")
    public Uni<Usage> usage() {
        return team.usage(callers.current());
    }

    @GET
    @Path("/roles")
    @RolesAllowed(Permissions.MEMBERS_READ)
    @Operation(summary = "The built-in roles and their permissions (owner is shown, not assignable)")
    public RoleList roles() {
        callers.current();
        return new RoleList(TeamRoles.ALL.stream()
                .map(r -> new RoleData(r.id(), r.name(), r.key(), r.permissions(), r.assignable())).toList());
    }

    @GET
    @Path("/members")
    @RolesAllowed(Permissions.MEMBERS_READ)
    @Operation(summary = "The SSO users seen on this team, oldest first, with role and project access")
    public Uni<MemberPage> members(@QueryParam("page[size]") String size, @QueryParam("page[cursor]") String cursor,
            @Context UriInfo uri) {
        int limit = Paging.size(size, DEFAULT_PAGE, MAX_PAGE);
        PageCursor after = cursor == null || cursor.isBlank() ? null : PageCursor.decode(cursor);
        return team.members(callers.current(), after == null ? null : after.createdAt(),
                after == null ? null : after.id(), limit + 1).map(rows -> {
                    List<MemberData> page = rows.size() > limit ? rows.subList(0, limit) : rows;
                    String next = null;
                    if (rows.size() > limit) {
                        MemberData last = page.get(page.size() - 1);
                        next = new PageCursor(last.joinedAt(), java.util.UUID.fromString(last.id()), true).encode();
                    }
                    return new MemberPage(page, uri.getPath(), limit, next, Paging.pageUrl(uri, next), null, null);
                });
    }

    @GET
    @Path("/members/{userId}")
    @RolesAllowed(Permissions.MEMBERS_READ)
    @Operation(summary = "One member (TeamMemberData)")
    public Uni<MemberData> member(@PathParam("userId") String userId) {
        return team.member(callers.current(), userId);
    }

    @PUT
    @Path("/members/{userId}/assignment")
    @RolesAllowed(Permissions.MEMBERS_MANAGE)
    @Operation(summary = "Replace a member's role and project access; enforced from their next request")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TeamDtos.Assignment.class)))
    public Uni<MemberData> assign(@PathParam("userId") String userId, JsonNode body) {
        return team.assign(callers.current(), userId, body);
    }
}
