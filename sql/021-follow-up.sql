-- Step 6 in full (src/core/check.c). A satisfaction check is either the
-- check of one delivery of a won deal (kind 'delivery', delivered_on names
-- the delivery it follows: one check per delivery) or a periodic check of
-- an active customer (kind 'periodic', scheduled every
-- processes.check_every_months months after the last check recorded; 0
-- turns them off). Checks written before this migration follow their
-- deal's delivery.
ALTER TABLE checks ADD COLUMN kind TEXT NOT NULL DEFAULT 'delivery'
  CHECK (kind IN ('delivery', 'periodic'));
ALTER TABLE checks ADD COLUMN delivered_on TEXT;
UPDATE checks SET delivered_on = (SELECT d.delivered_on FROM deals d
  WHERE d.org_id = checks.org_id AND d.id = checks.deal_id);
ALTER TABLE processes ADD COLUMN check_every_months BIGINT NOT NULL DEFAULT 6;
-- The agenda's recovery items: done checks with a low score, per owner.
CREATE INDEX checks_recovery ON checks (org_id, owner_id, score, done_at);
-- The referrals report credits a referral's won deal to the referrer.
CREATE INDEX deals_referral ON deals (org_id, source_referral_id)
  WHERE source_referral_id IS NOT NULL;
