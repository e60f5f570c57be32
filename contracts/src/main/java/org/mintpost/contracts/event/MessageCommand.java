package org.mintpost.contracts.event;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A change to a scheduled message that its team asked for (topic {@code message-commands}, key message id):
 * published by audit-service once it accepted the request, applied by the dispatch worker that reads it.
 *
 * @param command     {@link #CANCEL} or {@link #RESCHEDULE}
 * @param scheduledAt the new delivery time of a reschedule; for a cancel, the time the message was due (how long
 *                    the worker must remember the cancel)
 * @param events      the delivery events ({@code canceled}; or {@code rescheduled} and {@code scheduled}) the worker
 *                    publishes, ids unchanged, on {@code delivery-events} once the command is in force, so timelines
 *                    and webhooks see them
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MessageCommand(
        String eventId,
        Instant occurredAt,
        int schemaVersion,
        String messageId,
        String teamId,
        String projectId,
        String command,
        Instant scheduledAt,
        List<DeliveryEvent> events) {

    public static final int SCHEMA_VERSION = 1;

    public static final String CANCEL = "cancel";
    public static final String RESCHEDULE = "reschedule";
}
