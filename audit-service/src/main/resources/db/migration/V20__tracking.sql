-- Opens and clicks (issue 31): the class of each open (human, privacy: Apple Mail Privacy Protection, machine:
-- scanners and prefetchers) and of machine clicks counted per day beside opened / clicked, and the effective opens:
-- each recipient of a message counted once, on the day of their first open that was not a machine's.
ALTER TABLE message_stats_daily
    ADD COLUMN human_opened     bigint NOT NULL DEFAULT 0,
    ADD COLUMN privacy_opened   bigint NOT NULL DEFAULT 0,
    ADD COLUMN machine_opened   bigint NOT NULL DEFAULT 0,
    ADD COLUMN machine_clicked  bigint NOT NULL DEFAULT 0,
    ADD COLUMN effective_opened bigint NOT NULL DEFAULT 0;

-- One row per message and recipient who opened it (not a machine): what makes an open effective only once.
CREATE TABLE message_open (
    message_id text        NOT NULL,
    recipient  text        NOT NULL,
    event_id   text        NOT NULL,
    first_at   timestamptz NOT NULL,
    PRIMARY KEY (message_id, recipient)
);
CREATE INDEX message_open_first_at_idx ON message_open (first_at);
