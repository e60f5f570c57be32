package org.mintpost.webhook.rest;

/** The answers whose {@code message} the SDK's types fix to one text. */
final class MessageBodies {

    static final String CREATED = "Webhook created successfully. Please save the secret as it will not be shown again.";
    static final String UPDATED = "Webhook updated successfully.";
    static final String DELETED = "Webhook deleted successfully.";
    static final String TESTED = "Test webhook dispatched successfully. Check the deliveries endpoint for results.";
    static final String REGENERATED = "Webhook secret regenerated successfully. Please update your integration.";

    private MessageBodies() {
    }

    record WithData(WebhookData data, String message) {
    }

    record Message(String message) {
    }

    record Tested(String message, String deliveryId) {
    }
}
