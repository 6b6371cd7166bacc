-- R6 made checkable: each organisation's history events form a hash chain
-- (docs/history.md). An event carries the hash of the one before it
-- (prev_hash) and its own (hash): SHA-256 of its fields and prev_hash in
-- the serialisation of core/chain.c. event_chains holds each chain's head,
-- the last event and its hash; writers lock that row for the length of
-- their transaction (FOR UPDATE on PostgreSQL), so two nodes writing at
-- once append one after the other and the chain cannot fork.
ALTER TABLE events ADD COLUMN prev_hash TEXT;
ALTER TABLE events ADD COLUMN hash TEXT;

CREATE TABLE event_chains (
  org_id BIGINT PRIMARY KEY,
  last_id BIGINT NOT NULL DEFAULT 0,
  -- NULL: the organisation's events were written before this migration
  -- and wait to be chained, in order of id; SQL cannot compute SHA-256 on
  -- SQLite, so the binary does it once after migrating (chain_catch_up)
  hash TEXT
);
INSERT INTO event_chains (org_id, last_id, hash) SELECT id, 0, NULL FROM orgs;
