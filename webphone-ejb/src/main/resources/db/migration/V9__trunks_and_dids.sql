-- Trunks: SIP gateways that carry calls to and from the phone network, either a customer's own or
-- global (customer_id null, usable by every customer). DIDs: phone numbers that reach a customer
-- through a trunk, each ringing the accounts assigned to it. A call record names the trunk it used.

CREATE SEQUENCE trunk_seq START WITH 10 INCREMENT BY 10;
CREATE SEQUENCE did_seq START WITH 10 INCREMENT BY 10;

CREATE TABLE trunk (
  id                 BIGINT        NOT NULL PRIMARY KEY,
  name               VARCHAR(64)   NOT NULL,
  customer_id        BIGINT,
  host               VARCHAR(253)  NOT NULL,
  port               INTEGER       NOT NULL,
  transport          VARCHAR(8)    NOT NULL,
  -- Digest credentials for a gateway that challenges us. The password is needed in clear to
  -- answer a challenge for a realm known only when it comes; it is never shown or logged.
  username           VARCHAR(64),
  password           VARCHAR(128),
  -- E.164 prefixes separated by spaces (e.g. '+49 +43'); empty: every number.
  prefixes           VARCHAR(500)  NOT NULL,
  number_format      VARCHAR(16)   NOT NULL,
  region             VARCHAR(2),
  tech_prefix        VARCHAR(16),
  priority           INTEGER       NOT NULL,
  -- Addresses (IP or IP:port, separated by spaces) whose INVITEs are calls from this trunk.
  inbound_addresses  VARCHAR(500)  NOT NULL,
  enabled            BOOLEAN       NOT NULL,
  CONSTRAINT uk_trunk_name UNIQUE (name),
  CONSTRAINT fk_trunk_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
);

CREATE TABLE did (
  id           BIGINT       NOT NULL PRIMARY KEY,
  number       VARCHAR(16)  NOT NULL,
  customer_id  BIGINT       NOT NULL,
  CONSTRAINT uk_did_number UNIQUE (number),
  CONSTRAINT fk_did_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
);

CREATE TABLE did_account (
  did_id      BIGINT NOT NULL,
  account_id  BIGINT NOT NULL,
  PRIMARY KEY (did_id, account_id),
  CONSTRAINT fk_did_account_did FOREIGN KEY (did_id) REFERENCES did (id),
  CONSTRAINT fk_did_account_account FOREIGN KEY (account_id) REFERENCES sip_account (id)
);
CREATE INDEX ix_did_account_account ON did_account (account_id);

ALTER TABLE call_record ADD COLUMN trunk VARCHAR(64);
