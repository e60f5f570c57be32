package org.mintpost.token.workloads;

import java.io.IOException;
import java.util.concurrent.CompletionException;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.mintpost.contracts.kafka.EventJson;
import org.mintpost.token.rest.Dtos.TokenWithSecret;
import org.mintpost.token.rest.JsonInput;
import org.mintpost.token.rest.Mapping;
import org.mintpost.token.service.ValidationFailed;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /v1/oidc/token}: a workload's OIDC identity token, and no other credential, for a short-lived project
 * token (docs/keyless.md). Rate-limited per client address and per issuer.
 */
@Path("/v1/oidc/token")
@Tag(name = "Trusted workloads")
public class OidcTokenResource {

    private final IdentityVerifier verifier;
    private final ExchangeService exchange;
    private final ExchangeRateLimiter limiter;
    private final WorkloadsConfig config;

    public OidcTokenResource(IdentityVerifier verifier, ExchangeService exchange, ExchangeRateLimiter limiter,
            WorkloadsConfig config) {
        this.verifier = verifier;
        this.exchange = exchange;
        this.limiter = limiter;
        this.config = config;
    }

    @POST
    @PermitAll
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TokenWithSecret.class)))
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exchange a trusted workload's OIDC identity token for a short-lived project token")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = WorkloadDtos.Exchange.class)))
    public Uni<TokenWithSecret> exchange(@Context HttpServerRequest request, byte[] body) {
        limiter.acquireForIp(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
        if (body != null && body.length > config.maxBodyBytes()) {
            throw new WebApplicationException(413);
        }
        JsonInput in = JsonInput.of(json(body));
        String token = in.string("token");
        in.check();
        if (token == null || token.isBlank()) {
            throw ValidationFailed.of("token", "The token field is required: the workload's OIDC identity token.");
        }
        IdentityVerifier.Parsed parsed = verifier.parse(token);
        limiter.acquireForIssuer(parsed.issuer());
        io.vertx.core.Context context = Vertx.currentContext();
        return Uni.createFrom().completionStage(() -> verifier.verify(parsed))
                .onFailure(CompletionException.class).transform(e -> e.getCause() == null ? e : e.getCause())
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .chain(exchange::exchange)
                .map(issued -> new TokenWithSecret(Mapping.token(issued.token()), issued.secret()));
    }

    private static JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return EventJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new WebApplicationException(400);
        }
    }
}
