package org.mintpost.webhook.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.mintpost.contracts.token.InternalCaller;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.webhook.service.DeliveryLogService;
import org.mintpost.webhook.service.ValidationException;
import org.mintpost.webhook.service.WebhookFilter;
import org.mintpost.webhook.service.WebhookService;

/** {@code /v1/webhooks…} as the SDK's {@code webhooks} endpoint calls it; each call needs its permission. */
@Path("/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({ MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.WILDCARD })
public class WebhookResource {

    private final WebhookService webhooks;
    private final DeliveryLogService deliveries;
    private final JsonWebToken jwt;

    public WebhookResource(WebhookService webhooks, DeliveryLogService deliveries, JsonWebToken jwt) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.jwt = jwt;
    }

    @GET
    @RolesAllowed(Permissions.WEBHOOKS_READ)
    public PageBody<WebhookData> list(@QueryParam("filter[project]") String project,
            @QueryParam("filter[route_id]") String routeId, @QueryParam("filter[enabled]") String enabled,
            @QueryParam("filter[event]") String event, @QueryParam("filter[search]") String search,
            @QueryParam("page[size]") String size, @QueryParam("page[cursor]") String cursor) {
        WebhookFilter filter = new WebhookFilter(project, routeId, bool("filter[enabled]", enabled), event, search,
                integer("page[size]", size), cursor);
        return PageBody.of(webhooks.list(caller(), filter), "/v1/webhooks", WebhookData::of);
    }

    @POST
    @RolesAllowed(Permissions.WEBHOOKS_MANAGE)
    @APIResponse(responseCode = "201", description = "Created", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MessageBodies.WithData.class)))
    public Response create(String body) {
        WebhookData data = WebhookData.of(webhooks.create(caller(), WebhookRequests.parse(body)));
        return Response.status(201).entity(new MessageBodies.WithData(data, MessageBodies.CREATED)).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Permissions.WEBHOOKS_READ)
    public WebhookData retrieve(@PathParam("id") String id) {
        return WebhookData.of(webhooks.get(caller(), id));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Permissions.WEBHOOKS_MANAGE)
    public MessageBodies.WithData update(@PathParam("id") String id, String body) {
        WebhookData data = WebhookData.of(webhooks.update(caller(), id, WebhookRequests.parse(body)));
        return new MessageBodies.WithData(data, MessageBodies.UPDATED);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Permissions.WEBHOOKS_DELETE)
    public MessageBodies.Message delete(@PathParam("id") String id) {
        webhooks.delete(caller(), id);
        return new MessageBodies.Message(MessageBodies.DELETED);
    }

    @POST
    @Path("/{id}/test")
    @RolesAllowed(Permissions.WEBHOOKS_MANAGE)
    public MessageBodies.Tested test(@PathParam("id") String id) {
        return new MessageBodies.Tested(MessageBodies.TESTED, deliveries.test(caller(), id));
    }

    @POST
    @Path("/{id}/regenerate-secret")
    @RolesAllowed(Permissions.WEBHOOKS_ROTATE_SECRET)
    public MessageBodies.WithData regenerateSecret(@PathParam("id") String id) {
        WebhookData data = WebhookData.of(webhooks.regenerateSecret(caller(), id));
        return new MessageBodies.WithData(data, MessageBodies.REGENERATED);
    }

    @GET
    @Path("/{id}/deliveries")
    @RolesAllowed(Permissions.WEBHOOKS_READ)
    public PageBody<DeliveryListData> deliveries(@PathParam("id") String id,
            @QueryParam("filter[status]") String status, @QueryParam("filter[event_type]") String eventType,
            @QueryParam("filter[from_date]") String fromDate, @QueryParam("filter[to_date]") String toDate,
            @QueryParam("page[size]") String size, @QueryParam("page[cursor]") String cursor) {
        DeliveryLogService.Filter filter = new DeliveryLogService.Filter(status, eventType, fromDate, toDate);
        return PageBody.of(deliveries.list(caller(), id, filter, integer("page[size]", size), cursor),
                "/v1/webhooks/" + id + "/deliveries", DeliveryListData::of);
    }

    @GET
    @Path("/{id}/deliveries/{deliveryId}")
    @RolesAllowed(Permissions.WEBHOOKS_READ)
    public DeliveryData delivery(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return DeliveryData.of(deliveries.get(caller(), id, deliveryId));
    }

    private static Boolean bool(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new ValidationException(field, "The " + field + " field must be true or false.");
        };
    }

    private static Integer integer(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException(field, "The " + field + " field must be an integer.");
        }
    }

    private InternalCaller caller() {
        return InternalCaller.of(jwt::getClaim);
    }
}
