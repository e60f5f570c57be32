package org.mintpost.webhook.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.webhook.config.WebhookConfig;
import org.mintpost.webhook.delivery.AttemptRecorder;
import org.mintpost.webhook.delivery.Outcome;
import org.mintpost.webhook.delivery.Sender;
import org.mintpost.webhook.repository.AttemptRecord;
import org.mintpost.webhook.repository.DeliveryRepository;
import org.mintpost.webhook.repository.WebhookRow;

/** A webhook's delivery log, and the {@code test} attempt that writes into it at once. */
@ApplicationScoped
public class DeliveryLogService {

    private static final List<String> STATUSES = List.of("pending", "success", "failed", "client_error",
            "server_error", "timeout");

    private final WebhookService webhooks;
    private final DeliveryRepository deliveries;
    private final SecretBox secrets;
    private final Sender sender;
    private final AttemptRecorder recorder;
    private final WebhookConfig config;

    public DeliveryLogService(WebhookService webhooks, DeliveryRepository deliveries, SecretBox secrets,
            Sender sender, AttemptRecorder recorder, WebhookConfig config) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.sender = sender;
        this.recorder = recorder;
        this.config = config;
    }

    public Page<AttemptRecord> list(Caller caller, String webhookId, String status, String eventType,
            Integer pageSize, String cursor) {
        WebhookRow webhook = webhooks.visible(caller, webhookId);
        int size = WebhookService.pageSize(pageSize, config);
        if (status != null && !STATUSES.contains(status)) {
            throw new ValidationException("filter[status]", "The selected status is invalid.");
        }
        Cursor after = Cursor.decode(cursor);
        List<AttemptRecord> rows = deliveries.page(webhook.id(), status, eventType,
                after == null ? null : after.createdAt(), after == null ? null : after.id(), size + 1);
        String next = rows.size() > size ? new Cursor(rows.get(size - 1).createdAt(), rows.get(size - 1).id()).encode()
                : null;
        return new Page<>(rows.subList(0, Math.min(size, rows.size())), size, next);
    }

    public AttemptRecord get(Caller caller, String webhookId, String deliveryId) {
        WebhookRow webhook = webhooks.visible(caller, webhookId);
        return deliveries.find(webhook.id(), deliveryId)
                .orElseThrow(() -> new NotFoundException("Delivery not found."));
    }

    /** Sends a signed {@code webhook.test} now; returns the id of its delivery record. */
    public String test(Caller caller, String webhookId) {
        WebhookRow webhook = webhooks.visible(caller, webhookId);
        String payload = EventPayloads.test(UUID.randomUUID().toString(), webhook.id(), webhook.routeId());
        Outcome outcome = sender.post(webhook.url(), secrets.open(webhook.id(), webhook.secretSealed()),
                WebhookEvents.TEST, payload);
        return recorder.recordTest(webhook.id(), WebhookEvents.TEST, payload, outcome);
    }
}
