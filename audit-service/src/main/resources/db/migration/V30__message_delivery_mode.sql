-- A message's delivery_mode (live, or sandbox: no SMTP transaction) and, for a sandbox message, the sandbox_result
-- it asked for (issue 23, MessageData), from the data the worker's events carry.
ALTER TABLE message ADD COLUMN delivery_mode text;
ALTER TABLE message ADD COLUMN sandbox_result text;
