package org.mintpost.webhook.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.mintpost.contracts.event.DeliveryEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON envelope every webhook POST carries (README "Payload"): {@code id} (stable across retries),
 * {@code event}, {@code timestamp}, and {@code data} with the message id, route, project, recipient, tag,
 * metadata and the SMTP response where there is one.
 */
public final class EventPayloads {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private EventPayloads() {
    }

    public static String of(String id, String eventType, String routeId, DeliveryEvent e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message_id", e.messageId());
        data.put("route_id", routeId);
        data.put("project_id", e.projectId());
        data.put("recipient", e.recipient());
        data.put("from", e.from());
        data.put("subject", e.subject());
        data.put("tag", e.tag());
        data.put("metadata", e.metadata() == null ? Map.of() : e.metadata());
        if (e.smtpCode() != null || e.smtpResponse() != null) {
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("code", e.smtpCode());
            response.put("message", e.smtpResponse());
            data.put("response", response);
        } else {
            data.put("response", null);
        }
        if (e.data() != null && !e.data().isEmpty()) {
            data.put("details", e.data());
        }
        return envelope(id, eventType, e.occurredAt() == null ? Instant.now() : e.occurredAt(), data);
    }

    public static String test(String id, String webhookId, String routeId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("webhook_id", webhookId);
        data.put("route_id", routeId);
        data.put("message", "This is a test event from mintpost.");
        return envelope(id, WebhookEvents.TEST, Instant.now(), data);
    }

    static String envelope(String id, String eventType, Instant at, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("event", eventType);
        body.put("timestamp", at);
        body.put("data", data);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("payload not serialisable", e);
        }
    }
}
