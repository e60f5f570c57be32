package org.mintpost.token.routes;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.token.rest.CallerResolver;
import org.mintpost.token.rest.Dtos.MessageOnly;
import org.mintpost.token.rest.Ids;
import org.mintpost.token.rest.JsonInput;
import org.mintpost.token.routes.RouteDtos.RouteData;
import org.mintpost.token.routes.RouteDtos.RouteEnvelope;
import org.mintpost.token.service.Errors;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/** The official SDK's {@code routes} surface. */
@Path("/v1/routes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Routes")
public class RouteResource {

    static final String INBOUND_REFUSED = "Inbound domain verification failed. Please ensure MX records point to "
            + "our servers.";

    private static final List<String> FLAGS = List.of("track_opens", "track_clicks", "generate_plaintext_fallback",
            "suppress_auto_responders", "suppress_disposable_recipients", "disable_hosted_unsubscribe",
            "redact_email_content");

    private final RouteService routes;
    private final CallerResolver callers;

    public RouteResource(RouteService routes, CallerResolver callers) {
        this.routes = routes;
        this.callers = callers;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Permissions.ROUTES_READ)
    @Operation(summary = "Retrieve a route")
    public Uni<RouteData> retrieve(@PathParam("id") String id) {
        return routes.get(callers.current(), Ids.parse(id, "Route")).map(RouteDtos::data);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Permissions.ROUTES_MANAGE)
    @Operation(summary = "Update a route's name and settings")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RouteDtos.UpdateRoute.class)))
    public Uni<RouteEnvelope> update(@PathParam("id") String id, JsonNode body) {
        JsonInput in = JsonInput.of(body);
        String name = in.string("name");
        in.check();
        Errors errors = new Errors();
        RouteInputs.Settings settings = settings(body == null ? null : body.get("settings"), errors);
        JsonNode inbound = body == null ? null : body.get("inbound_settings");
        errors.throwIfAny();
        RouteInputs.Changes changes = new RouteInputs.Changes(name, settings, inbound != null && !inbound.isNull());
        return routes.update(callers.current(), Ids.parse(id, "Route"), changes)
                .map(route -> new RouteEnvelope(RouteDtos.data(route), "Route updated successfully."));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Permissions.ROUTES_DELETE)
    @Operation(summary = "Delete a route (never the project's default route: 422)")
    public Uni<MessageOnly> delete(@PathParam("id") String id) {
        return routes.delete(callers.current(), Ids.parse(id, "Route"))
                .map(nothing -> new MessageOnly("Route deleted successfully."));
    }

    @POST
    @Path("/{id}/verify-inbound-domain")
    @RolesAllowed(Permissions.ROUTES_MANAGE)
    @Operation(summary = "Inbound mail is not supported here: always 422 for a visible route")
    public Uni<RestResponse<Map<String, Object>>> verifyInboundDomain(@PathParam("id") String id) {
        return routes.verifyInboundDomain(callers.current(), Ids.parse(id, "Route"))
                .map(route -> RestResponse.ResponseBuilder.<Map<String, Object>>create(422).entity(Map.of(
                        "message", "Inbound mail is not supported by this platform: routes send outbound mail only, "
                                + "so there is no inbound domain to verify.",
                        "error", "validation_error",
                        "errors", Map.of("route", List.of("Inbound mail is not supported by this platform.")),
                        "data", Map.of("verified", false, "message", INBOUND_REFUSED,
                                "expected_mx_records", List.of(), "found_mx_records", List.of()))).build());
    }

    /** {@code UpdateRouteSettingsData}, strictly typed; errors keyed {@code settings.<field>}. */
    private static RouteInputs.Settings settings(JsonNode node, Errors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add("settings", "The settings field must be an object.");
            return null;
        }
        Boolean[] flags = new Boolean[FLAGS.size()];
        for (int i = 0; i < flags.length; i++) {
            JsonNode value = node.get(FLAGS.get(i));
            if (value != null && !value.isNull()) {
                if (value.isBoolean()) {
                    flags[i] = value.booleanValue();
                } else {
                    errors.add("settings." + FLAGS.get(i), "The settings." + FLAGS.get(i) + " field must be true or "
                            + "false.");
                }
            }
        }
        JsonNode tls = node.get("tls");
        String tlsValue = null;
        if (tls != null && !tls.isNull()) {
            if (tls.isTextual()) {
                tlsValue = tls.textValue();
            } else {
                errors.add("settings.tls", "The settings.tls field must be a string.");
            }
        }
        return new RouteInputs.Settings(flags[0], flags[1], flags[2], flags[3], flags[4], tlsValue, flags[5],
                flags[6]);
    }
}
