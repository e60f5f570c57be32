package org.mintpost.token.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.token.rest.Dtos.MessageOnly;
import org.mintpost.token.rest.Dtos.ProjectCreated;
import org.mintpost.token.rest.Dtos.ProjectData;
import org.mintpost.token.rest.Dtos.ProjectIndex;
import org.mintpost.token.rest.Dtos.ProjectRotated;
import org.mintpost.token.rest.Dtos.ProjectUpdated;
import org.mintpost.token.service.Errors;
import org.mintpost.token.service.Inputs;
import org.mintpost.token.service.ProjectService;
import org.mintpost.token.stats.ProjectStats;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** The official SDK's {@code projects} surface. */
@Path("/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Projects")
public class ProjectResource {

    private final ProjectService projects;
    private final CallerResolver callers;
    /** {@code last_28_days} of the projects answered. */
    @Inject
    ProjectStats stats;

    public ProjectResource(ProjectService projects, CallerResolver callers) {
        this.projects = projects;
        this.callers = callers;
    }

    @GET
    @RolesAllowed(Permissions.PROJECTS_READ)
    @Operation(summary = "List projects (cursor pagination, oldest first): page[size] and page[cursor] as in "
            + "Lettermint's API, per_page and cursor as before")
    public Uni<ProjectIndex> list(@QueryParam("page[size]") String pageSize, @QueryParam("per_page") String perPage,
            @QueryParam("page[cursor]") String pageCursor, @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        Errors errors = new Errors();
        boolean lettermintSize = pageSize != null && !pageSize.isBlank();
        int size = Paging.size(lettermintSize ? pageSize : perPage, ProjectService.DEFAULT_PER_PAGE,
                ProjectService.MAX_PER_PAGE, errors, lettermintSize ? "page.size" : "per_page",
                lettermintSize ? Paging.PAGE_SIZE_ERROR : "The per_page field must be an integer of at least 1.");
        errors.throwIfAny();
        String path = uri.getAbsolutePath().toString();
        return projects.list(callers.current(), pageCursor != null && !pageCursor.isBlank() ? pageCursor : cursor, size)
                .chain(page -> stats.last28Days(page.items().stream().map(p -> p.id).toList())
                        .map(last28 -> new ProjectIndex(page.items().stream()
                        .map(p -> Mapping.listItem(p, page.routesCount(p), page.domainsCount(p), last28.get(p.id)))
                        .toList(), path,
                        page.perPage(), page.nextCursor(), Paging.pageUrl(uri, page.nextCursor()),
                        page.prevCursor(), Paging.pageUrl(uri, page.prevCursor()))));
    }

    @POST
    @RolesAllowed(Permissions.PROJECTS_CREATE)
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = Dtos.ProjectCreated.class)))
    @Operation(summary = "Create a project and its first token (named Default)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Dtos.StoreProject.class)))
    public Uni<ProjectCreated> create(JsonNode body) {
        JsonInput in = JsonInput.of(body);
        Inputs.NewProject input = new Inputs.NewProject(in.string("name"), in.bool("smtp_enabled"),
                in.bool("short_token"), in.string("initial_routes"), in.string("delivery_mode"));
        in.check();
        return projects.create(callers.current(), input)
                .map(created -> new ProjectCreated(Mapping.project(created.view()), "Project created successfully.",
                        created.token().secret()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Permissions.PROJECTS_READ)
    @Operation(summary = "Retrieve a project")
    public Uni<ProjectData> retrieve(@PathParam("id") String id) {
        return projects.get(callers.current(), Ids.parse(id, "Project")).chain(view -> stats
                .last28Days(List.of(view.project().id))
                .map(last28 -> Mapping.project(view, last28.get(view.project().id))));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Permissions.PROJECTS_MANAGE)
    @Operation(summary = "Update a project's name and switches")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Dtos.UpdateProject.class)))
    public Uni<ProjectUpdated> update(@PathParam("id") String id, JsonNode body) {
        JsonInput in = JsonInput.of(body);
        Inputs.ProjectChanges changes = new Inputs.ProjectChanges(in.string("name"), in.bool("smtp_enabled"),
                in.bool("redact_email_content"), in.string("default_route_id"), in.string("delivery_mode"));
        in.check();
        return projects.update(callers.current(), Ids.parse(id, "Project"), changes)
                .map(view -> new ProjectUpdated(Mapping.project(view), "Project updated successfully."));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Permissions.PROJECTS_DELETE)
    @Operation(summary = "Delete a project and revoke all its tokens")
    public Uni<MessageOnly> delete(@PathParam("id") String id) {
        return projects.delete(callers.current(), Ids.parse(id, "Project"))
                .map(nothing -> new MessageOnly("Project deleted successfully."));
    }

    @POST
    @Path("/{id}/rotate-token")
    @RolesAllowed(Permissions.PROJECT_TOKENS_ROTATE)
    @Operation(summary = "Regenerate the project's Default token")
    public Uni<RestResponse<ProjectRotated>> rotateToken(@PathParam("id") String id) {
        return projects.rotateDefaultToken(callers.current(), Ids.parse(id, "Project"))
                .map(rotated -> RestResponse.ok(new ProjectRotated(Mapping.project(rotated.view()),
                        rotated.token().secret(),
                        "API token rotated successfully. Please update your integrations.")));
    }
}
