-- A maintained aggregate of the history: one row per stay of a deal in a
-- step (entered when, by which action; left when, by which action, to
-- where). Reports read it through indexes instead of replaying `events`.
-- core/history.c keeps it current with every step event; bulk writers
-- (demo, import) rebuild it from `events` with history_rebuild_steps().

CREATE TABLE deal_steps (
  @PK@,
  org_id BIGINT NOT NULL,
  deal_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL,
  owner_id BIGINT NOT NULL,
  step TEXT NOT NULL,
  entered_at TEXT NOT NULL,
  entered_by TEXT NOT NULL,
  left_at TEXT,
  left_by TEXT,
  to_step TEXT,
  event_id BIGINT NOT NULL,
  @KEY@,
  FOREIGN KEY (org_id, deal_id) REFERENCES deals (org_id, id)
);
CREATE INDEX deal_steps_step ON deal_steps (org_id, process_id, step, entered_at);
CREATE INDEX deal_steps_owner ON deal_steps (org_id, owner_id, entered_at);
CREATE INDEX deal_steps_open ON deal_steps (org_id, deal_id, left_at);

-- Databases made before this migration: build it from their history.
INSERT INTO deal_steps (org_id, deal_id, process_id, owner_id, step,
                        entered_at, entered_by, left_at, left_by, to_step,
                        event_id)
SELECT x.org_id, x.entity_id, d.process_id, d.owner_id, x.to_step, x.at,
       x.action, x.next_at, x.next_action,
       CASE WHEN x.next_action = 'lost' THEN NULL ELSE x.next_to END, x.id
FROM (SELECT e.id, e.org_id, e.entity_id, e.action, e.to_step, e.at,
             LEAD(e.at) OVER w AS next_at,
             LEAD(e.action) OVER w AS next_action,
             LEAD(e.to_step) OVER w AS next_to
      FROM events e
      WHERE e.entity = 'deal' AND e.action IN ('create', 'advance', 'back',
            'force', 'won', 'lost', 'reopen')
      WINDOW w AS (PARTITION BY e.org_id, e.entity_id ORDER BY e.id)) x
JOIN deals d ON d.org_id = x.org_id AND d.id = x.entity_id
WHERE x.action <> 'lost';
