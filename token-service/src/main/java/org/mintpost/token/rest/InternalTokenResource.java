package org.mintpost.token.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.token.InternalClaims;
import org.mintpost.token.service.LookupService;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** The edge's cache-miss lookup by hash (service JWT only; docs/internals.md). */
@Path("/internal/tokens/lookup")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
public class InternalTokenResource {

    private final LookupService lookup;

    public InternalTokenResource(LookupService lookup) {
        this.lookup = lookup;
    }

    @POST
    @RolesAllowed(InternalClaims.SERVICE_GROUP)
    @Operation(summary = "Current state of the token whose current (or in-grace previous) sha256 is token_hash")
    @RequestBody(content = @Content(schema = @Schema(implementation = Dtos.LookupRequest.class)))
    public Uni<TokenChanged> lookup(JsonNode body) {
        JsonInput in = JsonInput.of(body);
        String hash = in.string("token_hash");
        in.check();
        return lookup.lookup(hash);
    }
}
