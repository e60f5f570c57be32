-- The MIME each message went out with (DKIM signature included), gzip-compressed by the worker and
-- stored as it came; kept for mintpost.audit.content-retention (default 7 days) by delivered_at.
CREATE TABLE message_content (
    message_id   text        PRIMARY KEY,
    team_id      text        NOT NULL,
    project_id   text,
    delivered_at timestamptz NOT NULL,
    mime_gzip    bytea,
    -- why mime_gzip is null (e.g. too_large), else null
    omitted      text,
    stored_at    timestamptz NOT NULL DEFAULT now()
);

-- Already compressed: no second compression by TOAST.
ALTER TABLE message_content ALTER COLUMN mime_gzip SET STORAGE EXTERNAL;
CREATE INDEX message_content_delivered_idx ON message_content (delivered_at);
