package org.mintpost.audit.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.mintpost.audit.service.MessageService;
import org.mintpost.contracts.token.Permissions;

import io.smallrye.mutiny.Uni;

/** Message status and delivery timeline, for the owning team only. */
@Path("/v1/messages/{id}")
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
    public Uni<MessageResponse> message(@RestPath String id) {
        return service.message(callers.caller(), id).map(MessageResponse::of);
    }

    @GET
    @Path("/events")
    public Uni<MessageEventsResponse> events(@RestPath String id) {
        return service.events(callers.caller(), id).map(MessageEventsResponse::of);
    }
}
