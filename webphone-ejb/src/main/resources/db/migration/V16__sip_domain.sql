-- The SIP domain (host part of every address-of-record) as a setting of Setup -> Settings -> Domains,
-- independent of the web and WebRTC domains. NULL: the configuration's webphone.sip.domain applies.
-- Accounts keep their realm when it changes (HA1 is computed with it).
ALTER TABLE site_names ADD COLUMN sip_domain VARCHAR(253);
