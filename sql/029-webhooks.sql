-- Webhooks (src/core/webhook.c, docs/webhooks.md). An admin subscribes a
-- URL to events; each event a subscription wants is written to its outbox
-- in the transaction of the change, and the delivery worker of
-- `fulcrum serve` posts it, signed with the subscription's secret.
CREATE TABLE webhooks (
  @PK@,
  org_id BIGINT NOT NULL,
  url TEXT NOT NULL,
  -- the event names, separated by single spaces, or '*' for all of them
  events TEXT NOT NULL,
  -- the signing key: shown once, when the subscription is made
  secret TEXT NOT NULL,
  -- 'failing' once a delivery was given up after a day of retries; back to
  -- 'active' at the next delivery the receiver acknowledges
  state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'failing')),
  failing_since TEXT,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  @KEY@
);
CREATE INDEX webhooks_org ON webhooks (org_id, id);

-- One row per event and subscription: the delivery and its log. EVENT_ID is
-- the history event's (events.id), the id the receiver deduplicates on; a
-- test ping has none. ENTITY and ENTITY_ID name the record, whose events
-- are delivered in order: one waits while an earlier one is pending.
CREATE TABLE webhook_outbox (
  @PK@,
  org_id BIGINT NOT NULL,
  webhook_id BIGINT NOT NULL,
  event_id BIGINT,
  name TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  -- when the next attempt is due, in milliseconds since 1970
  next_at BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  last_at TEXT,
  last_code INTEGER,
  last_error TEXT,
  delivered_at TEXT,
  @KEY@
);
-- what the worker looks for at every turn: the few pending deliveries
CREATE INDEX webhook_outbox_pending ON webhook_outbox (next_at, org_id)
  WHERE state = 'pending';
-- the log kept WEBHOOK_LOG_DAYS days, pruned by age
CREATE INDEX webhook_outbox_done ON webhook_outbox (created_at)
  WHERE state <> 'pending';
CREATE INDEX webhook_outbox_record ON webhook_outbox
  (org_id, webhook_id, entity, entity_id, state, id);
CREATE INDEX webhook_outbox_log ON webhook_outbox (org_id, webhook_id, id);

-- The lease of an organisation's delivery: the one worker (of one node)
-- that delivers its outbox until UNTIL_MS, renewed as it goes.
CREATE TABLE webhook_leases (
  org_id BIGINT PRIMARY KEY,
  holder TEXT NOT NULL,
  until_ms BIGINT NOT NULL
);
