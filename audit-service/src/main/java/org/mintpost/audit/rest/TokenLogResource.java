package org.mintpost.audit.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.mintpost.audit.service.TokenLogService;
import org.mintpost.contracts.token.InternalCaller;
import org.mintpost.contracts.token.Permissions;

import io.smallrye.mutiny.Uni;

/** A project token's logs, behind the edge: uses, refusals and lifecycle changes, newest first. */
@Path("/v1/projects/{projectId}/tokens/{tokenId}/logs")
@Produces(MediaType.APPLICATION_JSON)
public class TokenLogResource {

    private final TokenLogService service;
    private final JsonWebToken jwt;

    public TokenLogResource(TokenLogService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @GET
    @RolesAllowed(Permissions.PROJECT_TOKENS_READ)
    public Uni<TokenLogResponse> logs(@RestPath String projectId, @RestPath String tokenId,
            @RestQuery String cursor, @RestQuery String limit, @RestQuery String outcome,
            @RestQuery String channel, @RestQuery String from, @RestQuery String to) {
        TokenLogService.Params params = new TokenLogService.Params(cursor, limit, outcome, channel, from, to);
        return service.logs(caller(), projectId, tokenId, params).map(TokenLogResponse::of);
    }

    private InternalCaller caller() {
        return InternalCaller.of(jwt::getClaim);
    }
}
