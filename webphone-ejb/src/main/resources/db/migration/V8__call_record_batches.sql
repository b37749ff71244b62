-- Call records are written in batches of up to 500 (CallRecordWriter): one sequence round trip per
-- 100 ids instead of per 10. The ids already handed out stay below the next value, so nothing
-- overlaps (CallRecord's allocationSize must equal this increment).
ALTER SEQUENCE call_record_seq INCREMENT BY 100;
