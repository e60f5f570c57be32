package org.mintpost.token.routes;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import org.mintpost.contracts.token.Permissions;
import org.mintpost.token.rest.CallerResolver;
import org.mintpost.token.rest.Ids;
import org.mintpost.token.rest.JsonInput;
import org.mintpost.token.rest.Paging;
import org.mintpost.token.routes.RouteDtos.RouteEnvelope;
import org.mintpost.token.routes.RouteDtos.RouteIndex;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** The official SDK's {@code projects.routes} and {@code projects.createRoute}. */
@Path("/v1/projects/{projectId}/routes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Routes")
public class ProjectRouteResource {

    private final RouteService routes;
    private final CallerResolver callers;

    public ProjectRouteResource(RouteService routes, CallerResolver callers) {
        this.routes = routes;
        this.callers = callers;
    }

    @GET
    @RolesAllowed(Permissions.ROUTES_READ)
    @Operation(summary = "List a project's routes (filters, sort, cursor pagination)")
    public Uni<RouteIndex> list(@PathParam("projectId") String projectId, @QueryParam("page[size]") String pageSize,
            @QueryParam("per_page") String perPage, @QueryParam("page[cursor]") String pageCursor,
            @QueryParam("cursor") String cursor, @QueryParam("sort") String sort,
            @QueryParam("filter[route_type]") String type, @QueryParam("filter[is_default]") String isDefault,
            @QueryParam("filter[search]") String search, @Context UriInfo uri) {
        RouteQuery query = RouteQuery.of(type, isDefault, search, sort, pageSize != null ? pageSize : perPage,
                pageCursor != null ? pageCursor : cursor);
        String path = uri.getAbsolutePath().toString();
        return routes.list(callers.current(), Ids.parse(projectId, "Project")).map(query::page)
                .map(page -> new RouteIndex(page.items().stream().map(RouteDtos::listItem).toList(), path,
                        page.perPage(), page.nextCursor(), Paging.pageUrl(uri, page.nextCursor()), page.prevCursor(),
                        Paging.pageUrl(uri, page.prevCursor())));
    }

    @POST
    @RolesAllowed(Permissions.ROUTES_MANAGE)
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RouteEnvelope.class)))
    @Operation(summary = "Create a route (slug made from the name when not given)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RouteDtos.StoreRoute.class)))
    public Uni<RouteEnvelope> create(@PathParam("projectId") String projectId, JsonNode body) {
        JsonInput in = JsonInput.of(body);
        RouteInputs.NewRoute input = new RouteInputs.NewRoute(in.string("name"), in.string("route_type"),
                in.string("slug"));
        in.check();
        return routes.create(callers.current(), Ids.parse(projectId, "Project"), input)
                .map(route -> new RouteEnvelope(RouteDtos.data(route), "Route created successfully."));
    }
}
