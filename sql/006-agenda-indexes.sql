-- The agenda ranks a user's open deals without a next step and their
-- qualified contacts on every call; these partial indexes hold just those
-- rows, so the agenda reads a few index pages instead of every deal and
-- contact the user owns (docs/benchmarks.md, the 1,000,000-deal run).

CREATE INDEX deals_no_next ON deals (org_id, owner_id)
  WHERE status = 'open' AND next_step_id IS NULL;

CREATE INDEX contacts_engage ON contacts (org_id, owner_id, timing_from, timing_to)
  WHERE need IS NOT NULL AND need <> '';
