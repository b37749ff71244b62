-- Logins to the control panel (admins) and the customer portal (customers), and the audit trail of
-- every change made there. Portable SQL (H2 and PostgreSQL); sequences as in V1.

CREATE SEQUENCE login_seq START WITH 10 INCREMENT BY 10;

CREATE TABLE login (
  id             BIGINT        NOT NULL PRIMARY KEY,
  -- An admin's name, or a customer's email address.
  username       VARCHAR(254)  NOT NULL,
  -- PBKDF2 (Jakarta Security's Pbkdf2PasswordHash format: algorithm:iterations:salt:hash).
  password_hash  VARCHAR(512)  NOT NULL,
  role           VARCHAR(16)   NOT NULL,
  customer_id    BIGINT,
  enabled        BOOLEAN       NOT NULL,
  created_at     TIMESTAMP     NOT NULL,
  CONSTRAINT uk_login_username UNIQUE (username),
  CONSTRAINT fk_login_customer FOREIGN KEY (customer_id) REFERENCES customer (id),
  CONSTRAINT ck_login_customer CHECK (role = 'ADMIN' OR customer_id IS NOT NULL)
);

CREATE SEQUENCE audit_entry_seq START WITH 10 INCREMENT BY 10;

-- No foreign key to customer: the trail outlives what it describes.
CREATE TABLE audit_entry (
  id           BIGINT         NOT NULL PRIMARY KEY,
  at           TIMESTAMP      NOT NULL,
  actor        VARCHAR(254)   NOT NULL,
  action       VARCHAR(64)    NOT NULL,
  customer_id  BIGINT,
  target       VARCHAR(254),
  detail       VARCHAR(2000)
);
CREATE INDEX ix_audit_entry_at ON audit_entry (at);
CREATE INDEX ix_audit_entry_customer ON audit_entry (customer_id, at);
