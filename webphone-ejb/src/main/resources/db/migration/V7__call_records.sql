-- Call detail records: one row per call, written when it ends. Caller and callee are usernames of
-- our domain (the callee as dialled when nobody has it). No foreign keys to accounts: a record
-- outlives the account it names.
CREATE SEQUENCE call_record_seq START WITH 10 INCREMENT BY 10;

CREATE TABLE call_record (
  id            BIGINT        NOT NULL PRIMARY KEY,
  customer_id   BIGINT        NOT NULL,
  call_id       VARCHAR(255)  NOT NULL,
  caller        VARCHAR(64)   NOT NULL,
  callee        VARCHAR(64)   NOT NULL,
  started_at    TIMESTAMP     NOT NULL,
  answered_at   TIMESTAMP,
  ended_at      TIMESTAMP     NOT NULL,
  duration_s    INTEGER       NOT NULL,
  disposition   VARCHAR(16)   NOT NULL,
  hung_up_by    VARCHAR(8)
);
CREATE INDEX ix_call_record_caller ON call_record (customer_id, caller, started_at);
CREATE INDEX ix_call_record_callee ON call_record (customer_id, callee, started_at);
