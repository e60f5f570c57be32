package org.mintpost.audit.scheduling;

import java.time.Instant;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The SDK's {@code RescheduleMessageResponse}, also the answer to a cancel. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScheduleResponse(String messageId, String status, Instant scheduledAt) {

    public static ScheduleResponse of(ScheduleService.Outcome o) {
        return new ScheduleResponse(o.messageId(), o.status(), o.scheduledAt());
    }
}
