package org.mintpost.gateway.bench;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/** Test-only: the ceiling for the benchmark, a Quarkus endpoint that answers 202 without any work. */
@Path("/bench/bare")
public class BareResource {

    @POST
    public Uni<Response> accept(String body) {
        return Uni.createFrom().item(Response.status(202).type(MediaType.APPLICATION_JSON_TYPE)
                .entity("{\"message_id\":\"00000000-0000-0000-0000-000000000000\",\"status\":\"pending\"}").build());
    }
}
