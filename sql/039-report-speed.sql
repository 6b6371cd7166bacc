-- Indexes that let the reports and the agenda read less at scale.
--
-- The follow-up report's referral revenue (src/core/report/report.c,
-- followup_revenue()) reads the won deals that a referral brought or that
-- brought referrals, in the period: a few in a hundred of the deals. This
-- partial index holds those deals only, ordered by when they were won, with
-- every column the report reads, so the report ranges over it instead of
-- reading every won deal of the organisation. Being an index, every write
-- path keeps it exact.
-- (status and the columns of the WHERE are in the index too: SQLite then
-- takes it over deals_closed without statistics, and reads no row.)
CREATE INDEX deals_referred_won ON deals (org_id, status, closed_at,
  owner_id, process_id, currency, close_date, value_cents,
  source_referral_id, referrals_in)
  WHERE status = 'won' AND (source_referral_id IS NOT NULL OR
  referrals_in > 0);

-- The agenda's recoveries (src/core/agenda.c) rank a user's low-scored
-- checks that no later interaction answered: with the deal in the index,
-- each candidate is judged from the index and the deal's interactions
-- alone, and only the ranked few read their check, deal and account.
DROP INDEX checks_recovery;
CREATE INDEX checks_recovery ON checks (org_id, owner_id, score, done_at,
  deal_id);

-- The win rate's money (report.c, closed_money_query()) converts the
-- value of the deals closed in the period per currency and day: the
-- closed deals' index now carries what it reads, so it ranges over the
-- index alone instead of reading each closed deal. The follow-up report's
-- customers read the same index for the columns it had.
DROP INDEX deals_closed_report;
CREATE INDEX deals_closed_report ON deals (org_id, status, closed_at,
  owner_id, process_id, account_id, currency, lost_reason, close_date,
  value_cents);
