package org.mintpost.audit.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.mintpost.audit.scheduling.RescheduleBody;
import org.mintpost.audit.scheduling.RescheduleRequest;
import org.mintpost.audit.scheduling.ScheduleResponse;
import org.mintpost.audit.scheduling.ScheduleService;
import org.mintpost.audit.service.ContentService;
import org.mintpost.audit.service.MessageListParams;
import org.mintpost.audit.service.MessageService;
import org.mintpost.audit.service.MessageTagsFilter;
import org.mintpost.contracts.token.InternalCaller;
import org.mintpost.contracts.token.Permissions;

import io.smallrye.mutiny.Uni;

/** The team's messages, one message and its delivery timeline, for the owning team only. */
@Path("/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Permissions.MESSAGES_READ)
public class MessageResource {

    private final MessageService service;
    private final ContentService contents;
    private final JsonWebToken jwt;
    private final ScheduleService schedules;

    public MessageResource(MessageService service, ContentService contents, JsonWebToken jwt,
            ScheduleService schedules) {
        this.service = service;
        this.schedules = schedules;
        this.contents = contents;
        this.jwt = jwt;
    }

    @GET
    @SuppressWarnings("java:S107")
    public Uni<MessageListResponse> list(@RestQuery("filter[status]") String status,
            @RestQuery("filter[route_id]") String routeId, @RestQuery("filter[project]") String project,
            @RestQuery("filter[tag]") String tag, @RestQuery("filter[from_email]") String fromEmail,
            @RestQuery("filter[subject]") String subject, @RestQuery("filter[search]") String search,
            @RestQuery("filter[from_date]") String fromDate, @RestQuery("filter[to_date]") String toDate,
            @RestQuery("filter[type]") String type, @RestQuery("page[size]") String pageSize,
            @RestQuery("page[cursor]") String cursor, @RestQuery("sort") String sort,
            @RestQuery("filter[delivery_mode]") String deliveryMode, @RestQuery("filter[overdue]") String overdue,
            @Context UriInfo uri) {
        MessageListParams params = new MessageListParams(status, routeId, project, tag, fromEmail, subject, search,
                fromDate, toDate, type, pageSize, cursor, sort, MessageTagsFilter.params(uri.getQueryParameters()),
                deliveryMode, overdue);
        return service.list(caller(), params).map(page -> new MessageListResponse(
                page.items().stream().map(MessageListItem::of).toList(), List.of(),
                PageMeta.of("/v1/messages", uri.getQueryParameters(), page.perPage(), page.nextCursor())));
    }

    @GET
    @Path("/{id}")
    public Uni<MessageDataResponse> message(@RestPath String id) {
        return service.message(caller(), id).map(MessageDataResponse::of);
    }

    /** {@code messages.reschedule}: a scheduled message gets a new delivery time. */
    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Permissions.MESSAGES_SEND)
    public Uni<ScheduleResponse> reschedule(@RestPath String id, @RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RescheduleRequest.class)))
            String body) {
        return Uni.createFrom().item(() -> RescheduleBody.scheduledAt(body))
                .chain(at -> schedules.reschedule(caller(), id, at)).map(ScheduleResponse::of);
    }

    /** {@code messages.cancel}: a scheduled message is never sent. */
    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Permissions.MESSAGES_SEND)
    public Uni<ScheduleResponse> cancel(@RestPath String id) {
        return schedules.cancel(caller(), id).map(ScheduleResponse::of);
    }

    @GET
    @Path("/{id}/events")
    public Uni<MessageEventsResponse> events(@RestPath String id, @RestQuery("page[size]") String pageSize,
            @RestQuery("page[cursor]") String cursor, @Context UriInfo uri) {
        return service.events(caller(), id, pageSize, cursor).map(page -> new MessageEventsResponse(
                page.items().stream().map(MessageEventsResponse::item).toList(), List.of(),
                PageMeta.of(uri.getPath(), uri.getQueryParameters(), page.perPage(), page.nextCursor())));
    }

    /**
     * The MIME as delivered (DKIM signature included), as an .eml download. Like html and text, answered in its own
     * type whatever {@code Accept} says: the official SDK asks for {@code application/json} on every call.
     */
    @GET
    @Path("/{id}/source")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed(Permissions.MESSAGES_READ_CONTENT)
    public Uni<Response> source(@RestPath String id) {
        return contents.source(caller(), id).map(mime -> Response.ok(mime, "message/rfc822")
                .header("Content-Disposition", "attachment; filename=\"" + id.replaceAll("[^A-Za-z0-9_.-]", "_")
                        + ".eml\"").build());
    }

    @GET
    @Path("/{id}/html")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed(Permissions.MESSAGES_READ_CONTENT)
    public Uni<Response> html(@RestPath String id) {
        return contents.html(caller(), id).map(html -> Response.ok(html, "text/html; charset=UTF-8")
                .header("Content-Security-Policy", "sandbox").build());
    }

    @GET
    @Path("/{id}/text")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed(Permissions.MESSAGES_READ_CONTENT)
    public Uni<Response> text(@RestPath String id) {
        return contents.text(caller(), id).map(text -> Response.ok(text, "text/plain; charset=UTF-8").build());
    }

    private InternalCaller caller() {
        return InternalCaller.of(jwt::getClaim);
    }
}
