-- audit-service: append-only records of token uses, token lifecycle changes and delivery events.
-- Rows are only ever inserted (one multi-row INSERT ... ON CONFLICT (event_id) DO NOTHING per
-- consumed batch) and deleted by time-based retention; never updated. token_owner is the one
-- mutable table: the token -> project -> team mapping that authorizes log queries.

CREATE TABLE token_log (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      text        NOT NULL,
    at            timestamptz NOT NULL,
    token_id      text        NOT NULL,
    token_kind    text,
    token_display text,
    team_id       text,
    project_id    text,
    channel       text        NOT NULL,
    endpoint      text,
    outcome       text        NOT NULL,
    reason        text,
    ip            text,
    user_agent    text,
    message_ids   jsonb       NOT NULL DEFAULT '[]'::jsonb,
    actor         text,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT token_log_event_id_key UNIQUE (event_id)
);

-- First page and keyset pages of one token's feed, newest first: an index range scan of
-- limit + 1 entries, whatever the table size.
CREATE INDEX token_log_token_at_idx ON token_log (token_id, at DESC, id DESC);
-- The same with the outcome / channel filters, so a rare outcome (refused, revoked) or the few
-- lifecycle rows of a busy token do not need a scan of all of its uses.
CREATE INDEX token_log_token_outcome_at_idx ON token_log (token_id, outcome, at DESC, id DESC);
CREATE INDEX token_log_token_channel_at_idx ON token_log (token_id, channel, at DESC, id DESC);
-- Retention: oldest rows first, in bounded chunks.
CREATE INDEX token_log_at_idx ON token_log (at);

CREATE TABLE delivery_event (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id      text        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    message_id    text        NOT NULL,
    team_id       text,
    project_id    text,
    recipient     text,
    status        text        NOT NULL,
    smtp_code     integer,
    smtp_response text,
    attempt       integer     NOT NULL,
    from_address  text,
    to_addresses  jsonb       NOT NULL DEFAULT '[]'::jsonb,
    subject       text,
    tag           text,
    received_at   timestamptz,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT delivery_event_event_id_key UNIQUE (event_id)
);

-- A message's timeline (oldest first) and its current status (the last of that order).
CREATE INDEX delivery_event_message_idx ON delivery_event (message_id, occurred_at, attempt, id);
CREATE INDEX delivery_event_occurred_at_idx ON delivery_event (occurred_at);

CREATE TABLE token_owner (
    token_id    text        PRIMARY KEY,
    kind        text,
    team_id     text        NOT NULL,
    project_id  text,
    revision    bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
