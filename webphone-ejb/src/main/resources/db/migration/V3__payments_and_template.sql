-- Payments (the balance is their sum per currency; rating calls is out of scope), the template
-- customer whose payments every self-signed-up customer receives, and the customer's contact email.

ALTER TABLE customer ADD COLUMN template BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE customer ADD COLUMN email VARCHAR(254);
ALTER TABLE customer ADD COLUMN email_verified BOOLEAN DEFAULT FALSE NOT NULL;

CREATE SEQUENCE payment_seq START WITH 10 INCREMENT BY 10;

CREATE TABLE payment (
  id           BIGINT         NOT NULL PRIMARY KEY,
  customer_id  BIGINT         NOT NULL,
  amount       NUMERIC(12, 2) NOT NULL,
  currency     VARCHAR(3)     NOT NULL,
  paid_on      DATE           NOT NULL,
  note         VARCHAR(500),
  created_at   TIMESTAMP      NOT NULL,
  CONSTRAINT fk_payment_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
);
CREATE INDEX ix_payment_customer ON payment (customer_id);
