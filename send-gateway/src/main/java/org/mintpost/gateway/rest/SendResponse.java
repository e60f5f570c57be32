package org.mintpost.gateway.rest;

import java.time.Instant;

import org.mintpost.gateway.service.SendService;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One accepted message, as the official SDK reads it. */
public record SendResponse(
        @JsonProperty("message_id") String messageId,
        @JsonProperty("status") String status,
        @JsonProperty("delivery_mode") String deliveryMode,
        @JsonProperty("sandbox_result") Object sandboxResult,
        @JsonProperty("scheduled_at") @JsonInclude(JsonInclude.Include.NON_NULL) Instant scheduledAt) {

    static SendResponse of(SendService.Accepted accepted) {
        return new SendResponse(accepted.messageId(), accepted.status(), "live", null, accepted.scheduledAt());
    }
}
