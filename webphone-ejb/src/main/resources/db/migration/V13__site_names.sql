-- The names the platform runs under (Setup → Settings → Domains): the web domain where customers
-- open the phone (A) and the WebRTC domain the phone connects to for SIP over WebSocket (B). One
-- row, id 1, absent until an admin saves one: then the configuration's names apply.
CREATE TABLE site_names (
  id             SMALLINT      NOT NULL PRIMARY KEY,
  web_domain     VARCHAR(253),
  webrtc_domain  VARCHAR(253),
  updated_at     TIMESTAMP     NOT NULL
);
