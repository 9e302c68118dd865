-- The ledger is written append-only, a row per request, and every index costs each insert a B-tree update (on the
-- embedded H2 database also an undo-log entry and a commit step). llm_spend_log_request_idx is the one index whose
-- key is random (request ids are random UUIDs or the client's own), so each insert landed on a random page of it, and
-- nothing the gateway runs filters by request_id. Entry ids are time-ordered (UUID version 7) from this version on,
-- so the primary key grows at its right edge. To look rows up by request id on a large ledger, recreate it:
--   CREATE INDEX llm_spend_log_request_idx ON llm_spend_log (request_id);
DROP INDEX IF EXISTS llm_spend_log_request_idx;
