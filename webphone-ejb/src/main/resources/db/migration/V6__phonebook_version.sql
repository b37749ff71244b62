-- A counter per phonebook, raised by every change in the changing transaction: the phone API's
-- ETag and cache key, so that an unchanged phonebook is answered without reading its contacts.
ALTER TABLE customer ADD COLUMN phonebook_version BIGINT DEFAULT 0 NOT NULL;
