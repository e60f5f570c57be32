package org.mintpost.audit.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestQuery;
import org.mintpost.audit.service.StatsService;
import org.mintpost.contracts.token.InternalCaller;
import org.mintpost.contracts.token.Permissions;

import io.smallrye.mutiny.Uni;

/** Sending statistics of the team, or of one project or route, for a date range. */
@Path("/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Permissions.STATS_READ)
public class StatsResource {

    private final StatsService service;
    private final JsonWebToken jwt;

    public StatsResource(StatsService service, JsonWebToken jwt) {
        this.service = service;
        this.jwt = jwt;
    }

    @GET
    public Uni<StatsResponse> stats(@RestQuery String from, @RestQuery String to,
            @RestQuery("project_id") String projectId, @RestQuery("route_id") String routeId) {
        return service.stats(caller(), from, to, projectId, routeId).map(StatsResponse::of);
    }

    private InternalCaller caller() {
        return InternalCaller.of(jwt::getClaim);
    }
}
