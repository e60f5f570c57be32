package org.mintpost.token.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.token.rest.Dtos.TokenEnvelope;
import org.mintpost.token.rest.Dtos.TokenList;
import org.mintpost.token.rest.Dtos.TokenWithSecret;
import org.mintpost.token.service.Inputs;
import org.mintpost.token.service.ProjectTokenService;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** Named project tokens (the dashboard's API Tokens page). */
@Path("/v1/projects/{id}/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Project tokens")
public class ProjectTokenResource {

    private final ProjectTokenService tokens;
    private final CallerResolver callers;

    public ProjectTokenResource(ProjectTokenService tokens, CallerResolver callers) {
        this.tokens = tokens;
        this.callers = callers;
    }

    @GET
    @RolesAllowed(Permissions.PROJECT_TOKENS_READ)
    @Operation(summary = "List the project's tokens (secrets never included); inactive_days=N: only those unused"
            + " for N days or more")
    public Uni<TokenList> list(@PathParam("id") String projectId, @QueryParam("inactive_days") String inactiveDays) {
        Integer days = InactiveDaysParam.parse(inactiveDays);
        return tokens.list(callers.current(), Ids.parse(projectId, "Project"), days)
                .map(found -> new TokenList(Mapping.tokens(found.tokens(), found.autoRevokeInactiveDays())));
    }

    @POST
    @RolesAllowed(Permissions.PROJECT_TOKENS_MANAGE)
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = Dtos.TokenWithSecret.class)))
    @Operation(summary = "Create a named token; the only time its secret is shown")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Dtos.StoreToken.class)))
    public Uni<TokenWithSecret> create(@PathParam("id") String projectId, JsonNode body) {
        JsonInput in = JsonInput.of(body);
        Inputs.NewToken input = new Inputs.NewToken(in.string("name"), in.instant("expires_at"),
                in.strings("allowed_ips"), null);
        in.check();
        return tokens.create(callers.current(), Ids.parse(projectId, "Project"), input)
                .map(issued -> new TokenWithSecret(Mapping.token(issued.token()), issued.secret()));
    }

    @POST
    @Path("/{tokenId}/regenerate")
    @RolesAllowed(Permissions.PROJECT_TOKENS_ROTATE)
    @Operation(summary = "New secret for the same token; the old one dies now or after expire_previous_in seconds")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Dtos.RegenerateToken.class)))
    public Uni<TokenWithSecret> regenerate(@PathParam("id") String projectId,
            @PathParam("tokenId") String tokenId, JsonNode body) {
        JsonInput in = JsonInput.of(body);
        Long grace = in.integer("expire_previous_in");
        in.check();
        return tokens.regenerate(callers.current(), Ids.parse(projectId, "Project"), Ids.parse(tokenId, "Token"), grace)
                .map(issued -> new TokenWithSecret(Mapping.token(issued.token()), issued.secret()));
    }

    @DELETE
    @Path("/{tokenId}")
    @RolesAllowed(Permissions.PROJECT_TOKENS_REVOKE)
    @Operation(summary = "Revoke a token for good")
    public Uni<TokenEnvelope> revoke(@PathParam("id") String projectId, @PathParam("tokenId") String tokenId) {
        return tokens.revoke(callers.current(), Ids.parse(projectId, "Project"), Ids.parse(tokenId, "Token"))
                .map(token -> new TokenEnvelope(Mapping.token(token)));
    }
}
