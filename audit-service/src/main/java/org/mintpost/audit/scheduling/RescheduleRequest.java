package org.mintpost.audit.scheduling;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The SDK's {@code RescheduleMessageRequest}, for the OpenAPI document (the body is read by {@link RescheduleBody}). */
public record RescheduleRequest(
        @Schema(required = true, description = "ISO 8601 date-time with an offset, in the future",
                examples = "2026-12-24T09:00:00Z") String scheduledAt) {
}
