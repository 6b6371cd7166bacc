-- Indexes the reports (docs/reports.md) read through, so that each report
-- is a range or index-only scan rather than a scan of whole tables with a
-- lookup per row: period bounds on step entries and closings, the follow-up
-- figures of a won deal, and the interactions counted per owner.

-- funnel with --from/--to: the stays entered in the period.
CREATE INDEX deal_steps_entered ON deal_steps (org_id, entered_at);
-- winrate, followup, velocity's cycle times: deals closed in the period.
CREATE INDEX deals_closed ON deals (org_id, status, closed_at);
-- followup's expansion deals: the deals of an account created after a win.
CREATE INDEX deals_account_created ON deals (org_id, account_id, created_at);
-- followup: a won deal's done checks and scores from the index alone.
CREATE INDEX checks_done ON checks (org_id, deal_id, done_at, score);
-- followup: deals that came from a referral.
CREATE INDEX referrals_deal ON referrals (org_id, deal_id);
-- agreements and discipline: every figure of an interaction in the period
-- from the index alone.
CREATE INDEX interactions_report ON interactions (org_id, at, owner_id,
                                                  planned, agreement, deal_id);
-- discipline: an open deal's next steps due from today on.
CREATE INDEX next_steps_due ON next_steps (org_id, deal_id, status, due);
