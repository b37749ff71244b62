-- Self-signup's email verification: the SHA-256 of the link's random token (never the token
-- itself) and when the link stops working.
ALTER TABLE customer ADD COLUMN email_token_hash VARCHAR(64);
ALTER TABLE customer ADD COLUMN email_token_expires TIMESTAMP;
CREATE INDEX ix_customer_email_token ON customer (email_token_hash);
