-- Customers and their SIP accounts. Portable SQL: runs on Payara's built-in H2 and on PostgreSQL.
-- Sequences increment by the JPA allocationSize (10) and start at it: EclipseLink takes each value
-- as the last of a block of ten.

CREATE SEQUENCE customer_seq START WITH 10 INCREMENT BY 10;
CREATE SEQUENCE sip_account_seq START WITH 10 INCREMENT BY 10;

CREATE TABLE customer (
  id          BIGINT       NOT NULL PRIMARY KEY,
  name        VARCHAR(200) NOT NULL,
  status      VARCHAR(16)  NOT NULL,
  created_at  TIMESTAMP    NOT NULL,
  CONSTRAINT uk_customer_name UNIQUE (name)
);

CREATE TABLE sip_account (
  id            BIGINT       NOT NULL PRIMARY KEY,
  customer_id   BIGINT       NOT NULL,
  username      VARCHAR(64)  NOT NULL,
  domain        VARCHAR(253) NOT NULL,
  -- HA1 = MD5(username:realm:password) depends on the realm, so it never changes.
  realm         VARCHAR(253) NOT NULL,
  extension     VARCHAR(8),
  display_name  VARCHAR(100),
  ha1           VARCHAR(32)  NOT NULL,
  enabled       BOOLEAN      NOT NULL,
  created_at    TIMESTAMP    NOT NULL,
  CONSTRAINT fk_sip_account_customer FOREIGN KEY (customer_id) REFERENCES customer (id),
  CONSTRAINT uk_sip_account_user_domain UNIQUE (username, domain),
  CONSTRAINT uk_sip_account_customer_extension UNIQUE (customer_id, extension)
);
