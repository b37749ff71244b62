-- The customer's phonebook (issue 5): contacts and their numbers. Portable SQL (H2 and PostgreSQL);
-- sequences as in V1 (start at and step by the JPA allocationSize, 10).

-- The region national numbers are read with (ISO 3166-1 alpha-2); none: only international ones.
ALTER TABLE customer ADD COLUMN default_region VARCHAR(2);

CREATE SEQUENCE contact_seq START WITH 10 INCREMENT BY 10;
CREATE SEQUENCE contact_number_seq START WITH 10 INCREMENT BY 10;

CREATE TABLE contact (
  id           BIGINT        NOT NULL PRIMARY KEY,
  customer_id  BIGINT        NOT NULL,
  name         VARCHAR(200)  NOT NULL,
  company      VARCHAR(200),
  email        VARCHAR(254),
  notes        VARCHAR(2000),
  created_at   TIMESTAMP     NOT NULL,
  version      BIGINT        NOT NULL,
  CONSTRAINT fk_contact_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
);
CREATE INDEX ix_contact_customer_name ON contact (customer_id, name);

CREATE TABLE contact_number (
  id           BIGINT        NOT NULL PRIMARY KEY,
  contact_id   BIGINT        NOT NULL,
  label        VARCHAR(100)  NOT NULL,
  -- E.164 (+493012345678) or an internal extension of the customer (1001).
  number       VARCHAR(32)   NOT NULL,
  -- Digits to dial after the number is answered (a PBX extension behind it), if any.
  extension    VARCHAR(10),
  position     INTEGER       NOT NULL,
  CONSTRAINT fk_contact_number_contact FOREIGN KEY (contact_id) REFERENCES contact (id) ON DELETE CASCADE
);
CREATE INDEX ix_contact_number_contact ON contact_number (contact_id);
