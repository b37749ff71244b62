-- Issue 21, points 5 and 6: how a trunk is trusted, both ways.
--
-- realm: the only digest realm our credentials for the trunk answer (RFC 3261 §22.2). NULL for
--   trunks stored before: any realm their own host asks for, as until now (the trunk screen says
--   so and fills in the host's name when the trunk is next saved).
-- asserts_identity: the trunk is in our trust domain (RFC 3325 §2.3): our INVITEs carry
--   P-Asserted-Identity, and its P-Asserted-Identity names the caller of its calls to us.
-- inbound_trust: how a call from the network is recognised as this trunk's: NONE (it takes no
--   calls in), ADDRESS (its source address alone, as carriers interconnect), DIGEST (the
--   credentials inbound_username and inbound_password, sealed like password).
--   Trunks stored before were recognised by address alone whenever they had inbound addresses:
--   they keep that, now an explicit choice the trunk screen marks.
ALTER TABLE trunk ADD COLUMN realm VARCHAR(128);
ALTER TABLE trunk ADD COLUMN asserts_identity BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE trunk ADD COLUMN inbound_trust VARCHAR(16) DEFAULT 'NONE' NOT NULL;
ALTER TABLE trunk ADD COLUMN inbound_username VARCHAR(64);
ALTER TABLE trunk ADD COLUMN inbound_password VARCHAR(512);
UPDATE trunk SET inbound_trust = 'ADDRESS' WHERE inbound_addresses <> '';
