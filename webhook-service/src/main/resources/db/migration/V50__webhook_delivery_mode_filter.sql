-- Which messages a webhook hears of by their project's delivery mode (Lettermint's WebhookDeliveryModeFilter):
-- live messages only (the default), sandbox messages only, or both.
ALTER TABLE webhooks.webhook
    ADD COLUMN delivery_mode_filter text NOT NULL DEFAULT 'live'
        CHECK (delivery_mode_filter IN ('live', 'sandbox', 'both'));
