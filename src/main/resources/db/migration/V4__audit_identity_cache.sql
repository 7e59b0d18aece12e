-- The audit table's identity hands out ids from a cache of 10 000 values instead of H2's default 32 (issue 14). H2
-- writes a sequence's new high mark with a commit of its own each time the cache runs out, and with WRITE_DELAY 0
-- (store/Store) every commit writes the dirty pages of the whole store: a batch of 500 audit rows was 17 file writes
-- instead of one, each re-serialising the half-inserted batch's index pages. Ids stay unique; a restart may skip the
-- unused rest of a cache (on PostgreSQL per connection), and nothing reads them as dense or ordered (the audit is
-- ordered by occurred_at, id only breaks ties).
ALTER TABLE audit_event ALTER COLUMN id SET CACHE 10000;
