-- The messages read model: one row per message (its latest status and summary) and daily counters
-- per team, project and route, both maintained by the same statement that appends a batch of
-- delivery events, from the events that statement actually inserted (a redelivered event changes
-- nothing). Lists and stats read these tables only; they never scan delivery_event.

ALTER TABLE delivery_event ADD COLUMN route_id text;
ALTER TABLE delivery_event ADD COLUMN metadata jsonb;
ALTER TABLE delivery_event ADD COLUMN data jsonb;

CREATE TABLE message (
    message_id        text        PRIMARY KEY,
    team_id           text        NOT NULL,
    project_id        text,
    route_id          text,
    status            text        NOT NULL,
    -- the latest event's position (occurred_at, attempt, arrival): a later batch with an older
    -- event does not move the status back
    status_changed_at timestamptz NOT NULL,
    status_attempt    integer     NOT NULL,
    status_event_id   bigint      NOT NULL,
    created_at        timestamptz NOT NULL,
    scheduled_at      timestamptz,
    from_address      text,
    to_addresses      jsonb       NOT NULL DEFAULT '[]'::jsonb,
    subject           text,
    tag               text,
    metadata          jsonb
);

-- Newest first per team, and per filter on an equality column: each an index range of
-- page size + 1 entries whatever the table size.
CREATE INDEX message_team_created_idx ON message (team_id, created_at DESC, message_id DESC);
CREATE INDEX message_team_status_created_idx ON message (team_id, status, created_at DESC, message_id DESC);
CREATE INDEX message_project_created_idx ON message (project_id, created_at DESC, message_id DESC);
CREATE INDEX message_route_created_idx ON message (route_id, created_at DESC, message_id DESC);
CREATE INDEX message_team_tag_created_idx ON message (team_id, tag, created_at DESC, message_id DESC)
    WHERE tag IS NOT NULL;
-- Retention.
CREATE INDEX message_created_idx ON message (created_at);

-- Daily counters by event day (UTC). project_id / route_id '' when the event carried none.
CREATE TABLE message_stats_daily (
    team_id         text    NOT NULL,
    project_id      text    NOT NULL,
    route_id        text    NOT NULL,
    day             date    NOT NULL,
    sent            bigint  NOT NULL DEFAULT 0,
    delivered       bigint  NOT NULL DEFAULT 0,
    hard_bounced    bigint  NOT NULL DEFAULT 0,
    soft_bounced    bigint  NOT NULL DEFAULT 0,
    spam_complaints bigint  NOT NULL DEFAULT 0,
    opened          bigint  NOT NULL DEFAULT 0,
    clicked         bigint  NOT NULL DEFAULT 0,
    suppressed      bigint  NOT NULL DEFAULT 0,
    failed          bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, day, project_id, route_id)
);
