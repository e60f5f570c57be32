package org.mintpost.webhook.service;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.mintpost.contracts.token.InternalCaller;
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

    /** The raw filters of a delivery list, as the client sent them (any may be null). */
    public record Filter(String status, String eventType, String fromDate, String toDate) {
    }

    public Page<AttemptRecord> list(InternalCaller caller, String webhookId, Filter filter, Integer pageSize,
            String cursor) {
        WebhookRow webhook = webhooks.visible(caller, webhookId);
        int size = WebhookService.pageSize(pageSize, config);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        if (filter.status() != null && !STATUSES.contains(filter.status())) {
            errors.put("filter[status]", List.of("The selected status is invalid."));
        }
        Instant from = day(errors, "filter[from_date]", filter.fromDate(), false);
        Instant until = day(errors, "filter[to_date]", filter.toDate(), true);
        if (from != null && until != null && !until.isAfter(from)) {
            errors.put("filter[to_date]", List.of("The filter[to_date] must be a date after or equal to "
                    + "filter[from_date]."));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Cursor after = Cursor.decode(cursor);
        List<AttemptRecord> rows = deliveries.page(webhook.id(), filter.status(), filter.eventType(),
                new DeliveryRepository.Window(from, until), after == null ? null : after.createdAt(),
                after == null ? null : after.id(), size + 1);
        String next = rows.size() > size ? new Cursor(rows.get(size - 1).createdAt(), rows.get(size - 1).id()).encode()
                : null;
        return new Page<>(rows.subList(0, Math.min(size, rows.size())), size, next);
    }

    /**
     * A {@code Y-m-d} date (UTC; a {@code to_date} counts its whole day) or an ISO-8601 date-time with an offset,
     * as Lettermint's {@code filter[from_date]} and {@code filter[to_date]}; null when absent.
     */
    private static Instant day(Map<String, List<String>> errors, String field, String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.length() == 10) {
                LocalDate date = LocalDate.parse(v);
                return (end ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            errors.put(field, List.of("The " + field + " must be a date (Y-m-d) or an ISO-8601 date-time."));
            return null;
        }
    }

    public AttemptRecord get(InternalCaller caller, String webhookId, String deliveryId) {
        WebhookRow webhook = webhooks.visible(caller, webhookId);
        return deliveries.find(webhook.id(), deliveryId)
                .orElseThrow(() -> new NotFoundException("Delivery not found."));
    }

    /** Sends a signed {@code webhook.test} now; returns the id of its delivery record. */
    public String test(InternalCaller caller, String webhookId) {
        WebhookRow webhook = webhooks.visible(caller, webhookId);
        String payload = EventPayloads.test(UUID.randomUUID().toString(), webhook.id(), webhook.routeId());
        Outcome outcome = sender.post(webhook.url(), secrets.open(webhook.id(), webhook.secretSealed()),
                WebhookEvents.TEST, payload);
        return recorder.recordTest(webhook.id(), WebhookEvents.TEST, payload, outcome);
    }
}
