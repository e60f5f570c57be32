package org.mintpost.token.domains;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
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
import org.mintpost.token.domains.DomainDtos.DomainData;
import org.mintpost.token.domains.DomainDtos.DomainIndex;
import org.mintpost.token.domains.DomainDtos.DomainUpdated;
import org.mintpost.token.rest.CallerResolver;
import org.mintpost.token.rest.Dtos.MessageOnly;
import org.mintpost.token.rest.Ids;
import org.mintpost.token.rest.JsonInput;
import org.mintpost.token.rest.Paging;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** The official SDK's {@code domains} surface, plus DKIM key rotation. */
@Path("/v1/domains")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Domains")
public class DomainResource {

    static final int DEFAULT_PER_PAGE = 30;
    static final int MAX_PER_PAGE = 100;

    private final DomainService domains;
    private final DomainVerification verification;
    private final DkimRotation rotation;
    private final CallerResolver callers;

    public DomainResource(DomainService domains, DomainVerification verification, DkimRotation rotation,
            CallerResolver callers) {
        this.domains = domains;
        this.verification = verification;
        this.rotation = rotation;
        this.callers = callers;
    }

    @GET
    @RolesAllowed(Permissions.DOMAINS_READ)
    @Operation(summary = "List the team's domains (filters, sort, cursor pagination)")
    public Uni<DomainIndex> list(@QueryParam("page[size]") String pageSize, @QueryParam("per_page") String perPage,
            @QueryParam("page[cursor]") String pageCursor, @QueryParam("cursor") String cursor,
            @QueryParam("sort") String sort, @QueryParam("filter[project]") String project,
            @QueryParam("filter[status]") String status, @QueryParam("filter[domain]") String search,
            @Context UriInfo uri) {
        String sizeParam = pageSize != null ? pageSize : perPage;
        int size = Paging.size(sizeParam, DEFAULT_PER_PAGE, MAX_PER_PAGE);
        DomainQuery query = DomainQuery.of(callers.current().teamId(), project, status, search, sort,
                pageCursor != null ? pageCursor : cursor);
        String path = uri.getAbsolutePath().toString();
        return domains.list(query, size).map(page -> new DomainIndex(
                page.items().stream().map(DomainDtos::listItem).toList(), path, page.perPage(),
                page.nextCursor(), Paging.pageUrl(uri, page.nextCursor()), page.prevCursor(),
                Paging.pageUrl(uri, page.prevCursor())));
    }

    @POST
    @RolesAllowed(Permissions.DOMAINS_MANAGE)
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DomainData.class)))
    @Operation(summary = "Add a domain: makes its DKIM keys and the DNS records to publish")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DomainDtos.StoreDomain.class)))
    public Uni<DomainData> create(JsonNode body) {
        JsonInput in = JsonInput.of(body);
        String name = in.string("domain");
        in.check();
        return domains.create(callers.current(), name).map(DomainDtos::data);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Permissions.DOMAINS_READ)
    @Operation(summary = "Retrieve a domain with its DNS records and projects")
    public Uni<DomainData> retrieve(@PathParam("id") String id) {
        return domains.get(callers.current(), Ids.parse(id, "Domain")).map(DomainDtos::data);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Permissions.DOMAINS_DELETE)
    @Operation(summary = "Delete a domain and its DKIM keys")
    public Uni<MessageOnly> delete(@PathParam("id") String id) {
        return domains.delete(callers.current(), Ids.parse(id, "Domain"))
                .map(nothing -> new MessageOnly("Domain deleted successfully."));
    }

    @PUT
    @Path("/{id}/projects")
    @RolesAllowed(Permissions.DOMAINS_MANAGE)
    @Operation(summary = "Set the projects allowed to send from the domain")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DomainDtos.UpdateDomainProjects.class)))
    public Uni<DomainUpdated> updateProjects(@PathParam("id") String id, JsonNode body) {
        JsonInput in = JsonInput.of(body);
        List<String> projectIds = in.strings("project_ids");
        in.check();
        return domains.updateProjects(callers.current(), Ids.parse(id, "Domain"), projectIds)
                .map(view -> new DomainUpdated(DomainDtos.data(view), "Domain projects updated successfully."));
    }

    @POST
    @Path("/{id}/dns-records/verify")
    @RolesAllowed(Permissions.DOMAINS_MANAGE)
    @Operation(summary = "Look every DNS record of the domain up now")
    public Uni<RestResponse<Object>> verifyAll(@PathParam("id") String id) {
        return verification.verify(callers.current(), Ids.parse(id, "Domain"), null)
                .map(VerificationAnswers::all);
    }

    @POST
    @Path("/{id}/dns-records/{recordId}/verify")
    @RolesAllowed(Permissions.DOMAINS_MANAGE)
    @Operation(summary = "Look one DNS record of the domain up now")
    public Uni<RestResponse<Object>> verifyOne(@PathParam("id") String id, @PathParam("recordId") String recordId) {
        return verification.verify(callers.current(), Ids.parse(id, "Domain"), Ids.parse(recordId, "DNS record"))
                .map(checked -> VerificationAnswers.one(checked, recordId));
    }

    @POST
    @Path("/{id}/dkim/rotate")
    @RolesAllowed(Permissions.DOMAINS_MANAGE)
    @Operation(summary = "Rotate DKIM keys: the published standby key signs from now on, a new standby is made")
    public Uni<DomainUpdated> rotate(@PathParam("id") String id) {
        return rotation.rotate(callers.current(), Ids.parse(id, "Domain"))
                .map(view -> new DomainUpdated(DomainDtos.data(view), "DKIM keys rotated successfully."));
    }
}
