package org.mintpost.token.suppressions;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
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
import org.mintpost.token.service.Caller;
import org.mintpost.token.service.Errors;
import org.mintpost.token.suppressions.SuppressionDtos.Outcome;
import org.mintpost.token.suppressions.SuppressionDtos.Removed;
import org.mintpost.token.suppressions.SuppressionDtos.Stored;
import org.mintpost.token.suppressions.SuppressionDtos.SuppressionIndex;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** The official SDK's {@code suppressions} surface: list (filters, sort, cursor pages), add, remove. */
@Path("/v1/suppressions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Suppressions")
public class SuppressionResource {

    static final int DEFAULT_PER_PAGE = 30;
    static final int MAX_PER_PAGE = 100;

    private final SuppressionService suppressions;
    private final CallerResolver callers;

    public SuppressionResource(SuppressionService suppressions, CallerResolver callers) {
        this.suppressions = suppressions;
        this.callers = callers;
    }

    @GET
    @RolesAllowed(Permissions.SUPPRESSIONS_READ)
    @Operation(summary = "List the team's suppressions (filters, sort, cursor pagination)")
    public Uni<SuppressionIndex> list(@QueryParam("page[size]") String pageSize, @QueryParam("per_page") String perPage,
            @QueryParam("page[cursor]") String pageCursor, @QueryParam("cursor") String cursor,
            @QueryParam("sort") String sort, @QueryParam("filter[scope]") String scope,
            @QueryParam("filter[route_id]") String routeId, @QueryParam("filter[project_id]") String projectId,
            @QueryParam("filter[value]") String value, @QueryParam("filter[reason]") String reason,
            @QueryParam("filter[startDate]") String startDate, @QueryParam("filter[endDate]") String endDate,
            @Context UriInfo uri) {
        int size = Paging.size(pageSize != null ? pageSize : perPage, DEFAULT_PER_PAGE, MAX_PER_PAGE);
        SuppressionQuery query = SuppressionQuery.of(callers.current().teamId(),
                new SuppressionQuery.Filters(scope, routeId, projectId, value, reason, startDate, endDate), sort,
                pageCursor != null ? pageCursor : cursor);
        String path = uri.getAbsolutePath().toString();
        return suppressions.list(query, size).map(page -> new SuppressionIndex(
                page.items().stream().map(SuppressionDtos::data).toList(), path, page.perPage(),
                page.nextCursor(), Paging.pageUrl(uri, page.nextCursor()), page.prevCursor(),
                Paging.pageUrl(uri, page.prevCursor())));
    }

    @POST
    @RolesAllowed(Permissions.SUPPRESSIONS_ADD)
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Stored.class)))
    @Operation(summary = "Add one email (or @domain, .extension) or up to 1,000 to the suppression list")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SuppressionDtos.StoreSuppression.class)))
    public Uni<Stored> create(JsonNode body) {
        JsonInput in = JsonInput.of(body);
        String email = in.string("email");
        List<String> emails = in.strings("emails");
        String reason = in.string("reason");
        String scope = in.string("scope");
        String routeId = in.string("route_id");
        String projectId = in.string("project_id");
        String appliesTo = in.string("applies_to");
        in.check();
        if (appliesTo != null && !SuppressionDtos.APPLIES_TO_ALL.equals(appliesTo)) {
            Errors errors = new Errors();
            errors.add("applies_to", "The applies_to field must be all: a suppression here blocks transactional "
                    + "and broadcast mail alike.");
            errors.throwIfAny();
        }
        List<String> entries = new ArrayList<>();
        if (email != null) {
            entries.add(email);
        }
        if (emails != null) {
            entries.addAll(emails);
        }
        Caller caller = callers.current();
        return suppressions.add(new SuppressionService.Request(caller.teamId(), entries, reason, scope, projectId,
                routeId), null, caller.actor()).map(added -> new Stored(message(added.created().size()),
                        new Outcome(added.created(), added.skipped())));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Permissions.SUPPRESSIONS_REMOVE)
    @Operation(summary = "Remove an entry from the suppression list")
    public Uni<Removed> delete(@PathParam("id") String id) {
        Caller caller = callers.current();
        return suppressions.remove(caller.teamId(), Ids.parse(id, "Suppression"), caller.actor())
                .map(nothing -> new Removed(true, "removed", "Suppression removed successfully."));
    }

    private static String message(int created) {
        if (created == 0) {
            return "No emails were added.";
        }
        return created == 1 ? "1 email added to the suppression list."
                : created + " emails added to the suppression list.";
    }
}
