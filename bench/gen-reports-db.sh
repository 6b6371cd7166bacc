#!/bin/sh
# Makes a large database for bench/reports.sh fast: `fulcrum demo` builds a
# base of BASE deals (with their whole history: events, deal_steps,
# interactions, next steps, checks, referrals), then plain SQL copies that
# base COPIES times with every id shifted, so each copy is a separate set of
# accounts, contacts and deals with the same shape of history. Events of
# other entities than deals are not copied (no report reads them). The
# rollups of the stays (sql/005-report-aggregates.sql, report_closings) are
# then rebuilt from the copied stays; the triggers of
# sql/007-report-rollups.sql keep the others during the copy. The search
# index (sql/025) is rebuilt once after the copy, its triggers set aside.
# BENCH_BASE_DB: copy that base instead of making one.
# Usage: bench/gen-reports-db.sh BUILD_DIR OUT.db [BASE] [COPIES]
#        (default 2000 x 500 = 1,000,000 deals)
set -eu

build=${1:?usage: gen-reports-db.sh BUILD_DIR OUT.db [BASE] [COPIES]}
out=${2:?usage: gen-reports-db.sh BUILD_DIR OUT.db [BASE] [COPIES]}
base=${3:-2000}
copies=${4:-500}
bin=$build/fulcrum

if [ -e "$out" ]; then
	echo "gen-reports-db.sh: '$out' exists; remove it first" >&2
	exit 2
fi
if [ -n "${BENCH_BASE_DB:-}" ]; then
	cp "$BENCH_BASE_DB" "$out"
else
	FULCRUM_NOW=${FULCRUM_NOW:-2026-03-02T12:00:00Z} \
		"$bin" --db "$out" --quiet demo --seed 1 --deals "$base" >/dev/null
fi

# The search index's triggers (sql/025, 027) rewrite one record's entry per
# copied row; they are set aside during the copy and the index is rebuilt
# once from search_source afterwards, as the demo's bulk path does.
search_triggers=$(sqlite3 "$out" "SELECT sql || ';' FROM sqlite_master
  WHERE type = 'trigger' AND name LIKE '%search%' AND name <> 'search_refresh_apply'")
search_drops=$(sqlite3 "$out" "SELECT 'DROP TRIGGER ' || name || ';'
  FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%search%'
  AND name <> 'search_refresh_apply'")

# K runs 1 .. COPIES-1; M_x is the largest id of table x in the base.
sqlite3 "$out" <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
CREATE TEMP TABLE m AS SELECT
  (SELECT MAX(id) FROM accounts) AS ma, (SELECT MAX(id) FROM contacts) AS mc,
  (SELECT MAX(id) FROM deals) AS md, (SELECT MAX(id) FROM events) AS me,
  (SELECT MAX(id) FROM deal_steps) AS ms,
  (SELECT MAX(id) FROM interactions) AS mi,
  (SELECT MAX(id) FROM next_steps) AS mn, (SELECT MAX(id) FROM checks) AS mk,
  (SELECT MAX(id) FROM referrals) AS mr;
CREATE TEMP TABLE k (n INTEGER PRIMARY KEY);
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c
                        WHERE n < $copies - 1)
INSERT INTO k SELECT n FROM c;
BEGIN;
$search_drops
INSERT INTO accounts (id, org_id, name, domain, owner_id, created_at,
                      updated_at)
SELECT a.id + k.n * m.ma, a.org_id, a.name || ' ' || k.n, a.domain,
       a.owner_id, a.created_at, a.updated_at
FROM k, m, accounts a WHERE a.id <= m.ma;
INSERT INTO contacts (id, org_id, name, account_id, email, owner_id,
                      created_at, updated_at)
SELECT c.id + k.n * m.mc, c.org_id, c.name, c.account_id + k.n * m.ma,
       c.email, c.owner_id, c.created_at, c.updated_at
FROM k, m, contacts c WHERE c.id <= m.mc;
INSERT INTO deals (id, org_id, title, account_id, contact_id, process_id,
                   step, step_entered_at, value_cents, currency, close_date,
                   status, lost_reason, owner_id, delivered_on, closed_at,
                   source_referral_id, created_at, updated_at)
SELECT d.id + k.n * m.md, d.org_id, d.title, d.account_id + k.n * m.ma,
       d.contact_id + k.n * m.mc, d.process_id, d.step, d.step_entered_at,
       d.value_cents, d.currency, d.close_date, d.status, d.lost_reason,
       d.owner_id, d.delivered_on, d.closed_at,
       d.source_referral_id + k.n * m.mr, d.created_at, d.updated_at
FROM k, m, deals d WHERE d.id <= m.md;
INSERT INTO events (id, org_id, at, actor_id, entity, entity_id, action,
                    from_step, to_step, reason)
SELECT e.id + k.n * m.me, e.org_id, e.at, e.actor_id, e.entity,
       e.entity_id + k.n * m.md, e.action, e.from_step, e.to_step, e.reason
FROM k, m, events e WHERE e.id <= m.me AND e.entity = 'deal';
INSERT INTO deal_steps (id, org_id, deal_id, process_id, owner_id, step,
                        entered_at, entered_by, left_at, left_by, to_step,
                        event_id)
SELECT s.id + k.n * m.ms, s.org_id, s.deal_id + k.n * m.md, s.process_id,
       s.owner_id, s.step, s.entered_at, s.entered_by, s.left_at, s.left_by,
       s.to_step, s.event_id + k.n * m.me
FROM k, m, deal_steps s WHERE s.id <= m.ms;
INSERT INTO interactions (id, org_id, deal_id, contact_id, owner_id, kind, at,
                          purpose, planned, agreement, step, created_at,
                          updated_at)
SELECT i.id + k.n * m.mi, i.org_id, i.deal_id + k.n * m.md,
       i.contact_id + k.n * m.mc, i.owner_id, i.kind, i.at, i.purpose,
       i.planned, i.agreement, i.step, i.created_at, i.updated_at
FROM k, m, interactions i WHERE i.id <= m.mi;
INSERT INTO next_steps (id, org_id, deal_id, contact_id, owner_id, what, type,
                        due, status, done_at, created_at, updated_at)
SELECT x.id + k.n * m.mn, x.org_id, x.deal_id + k.n * m.md,
       x.contact_id + k.n * m.mc, x.owner_id, x.what, x.type, x.due,
       x.status, x.done_at, x.created_at, x.updated_at
FROM k, m, next_steps x WHERE x.id <= m.mn;
INSERT INTO checks (id, org_id, deal_id, owner_id, due, score, done_at,
                    created_at, updated_at)
SELECT c.id + k.n * m.mk, c.org_id, c.deal_id + k.n * m.md, c.owner_id, c.due,
       c.score, c.done_at, c.created_at, c.updated_at
FROM k, m, checks c WHERE c.id <= m.mk;
INSERT INTO referrals (id, org_id, from_contact_id, from_account_id,
                       contact_id, deal_id, source_deal_id, owner_id, status,
                       created_at, updated_at)
SELECT r.id + k.n * m.mr, r.org_id, r.from_contact_id + k.n * m.mc,
       r.from_account_id + k.n * m.ma, r.contact_id + k.n * m.mc,
       r.deal_id + k.n * m.md, r.source_deal_id + k.n * m.md, r.owner_id,
       r.status, r.created_at, r.updated_at
FROM k, m, referrals r WHERE r.id <= m.mr;
DELETE FROM search_fts;
INSERT INTO search_fts (rowid, title, body, org_id)
SELECT kind * 1099511627776 + record_id, title, body, org_id
  FROM search_source;
$search_triggers
COMMIT;
SQL
# The rollups of the stays sum the copied stays: rebuilt by the backfill of
# their migrations, the same statements history_rebuild_aggregates() runs.
# (The rollups of interactions, next steps and deals of
# sql/007-report-rollups.sql were kept by their triggers during the copy.)
{
	echo "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
	echo "PRAGMA cache_size = -1000000; BEGIN;"
	echo "DELETE FROM report_entries; DELETE FROM report_starts;"
	echo "DELETE FROM report_stays; DELETE FROM report_cycles;"
	echo "DELETE FROM report_learn; DELETE FROM report_closings;"
	sed -n '/^-- backfill/,$p' "$(dirname "$0")/../sql/005-report-aggregates.sql"
	echo "INSERT INTO report_closings (org_id, day, until_day, owner_id,"
	echo "  process_id, step, closed, won)"
	echo "SELECT org_id, day, until_day, owner_id, process_id, step, COUNT(*),"
	echo "  SUM(won) FROM report_closing_v"
	echo "GROUP BY org_id, day, until_day, owner_id, process_id, step;"
	echo "COMMIT; ANALYZE;"
} | sqlite3 "$out"
echo "$out: $(sqlite3 "$out" 'SELECT COUNT(*) FROM deals') deals"
