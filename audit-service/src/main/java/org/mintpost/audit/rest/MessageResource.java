package org.mintpost.audit.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.mintpost.audit.service.MessageListParams;
import org.mintpost.audit.service.MessageService;
import org.mintpost.contracts.token.Permissions;

import io.smallrye.mutiny.Uni;

/** The team's messages, one message and its delivery timeline, for the owning team only. */
@Path("/v1/messages")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Permissions.MESSAGES_READ)
public class MessageResource {

    private final MessageService service;
    private final CallerResolver callers;

    public MessageResource(MessageService service, CallerResolver callers) {
        this.service = service;
        this.callers = callers;
    }

    @GET
    @SuppressWarnings("java:S107")
    public Uni<MessageListResponse> list(@RestQuery("filter[status]") String status,
            @RestQuery("filter[route_id]") String routeId, @RestQuery("filter[project]") String project,
            @RestQuery("filter[tag]") String tag, @RestQuery("filter[from_email]") String fromEmail,
            @RestQuery("filter[subject]") String subject, @RestQuery("filter[search]") String search,
            @RestQuery("filter[from_date]") String fromDate, @RestQuery("filter[to_date]") String toDate,
            @RestQuery("filter[type]") String type, @RestQuery("page[size]") String pageSize,
            @RestQuery("page[cursor]") String cursor, @RestQuery("sort") String sort, @Context UriInfo uri) {
        MessageListParams params = new MessageListParams(status, routeId, project, tag, fromEmail, subject, search,
                fromDate, toDate, type, pageSize, cursor, sort);
        return service.list(callers.caller(), params).map(page -> new MessageListResponse(
                page.items().stream().map(MessageListItem::of).toList(), List.of(),
                PageMeta.of("/v1/messages", uri.getQueryParameters(), page.perPage(), page.nextCursor())));
    }

    @GET
    @Path("/{id}")
    public Uni<MessageDataResponse> message(@RestPath String id) {
        return service.message(callers.caller(), id).map(MessageDataResponse::of);
    }

    @GET
    @Path("/{id}/events")
    public Uni<MessageEventsResponse> events(@RestPath String id, @RestQuery("page[size]") String pageSize,
            @RestQuery("page[cursor]") String cursor, @Context UriInfo uri) {
        return service.events(callers.caller(), id, pageSize, cursor).map(page -> new MessageEventsResponse(
                page.items().stream().map(MessageEventsResponse::item).toList(), List.of(),
                PageMeta.of(uri.getPath(), uri.getQueryParameters(), page.perPage(), page.nextCursor())));
    }
}
