package org.mintpost.token.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.mintpost.contracts.attachments.BlockedFileTypes;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.security.Authenticated;

/**
 * The SDK's {@code blockedFileTypes()}: the extensions and MIME types the Sending API and the SMTP relay refuse as
 * attachments (they also refuse such content under another name). Any team caller may read it.
 */
@Path("/v1/blocked-file-types")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sending")
public class BlockedFileTypesResource {

    /** {@code BlockedFileTypesResponse}. */
    public record BlockedFileTypesResponse(List<String> extensions, @JsonProperty("mime_types") List<String> mimeTypes) {
    }

    @GET
    @Authenticated
    @Operation(summary = "The attachment file types that cannot be sent")
    public BlockedFileTypesResponse list() {
        return new BlockedFileTypesResponse(BlockedFileTypes.EXTENSIONS, BlockedFileTypes.MIME_TYPES);
    }
}
