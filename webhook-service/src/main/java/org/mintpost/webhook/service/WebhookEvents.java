package org.mintpost.webhook.service;

import java.util.List;
import java.util.Map;

import org.mintpost.contracts.event.DeliveryEvent;

/** The SDK's {@code WebhookEvent} names, and which delivery-event status each one comes from. */
public final class WebhookEvents {

    public static final String TEST = "webhook.test";
    public static final String SUPPRESSION_ADDED = "suppression.added";
    public static final String SUPPRESSION_REMOVED = "suppression.removed";
    /** Our extension (not in the SDK's {@code WebhookEvent}): a token of the project was revoked as leaked. */
    public static final String TOKEN_LEAKED = "token.leaked";

    /**
     * Every name a webhook may subscribe to: the SDK's {@code WebhookEvent} names, the scheduling events of
     * Lettermint's OpenAPI document ({@code message.scheduled}, {@code message.rescheduled}, {@code message.canceled},
     * {@code message.released}) and {@link #TOKEN_LEAKED}. {@code message.opened}, {@code message.clicked} and
     * {@code message.unsubscribed} come from the tracking events ({@link #of}); {@code message.auto_replied},
     * {@code message.inbound}, {@code message.policy_rejected} and {@code message.released} are accepted but
     * nothing produces them here.
     */
    public static final List<String> ALL = List.of("message.created", "message.sent", "message.delivered",
            "message.auto_replied", "message.hard_bounced", "message.soft_bounced", "message.spam_complaint",
            "message.failed", "message.suppressed", "message.unsubscribed", "message.opened", "message.clicked",
            "message.inbound", "message.policy_rejected", "message.scheduled", "message.rescheduled",
            "message.canceled", "message.released", SUPPRESSION_ADDED, SUPPRESSION_REMOVED, TEST, TOKEN_LEAKED);

    private static final Map<String, String> BY_STATUS = Map.ofEntries(
            Map.entry(DeliveryEvent.QUEUED, "message.created"),
            Map.entry(DeliveryEvent.PROCESSED, "message.sent"),
            Map.entry(DeliveryEvent.DELIVERED, "message.delivered"),
            Map.entry(DeliveryEvent.SOFT_BOUNCED, "message.soft_bounced"),
            Map.entry(DeliveryEvent.HARD_BOUNCED, "message.hard_bounced"),
            Map.entry(DeliveryEvent.FAILED, "message.failed"),
            Map.entry(DeliveryEvent.SUPPRESSED, "message.suppressed"),
            Map.entry(DeliveryEvent.SPAM_COMPLAINT, "message.spam_complaint"),
            // scheduling control: parked until its time, moved, canceled
            Map.entry(DeliveryEvent.SCHEDULED, "message.scheduled"),
            Map.entry(DeliveryEvent.RESCHEDULED, "message.rescheduled"),
            Map.entry(DeliveryEvent.CANCELED, "message.canceled"),
            // the tracking events (opens, clicks, unsubscribes); machine-made ones carry DATA_MACHINE
            Map.entry(DeliveryEvent.UNSUBSCRIBED, "message.unsubscribed"),
            Map.entry(DeliveryEvent.OPENED, "message.opened"),
            Map.entry(DeliveryEvent.CLICKED, "message.clicked"));

    private WebhookEvents() {
    }

    /** The webhook event a delivery event is, or null when webhooks are not told about it. */
    public static String of(String deliveryStatus) {
        return deliveryStatus == null ? null : BY_STATUS.get(deliveryStatus);
    }
}
