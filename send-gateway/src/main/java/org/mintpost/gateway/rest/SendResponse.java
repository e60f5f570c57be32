package org.mintpost.gateway.rest;

import java.time.Instant;

import org.mintpost.contracts.event.SendJob;
import org.mintpost.gateway.service.SendService;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One accepted message, as the official SDK reads it: {@code delivery_mode} and {@code sandbox_result} included. */
public record SendResponse(
        @JsonProperty("message_id") String messageId,
        @JsonProperty("status") String status,
        @JsonProperty("delivery_mode") String deliveryMode,
        @JsonProperty("sandbox_result") Object sandboxResult,
        @JsonProperty("scheduled_at") @JsonInclude(JsonInclude.Include.NON_NULL) Instant scheduledAt) {

    static SendResponse of(SendService.Accepted accepted) {
        String mode = accepted.deliveryMode() == null ? SendJob.LIVE : accepted.deliveryMode();
        return new SendResponse(accepted.messageId(), accepted.status(), mode, accepted.sandboxResult(),
                accepted.scheduledAt());
    }
}
