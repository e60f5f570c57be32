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
import org.mintpost.token.service.Clock;
import org.mintpost.token.service.Inactivity;
import org.mintpost.token.service.Inputs;
import org.mintpost.token.service.TeamTokenService;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** Team tokens of the caller's team; a caller can only grant permissions it holds. */
@Path("/v1/team/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Team tokens")
public class TeamTokenResource {

    private final TeamTokenService tokens;
    private final CallerResolver callers;

    public TeamTokenResource(TeamTokenService tokens, CallerResolver callers) {
        this.tokens = tokens;
        this.callers = callers;
    }

    @GET
    @RolesAllowed(Permissions.TEAM_TOKENS_READ)
    @Operation(summary = "List the team's tokens (secrets never included)")
    public Uni<TokenList> list(@QueryParam("inactive_days") String inactiveDays) {
        Integer days = InactiveDaysParam.parse(inactiveDays);
        return tokens.list(callers.current()).map(list -> new TokenList(Mapping.tokens(
                days == null ? list : Inactivity.inactiveFor(list, days, Clock.now()))));
    }

    @POST
    @RolesAllowed(Permissions.TEAM_TOKENS_MANAGE)
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = Dtos.TokenWithSecret.class)))
    @Operation(summary = "Create a team token with permissions the caller holds; the only time its secret is shown")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Dtos.StoreTeamToken.class)))
    public Uni<TokenWithSecret> create(JsonNode body) {
        JsonInput in = JsonInput.of(body);
        Inputs.NewToken input = new Inputs.NewToken(in.string("name"), in.instant("expires_at"),
                in.strings("allowed_ips"), in.strings("permissions"));
        in.check();
        return tokens.create(callers.current(), input)
                .map(issued -> new TokenWithSecret(Mapping.token(issued.token()), issued.secret()));
    }

    @POST
    @Path("/{tokenId}/regenerate")
    @RolesAllowed(Permissions.TEAM_TOKENS_ROTATE)
    @Operation(summary = "New secret for the same team token (the caller must hold all its permissions)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Dtos.RegenerateToken.class)))
    public Uni<TokenWithSecret> regenerate(@PathParam("tokenId") String tokenId, JsonNode body) {
        JsonInput in = JsonInput.of(body);
        Long grace = in.integer("expire_previous_in");
        in.check();
        return tokens.regenerate(callers.current(), Ids.parse(tokenId, "Token"), grace)
                .map(issued -> new TokenWithSecret(Mapping.token(issued.token()), issued.secret()));
    }

    @DELETE
    @Path("/{tokenId}")
    @RolesAllowed(Permissions.TEAM_TOKENS_REVOKE)
    @Operation(summary = "Revoke a team token for good")
    public Uni<TokenEnvelope> revoke(@PathParam("tokenId") String tokenId) {
        return tokens.revoke(callers.current(), Ids.parse(tokenId, "Token"))
                .map(token -> new TokenEnvelope(Mapping.token(token)));
    }
}
