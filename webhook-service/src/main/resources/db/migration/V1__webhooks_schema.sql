-- webhook-service owns this schema: webhooks, the durable delivery queue and every attempt.

CREATE TABLE webhooks.webhook (
    id                     uuid PRIMARY KEY,
    team_id                text        NOT NULL,
    project_id             text        NOT NULL,
    route_id               text        NOT NULL,
    name                   text        NOT NULL,
    url                    text        NOT NULL,
    events                 text[]      NOT NULL,
    enabled                boolean     NOT NULL,
    include_machine_events boolean     NOT NULL,
    -- the signing secret sealed with AES-GCM (mintpost.webhooks.secret-key): nonce || ciphertext, base64
    secret_sealed          text        NOT NULL,
    last_called_at         timestamptz,
    failing_since          timestamptz,
    disabled_reason        text,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL
);
CREATE INDEX webhook_team_created ON webhooks.webhook (team_id, created_at DESC, id DESC);
CREATE INDEX webhook_route ON webhooks.webhook (route_id) WHERE enabled;

-- One event for one webhook, until it is delivered, refused (client_error) or given up.
-- seq orders the events of one message: a job waits while an earlier one of its message is open.
CREATE TABLE webhooks.job (
    id              uuid PRIMARY KEY,
    seq             bigserial   NOT NULL,
    webhook_id      uuid        NOT NULL REFERENCES webhooks.webhook (id) ON DELETE CASCADE,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    message_id      text,
    payload         text        NOT NULL,
    open            boolean     NOT NULL DEFAULT true,
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    leased_until    timestamptz,
    created_at      timestamptz NOT NULL,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX job_due ON webhooks.job (next_attempt_at) WHERE open;
CREATE INDEX job_message ON webhooks.job (webhook_id, message_id, seq) WHERE open;

-- Every attempt, as the SDK's WebhookDeliveryData shows it.
CREATE TABLE webhooks.delivery (
    id               uuid PRIMARY KEY,
    webhook_id       uuid        NOT NULL REFERENCES webhooks.webhook (id) ON DELETE CASCADE,
    job_id           uuid,
    event_type       text        NOT NULL,
    status           text        NOT NULL,
    attempt_number   int         NOT NULL,
    http_status_code int,
    duration_ms      int,
    payload          text        NOT NULL,
    response_body    text,
    response_headers jsonb,
    error_message    text,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL
);
CREATE INDEX delivery_webhook_created ON webhooks.delivery (webhook_id, created_at DESC, id DESC);
