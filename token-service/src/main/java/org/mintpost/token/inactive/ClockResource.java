package org.mintpost.token.inactive;

import java.time.Duration;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.mintpost.contracts.token.InternalClaims;
import org.mintpost.token.rest.JsonInput;
import org.mintpost.token.service.Clock;
import org.mintpost.token.service.ClockControl;
import org.mintpost.token.service.NotFound;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The clock a test controls (service JWT, and only with {@code mintpost.clock.adjustable=true}; otherwise
 * this path does not exist): moves token-service's notion of now, e.g. to see the auto-revoke job act.
 */
@Path("/internal/clock")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
public class ClockResource {

    private final boolean adjustable;

    public ClockResource(InactiveConfig.TestClock config) {
        this.adjustable = config.adjustable();
    }

    /** Now as token-service sees it, and how far that is from the machine's clock. */
    public record Now(String now, long offsetSeconds) {
    }

    @GET
    @RolesAllowed(InternalClaims.SERVICE_GROUP)
    @Operation(summary = "Token-service's current time (tests only)")
    public Now get() {
        requireAdjustable();
        return now();
    }

    @PUT
    @RolesAllowed(InternalClaims.SERVICE_GROUP)
    @Operation(summary = "Set the clock offset in seconds (tests only)")
    public Now set(JsonNode body) {
        requireAdjustable();
        JsonInput in = JsonInput.of(body);
        Long seconds = in.integer("offset_seconds");
        in.check();
        ClockControl.set(Duration.ofSeconds(seconds == null ? 0 : seconds));
        return now();
    }

    private void requireAdjustable() {
        if (!adjustable) {
            throw new NotFound("Clock");
        }
    }

    private static Now now() {
        return new Now(Clock.now().toString(), Clock.offset().toSeconds());
    }
}
