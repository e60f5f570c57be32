package org.mintpost.token.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.mintpost.contracts.token.Permissions;
import org.mintpost.token.service.Inactivity;
import org.mintpost.token.service.ProjectTokenService;
import org.mintpost.token.service.ValidationFailed;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * A project's token settings: {@code auto_revoke_inactive_days} (null: off, the default), after which the
 * auto-revoke job revokes an unused project token (reason {@code inactive}; the dashboard warns 7 days before).
 */
@Path("/v1/projects/{id}/token-settings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Project tokens")
public class TokenSettingsResource {

    static final String FIELD = "auto_revoke_inactive_days";

    private final ProjectTokenService tokens;
    private final CallerResolver callers;

    public TokenSettingsResource(ProjectTokenService tokens, CallerResolver callers) {
        this.tokens = tokens;
        this.callers = callers;
    }

    /** {@code {"data": {"auto_revoke_inactive_days": N | null}}}. */
    public record Settings(Data data) {
        static Settings of(Integer days) {
            return new Settings(new Data(days));
        }
    }

    /** The settings themselves; null days are written out (off). */
    public record Data(Integer autoRevokeInactiveDays) {
    }

    @GET
    @RolesAllowed(Permissions.PROJECT_TOKENS_READ)
    @Operation(summary = "The project's token settings")
    public Uni<Settings> get(@PathParam("id") String projectId) {
        return tokens.autoRevoke(callers.current(), Ids.parse(projectId, "Project")).map(Settings::of);
    }

    @PUT
    @RolesAllowed(Permissions.PROJECT_TOKENS_MANAGE)
    @Operation(summary = "Set auto_revoke_inactive_days (1 to 3650, or null for off)")
    public Uni<Settings> update(@PathParam("id") String projectId, JsonNode body) {
        Integer days = days(body);
        return tokens.setAutoRevoke(callers.current(), Ids.parse(projectId, "Project"), days).map(Settings::of);
    }

    private static Integer days(JsonNode body) {
        String message = "The " + FIELD + " must be null (off) or a whole number from 1 to " + Inactivity.MAX_DAYS
                + ".";
        if (body == null || !body.isObject() || !body.has(FIELD)) {
            throw ValidationFailed.of(FIELD, "The " + FIELD + " field is required (null turns it off).");
        }
        JsonNode value = body.get(FIELD);
        if (value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1
                || value.intValue() > Inactivity.MAX_DAYS) {
            throw ValidationFailed.of(FIELD, message);
        }
        return value.intValue();
    }
}
