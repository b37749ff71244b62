-- What the media anchor saw of each side of an anchored call (MediaQuality): RTP packets and bytes
-- each way, packets lost on the way to the server, interarrival jitter, round trip. Null for calls
-- whose media the anchor did not carry.
ALTER TABLE call_record ADD COLUMN caller_packets_in BIGINT;
ALTER TABLE call_record ADD COLUMN caller_bytes_in BIGINT;
ALTER TABLE call_record ADD COLUMN caller_packets_out BIGINT;
ALTER TABLE call_record ADD COLUMN caller_bytes_out BIGINT;
ALTER TABLE call_record ADD COLUMN caller_lost BIGINT;
ALTER TABLE call_record ADD COLUMN caller_jitter_ms DOUBLE PRECISION;
ALTER TABLE call_record ADD COLUMN caller_rtt_ms INTEGER;
ALTER TABLE call_record ADD COLUMN callee_packets_in BIGINT;
ALTER TABLE call_record ADD COLUMN callee_bytes_in BIGINT;
ALTER TABLE call_record ADD COLUMN callee_packets_out BIGINT;
ALTER TABLE call_record ADD COLUMN callee_bytes_out BIGINT;
ALTER TABLE call_record ADD COLUMN callee_lost BIGINT;
ALTER TABLE call_record ADD COLUMN callee_jitter_ms DOUBLE PRECISION;
ALTER TABLE call_record ADD COLUMN callee_rtt_ms INTEGER;
