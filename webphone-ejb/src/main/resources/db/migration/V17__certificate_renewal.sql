-- Renewals go back to the CA each certificate was ordered from (its ACME directory; NULL for
-- uploaded and self-signed ones), and one node of a cluster renews at a time: the node that holds
-- the lease row until its time runs out (the others skip their check).
ALTER TABLE tls_certificate ADD COLUMN acme_directory VARCHAR(500);
CREATE TABLE task_lease (
  name        VARCHAR(64)   NOT NULL PRIMARY KEY,
  holder      VARCHAR(100),
  held_until  TIMESTAMP     NOT NULL
);
INSERT INTO task_lease (name, holder, held_until) VALUES ('certificate-renewal', NULL, TIMESTAMP '2000-01-01 00:00:00');
