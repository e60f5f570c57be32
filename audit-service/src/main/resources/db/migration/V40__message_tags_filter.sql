-- messages.list filter[tags][N][name|value] (issue 23): a message matches when its tags (the summary's tags, V26)
-- contain every pair asked for. A GIN index on the tags array answers the containment test.
CREATE INDEX IF NOT EXISTS message_tags ON audit.message USING gin ((summary -> 'tags') jsonb_path_ops);
