-- Keeping promises (SPEC.md §1, step 5 and the discipline report).
--
-- A process gives a promise (an open next step of a deal) a grace period:
-- past its due day by more than grace_days it is missed. The sweep of
-- src/core/promise.c records each miss once: a row here (the report counts
-- them per owner and day) and an event "missed" on the next step. A row is
-- keyed by the next step and the due day it missed, so a promise that is
-- moved (with its reason) and missed again counts again, and a sweep run
-- twice records nothing new.
ALTER TABLE processes ADD COLUMN grace_days BIGINT NOT NULL DEFAULT 2;
CREATE TABLE missed_promises (
  org_id BIGINT NOT NULL,
  next_step_id BIGINT NOT NULL,
  due TEXT NOT NULL,
  deal_id BIGINT NOT NULL,
  owner_id BIGINT NOT NULL,
  process_id BIGINT NOT NULL,
  missed_on TEXT NOT NULL,
  PRIMARY KEY (org_id, next_step_id, due)
);
CREATE INDEX missed_promises_owner ON missed_promises (org_id, owner_id,
  missed_on);
-- The kind of an agreement: 'next_step' (a next step agreed) or 'order' (the
-- customer placed the order, which a win needs); NULL without agreement.
ALTER TABLE interactions ADD COLUMN agreement_type TEXT
  CHECK (agreement_type IN ('next_step', 'order'));
UPDATE interactions SET agreement_type = 'next_step' WHERE agreement <> 0;
