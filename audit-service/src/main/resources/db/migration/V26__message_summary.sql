-- What a message's read side shows beyond the summary on every event (issue 23, MessageData): its Cc, Bcc and
-- Reply-To addresses, its tags and its attachment list (name, type, Content-ID, size; never content), as the
-- message-level events of a Sending API message carry them (contracts MessageSummary).
ALTER TABLE message ADD COLUMN summary jsonb;
