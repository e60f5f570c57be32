package org.mintpost.token.leaks;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.mintpost.token.rest.CallerResolver;
import org.mintpost.token.rest.JsonInput;
import org.mintpost.token.service.Errors;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The generic leak report, for other scanners and for people: a team token or no credential at all.
 * It only ever revokes, and its answer is the same whether or not the string was a live token.
 */
@Path("/v1/tokens/report-leak")
@Tag(name = "Leak reports")
public class ReportLeakResource {

    static final String ANONYMOUS_ACTOR = "leak_report";
    static final int TOKEN_MAX = 200;

    private final LeakService leaks;
    private final ReportRateLimiter limiter;
    private final CurrentIdentityAssociation identity;

    public ReportLeakResource(LeakService leaks, ReportRateLimiter limiter, CurrentIdentityAssociation identity) {
        this.leaks = leaks;
        this.limiter = limiter;
        this.identity = identity;
    }

    /** The answer: always this message. */
    public record Received(String message) {
    }

    @POST
    @PermitAll
    @ResponseStatus(202)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report a leaked token: revoked at once when it is live (reason leaked)")
    public Uni<Received> report(@Context HttpServerRequest request, JsonNode body) {
        limiter.acquire(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
        JsonInput in = JsonInput.of(body);
        String token = in.string("token");
        String url = in.string("url");
        String source = in.string("source");
        in.check();
        Errors errors = new Errors();
        if (token == null || token.isBlank()) {
            errors.add("token", "The token field is required.");
        } else if (token.length() > TOKEN_MAX) {
            errors.add("token", "The token may not be longer than " + TOKEN_MAX + " characters.");
        }
        errors.throwIfAny();
        Uni<String> actor = request.getHeader("Authorization") == null ? Uni.createFrom().item(ANONYMOUS_ACTOR)
                : identity.getDeferredIdentity().map(who -> who.getPrincipal() instanceof JsonWebToken jwt
                        ? CallerResolver.of(jwt).actor() : ANONYMOUS_ACTOR);
        return actor.chain(who -> leaks.revokeLeaked(List.of(new LeakReport(token.trim(), null, url, source)), who,
                null))
                .map(live -> new Received("Thank you. If this was a live token, it is revoked now."));
    }
}
