-- Each call record carries a key of its own, made when its call ends and written first to the
-- node's journal (CallJournal): a record replayed from the journal after a crash is stored once,
-- whether or not its batch reached the database before the crash. Older rows have none.
ALTER TABLE call_record ADD COLUMN record_key VARCHAR(36);
CREATE UNIQUE INDEX call_record_key ON call_record (record_key);
