/* Reports on a hand-built history whose right answers are worked out in the
 * comments: seven deals with normal advances, a forced skip, a loss, a
 * reopen, a deal with no interactions, a referral and an expansion, read by
 * every report (and the forecast's backtest) and checked number by number.
 * The rows are inserted with SQL (deal_steps rebuilt from `events` as a
 * bulk writer does), so this depends on the store alone.
 * Rerun alone: meson test -C BUILD core-report -v */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/history.h"
#include "core/report/report.h"
#include "core/user.h"
#include "fixture.h"
#include "store/migrate.h"
#include "util/buf.h"
#include "util/date.h"

static char dir[64];
static char path[128];
static struct db *db;
static struct fc_ctx ctx;

static void sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sql(const char *fmt, ...)
{
	char text[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (db_exec(db, text))
		fail_msg("'%s' failed: %s", text, db->errmsg);
}

#define T "T00:00:00Z"
#define NOW "'2024-01-01T00:00:00Z'"

static void ev(int deal, const char *date, const char *action,
	       const char *from, const char *to, const char *reason)
{
	char f[80], t[80], r[80];
	snprintf(f, sizeof(f), from ? "'%s'" : "NULL", from ? from : "");
	snprintf(t, sizeof(t), to ? "'%s'" : "NULL", to ? to : "");
	snprintf(r, sizeof(r), reason ? "'%s'" : "NULL", reason ? reason : "");
	sql("INSERT INTO events (org_id, at, actor_id, entity, entity_id, action,"
	    " from_step, to_step, reason) VALUES (1, '%s" T "', 1, 'deal', %d, "
	    "'%s', %s, %s, %s)", date, deal, action, f, t, r);
}

/* id, owner, account, step, status, value, close date, created, closed,
 * lost reason */
static void deal(int id, int owner, int account, const char *step,
		 const char *status, long value, const char *close,
		 const char *created, const char *closed, const char *reason)
{
	char c[40], cl[40], r[80];
	snprintf(c, sizeof(c), close ? "'%s'" : "NULL", close ? close : "");
	snprintf(cl, sizeof(cl), closed ? "'%s" T "'" : "NULL", closed ? closed : "");
	snprintf(r, sizeof(r), reason ? "'%s'" : "NULL", reason ? reason : "");
	sql("INSERT INTO deals (id, org_id, title, account_id, contact_id, "
	    "process_id, step, step_entered_at, value_cents, close_date, status, "
	    "lost_reason, owner_id, closed_at, created_at, updated_at) VALUES "
	    "(%d, 1, 'deal %d', %d, %d, 1, '%s', '%s" T "', %ld, %s, '%s', %s, "
	    "%d, %s, '%s" T "', " NOW ")", id, id, account, account, step,
	    created, value, c, status, r, owner, cl, created);
}

static void interaction(int deal_id, int owner, const char *date, int planned,
			int agreement)
{
	char d[16];
	snprintf(d, sizeof(d), deal_id ? "%d" : "NULL", deal_id);
	sql("INSERT INTO interactions (org_id, deal_id, contact_id, owner_id, "
	    "kind, at, planned, agreement, created_at, updated_at) VALUES (1, %s,"
	    " 1, %d, 'call', '%s" T "', %d, %d, " NOW ", " NOW ")", d, owner,
	    date, planned, agreement);
}

static void next_step(int deal_id, int owner, const char *due,
		      const char *status)
{
	char d[16];
	snprintf(d, sizeof(d), deal_id ? "%d" : "NULL", deal_id);
	sql("INSERT INTO next_steps (org_id, deal_id, contact_id, owner_id, what,"
	    " due, status, created_at, updated_at) VALUES (1, %s, 1, %d, 'call',"
	    " '%s', '%s', " NOW ", " NOW ")", d, owner, due, status);
}

static void build_history(void)
{
	static const char *const steps[][2] = {
		{ "engage", "10" }, { "comfort", "20" }, { "discover", "40" },
		{ "present", "60" }, { "agree", "80" }, { "follow_up", "100" },
	};
	sql("INSERT INTO orgs (id, name, created_at) VALUES (1, 'acme', " NOW ")");
	sql("INSERT INTO users (id, org_id, email, name, role, team, created_at, "
	    "updated_at) VALUES (1, 1, 'admin@acme.test', 'Ada', 'admin', NULL, "
	    NOW ", " NOW "), (2, 1, 'mgr@acme.test', 'Max', 'manager', 'east', "
	    NOW ", " NOW "), (3, 1, 'r1@acme.test', 'Rae', 'rep', 'east', " NOW
	    ", " NOW "), (4, 1, 'r2@acme.test', 'Rob', 'rep', 'west', " NOW ", "
	    NOW ")");
	sql("INSERT INTO processes (id, org_id, key, name, is_default, created_at,"
	    " updated_at) VALUES (1, 1, 'default', 'Default', 1, " NOW ", " NOW ")");
	for (int i = 0; i < 6; i++)
		sql("INSERT INTO steps (org_id, process_id, position, key, name, "
		    "phase, goal, guidance, criteria, probability, stall_days) "
		    "VALUES (1, 1, %d, '%s', '%s', '%s', 'g', 'g', '{}', %s, 14)",
		    i + 1, steps[i][0], steps[i][0], steps[i][0], steps[i][1]);
	for (int i = 1; i <= 4; i++) {
		sql("INSERT INTO accounts (id, org_id, name, created_at, updated_at)"
		    " VALUES (%d, 1, 'account %d', " NOW ", " NOW ")", i, i);
		sql("INSERT INTO contacts (id, org_id, name, account_id, created_at,"
		    " updated_at) VALUES (%d, 1, 'contact %d', %d, " NOW ", " NOW
		    ")", i, i, i);
	}

	/* D1 (r1, account 1): every step in turn, won. */
	deal(1, 3, 1, "follow_up", "won", 100000, "2024-02-10", "2024-01-01",
	     "2024-02-07", NULL);
	ev(1, "2024-01-01", "create", NULL, "engage", NULL);
	ev(1, "2024-01-03", "advance", "engage", "comfort", NULL);
	ev(1, "2024-01-08", "advance", "comfort", "discover", NULL);
	ev(1, "2024-01-18", "advance", "discover", "present", NULL);
	ev(1, "2024-01-28", "advance", "present", "agree", NULL);
	ev(1, "2024-02-07", "won", "agree", "follow_up", NULL);
	/* D2 (r1, account 2): forced from discover to agree past present,
	 * then lost on price. */
	deal(2, 3, 2, "agree", "lost", 50000, "2024-02-01", "2024-01-05",
	     "2024-01-25", "price");
	ev(2, "2024-01-05", "create", NULL, "engage", NULL);
	ev(2, "2024-01-09", "advance", "engage", "comfort", NULL);
	ev(2, "2024-01-13", "advance", "comfort", "discover", NULL);
	ev(2, "2024-01-20", "force", "discover", "agree", "board asked");
	ev(2, "2024-01-25", "lost", "agree", NULL, "price");
	/* D3 (r2, account 4): lost in comfort, reopened, now in discover. */
	deal(3, 4, 4, "discover", "open", 200000, "2024-07-10", "2024-02-01",
	     NULL, NULL);
	ev(3, "2024-02-01", "create", NULL, "engage", NULL);
	ev(3, "2024-02-02", "advance", "engage", "comfort", NULL);
	ev(3, "2024-02-05", "lost", "comfort", NULL, "no budget");
	ev(3, "2024-03-01", "reopen", "comfort", "comfort", NULL);
	ev(3, "2024-03-11", "advance", "comfort", "discover", NULL);
	/* D4 (r2, account 4): still in engage, no interactions at all. */
	deal(4, 4, 4, "engage", "open", 30000, "2024-06-20", "2024-03-01", NULL,
	     NULL);
	ev(4, "2024-03-01", "create", NULL, "engage", NULL);
	/* D5 (r1, account 2): in present, its close date has passed. */
	deal(5, 3, 2, "present", "open", 100000, "2024-05-30", "2024-05-01",
	     NULL, NULL);
	ev(5, "2024-05-01", "create", NULL, "engage", NULL);
	ev(5, "2024-05-02", "advance", "engage", "comfort", NULL);
	ev(5, "2024-05-05", "advance", "comfort", "discover", NULL);
	ev(5, "2024-05-10", "advance", "discover", "present", NULL);
	/* D6 (r1, account 3): came from a referral by D1's customer, won. */
	deal(6, 3, 3, "follow_up", "won", 40000, "2024-03-20", "2024-03-01",
	     "2024-03-10", NULL);
	ev(6, "2024-03-01", "create", NULL, "engage", NULL);
	ev(6, "2024-03-02", "advance", "engage", "comfort", NULL);
	ev(6, "2024-03-04", "advance", "comfort", "discover", NULL);
	ev(6, "2024-03-06", "advance", "discover", "present", NULL);
	ev(6, "2024-03-08", "advance", "present", "agree", NULL);
	ev(6, "2024-03-10", "won", "agree", "follow_up", NULL);
	/* D7 (r1, account 1): an expansion of D1's customer. */
	deal(7, 3, 1, "engage", "open", 10000, "2024-08-15", "2024-04-01", NULL,
	     NULL);
	ev(7, "2024-04-01", "create", NULL, "engage", NULL);

	interaction(1, 3, "2024-01-02", 1, 1);
	interaction(1, 3, "2024-01-20", 1, 1);
	interaction(2, 3, "2024-01-10", 0, 0);
	interaction(5, 3, "2024-05-03", 0, 1);
	interaction(3, 4, "2024-02-03", 1, 0);
	interaction(3, 4, "2024-03-05", 1, 1);
	interaction(0, 4, "2024-06-01", 0, 0);

	next_step(5, 3, "2024-06-20", "open");
	next_step(7, 3, "2024-06-10", "open");
	next_step(3, 4, "2024-06-15T09:00:00Z", "open");
	next_step(4, 4, "2024-06-01", "done");
	next_step(1, 3, "2024-02-01", "missed");
	next_step(0, 4, "2024-06-01", "open");

	sql("INSERT INTO checks (org_id, deal_id, owner_id, due, score, done_at, "
	    "created_at, updated_at) VALUES (1, 1, 3, '2024-02-21', 5, "
	    "'2024-02-25" T "', " NOW ", " NOW "), (1, 6, 3, '2024-03-24', NULL, "
	    "NULL, " NOW ", " NOW ")");
	sql("INSERT INTO referrals (org_id, from_contact_id, contact_id, deal_id,"
	    " source_deal_id, owner_id, created_at, updated_at) VALUES (1, 1, 3, "
	    "6, 1, 3, " NOW ", " NOW "), (1, 1, 2, NULL, 1, 3, " NOW ", " NOW ")");
}

static int setup(void **state)
{
	struct fc_error err = { 0 };
	int64_t now;
	if (fixture_mkdtemp(dir, sizeof(dir), "fulcrum-report"))
		return -1;
	snprintf(path, sizeof(path), "%s/test.db", dir);
	if (db_open(path, &db, &err) || migrate_run(db, NULL, &err)) {
		fprintf(stderr, "cannot set up '%s': %s\n", path, err.message);
		return -1;
	}
	build_history();
	ctx_init(&ctx, db);
	/* The events were inserted with SQL, so derive deal_steps from them
	 * as a bulk writer does. */
	ctx.org_id = 1;
	if (history_rebuild_steps(&ctx, &err)) {
		fprintf(stderr, "cannot rebuild deal_steps: %s\n", err.message);
		return -1;
	}
	time_parse("2024-06-15T12:00:00Z", &now);
	ctx.now = now;
	return 0;
}

static int teardown(void **state)
{
	char p[160];
	db_close(db);
	snprintf(p, sizeof(p), "%s/test.db-wal", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/test.db-shm", dir);
	unlink(p);
	unlink(path);
	rmdir(dir);
	return 0;
}

static void act_as(const char *email)
{
	struct fc_error err = { 0 };
	int64_t now = ctx.now;
	if (ctx_act_as(&ctx, email, &err))
		fail_msg("cannot act as '%s': %s", email, err.message);
	ctx.now = now;
}

static json_t *run(const char *name, const struct report_opts *o)
{
	struct fc_error err = { 0 };
	json_t *rep = NULL;
	if (report_run(&ctx, name, o, &rep, &err))
		fail_msg("report '%s' failed: %s", name, err.message);
	assert_string_equal(json_string_value(json_object_get(rep, "report")),
			    name);
	return rep;
}

/* The row of REP's rows (or of the array under KEY) whose FIELD is VALUE. */
static json_t *row_in(json_t *rep, const char *key, const char *field,
		      const char *value)
{
	json_t *rows = json_object_get(rep, key), *row;
	size_t i;
	json_array_foreach(rows, i, row) {
		const char *v = json_string_value(json_object_get(row, field));
		if (v && !strcmp(v, value))
			return row;
	}
	fail_msg("no row with %s '%s' in '%s'", field, value, key);
	return NULL;
}

static json_t *row(json_t *rep, const char *field, const char *value)
{
	return row_in(rep, "rows", field, value);
}

static void eq_int(json_t *obj, const char *field, json_int_t want)
{
	json_t *v = json_object_get(obj, field);
	if (!json_is_integer(v))
		fail_msg("'%s' is not an integer", field);
	if (json_integer_value(v) != want)
		fail_msg("'%s' is %lld, want %lld", field,
			 (long long)json_integer_value(v), (long long)want);
}

static void eq_real(json_t *obj, const char *field, double want)
{
	json_t *v = json_object_get(obj, field);
	if (!json_is_number(v))
		fail_msg("'%s' is not a number", field);
	if (fabs(json_number_value(v) - want) > 1e-9)
		fail_msg("'%s' is %.12f, want %.12f", field,
			 json_number_value(v), want);
}

static void eq_null(json_t *obj, const char *field)
{
	if (!json_is_null(json_object_get(obj, field)))
		fail_msg("'%s' is not null", field);
}

static void step_counts(json_t *rep, const char *step, const char *f1,
			json_int_t v1, const char *f2, json_int_t v2)
{
	json_t *r = row(rep, "step", step);
	eq_int(r, f1, v1);
	eq_int(r, f2, v2);
}

static void test_pipeline(void **state)
{
	struct report_opts o = { 0 };
	json_t *rep;
	act_as("admin@acme.test");
	rep = run("pipeline", &o);
	step_counts(rep, "engage", "deals", 2, "value_minor", 40000);
	eq_int(row(rep, "step", "engage"), "weighted_minor", 4000);
	step_counts(rep, "comfort", "deals", 0, "value_minor", 0);
	step_counts(rep, "discover", "deals", 1, "weighted_minor", 80000);
	step_counts(rep, "present", "deals", 1, "weighted_minor", 60000);
	step_counts(rep, "agree", "deals", 0, "weighted_minor", 0);
	assert_int_equal(json_array_size(json_object_get(rep, "rows")), 6);
	json_t *t = json_object_get(rep, "totals");
	eq_int(t, "deals", 4);
	eq_int(t, "value_minor", 340000);
	eq_int(t, "weighted_minor", 144000);
	json_decref(rep);

	/* A rep sees their own deals only; --team narrows an admin's view. */
	act_as("r2@acme.test");
	rep = run("pipeline", &o);
	eq_int(json_object_get(rep, "totals"), "deals", 2);
	eq_int(json_object_get(rep, "totals"), "weighted_minor", 83000);
	json_decref(rep);
	act_as("admin@acme.test");
	o.team = "east";
	rep = run("pipeline", &o);
	eq_int(json_object_get(rep, "totals"), "deals", 2);
	eq_int(json_object_get(rep, "totals"), "value_minor", 110000);
	json_decref(rep);
	/* A manager sees their team. */
	act_as("mgr@acme.test");
	o.team = NULL;
	rep = run("pipeline", &o);
	eq_int(json_object_get(rep, "totals"), "value_minor", 110000);
	json_decref(rep);
}

static void test_funnel(void **state)
{
	struct report_opts o = { 0 };
	json_t *rep, *r;
	act_as("admin@acme.test");
	rep = run("funnel", &o);
	r = row(rep, "step", "engage");
	eq_int(r, "entered", 7);
	eq_int(r, "advanced", 5);
	eq_int(r, "drop_off", 2);
	eq_int(r, "won", 2);
	eq_real(r, "conversion", 5.0 / 7);
	r = row(rep, "step", "comfort");
	eq_int(r, "entered", 5);
	eq_int(r, "advanced", 5);
	eq_int(r, "lost", 1);
	/* D2 was forced past present: it advanced from discover, and never
	 * entered present. */
	step_counts(rep, "discover", "entered", 5, "advanced", 4);
	step_counts(rep, "present", "entered", 3, "advanced", 2);
	r = row(rep, "step", "agree");
	eq_int(r, "entered", 3);
	eq_int(r, "advanced", 2);
	eq_int(r, "lost", 1);
	step_counts(rep, "follow_up", "entered", 2, "advanced", 0);
	eq_real(row(rep, "step", "follow_up"), "conversion", 0);
	r = json_object_get(rep, "totals");
	eq_int(r, "deals", 7);
	eq_int(r, "won", 2);
	json_decref(rep);

	/* March: D3's reopening counts as entering comfort, and its earlier
	 * loss there does not count against that entry. */
	o.from = "2024-03-01";
	o.to = "2024-03-31";
	rep = run("funnel", &o);
	step_counts(rep, "engage", "entered", 2, "advanced", 1);
	r = row(rep, "step", "comfort");
	eq_int(r, "entered", 2);
	eq_int(r, "advanced", 2);
	eq_int(r, "lost", 0);
	step_counts(rep, "discover", "entered", 2, "advanced", 1);
	step_counts(rep, "follow_up", "entered", 1, "won", 1);
	eq_int(json_object_get(rep, "totals"), "deals", 3);
	eq_int(json_object_get(rep, "totals"), "won", 1);
	json_decref(rep);

	/* An empty period. */
	o.from = "2023-01-01";
	o.to = "2023-12-31";
	rep = run("funnel", &o);
	step_counts(rep, "engage", "entered", 0, "advanced", 0);
	eq_null(row(rep, "step", "engage"), "conversion");
	eq_int(json_object_get(rep, "totals"), "deals", 0);
	eq_null(json_object_get(rep, "totals"), "win_rate");
	json_decref(rep);
}

static void test_velocity(void **state)
{
	struct report_opts o = { 0 };
	json_t *rep, *r, *t;
	act_as("admin@acme.test");
	rep = run("velocity", &o);
	r = row(rep, "step", "engage");	/* 1 1 1 2 4 */
	eq_int(r, "stays", 5);
	eq_real(r, "median_days", 1);
	eq_real(r, "p90_days", 4);
	r = row(rep, "step", "comfort");	/* 2 3 3 4 5 10 (reopened) */
	eq_int(r, "stays", 6);
	eq_real(r, "median_days", 3);
	eq_real(r, "p90_days", 10);
	r = row(rep, "step", "discover");	/* 2 5 7 10 (one forced out) */
	eq_int(r, "stays", 4);
	eq_real(r, "median_days", 5);
	eq_real(r, "p90_days", 10);
	r = row(rep, "step", "present");	/* 2 10 */
	eq_real(r, "median_days", 2);
	eq_real(r, "p90_days", 10);
	r = row(rep, "step", "agree");	/* 2 5 10 */
	eq_real(r, "median_days", 5);
	eq_real(r, "p90_days", 10);
	r = row(rep, "step", "follow_up");
	eq_int(r, "stays", 0);
	eq_null(r, "median_days");
	t = json_object_get(rep, "totals");
	eq_int(t, "won_deals", 2);	/* 9 37 */
	eq_real(t, "won_median_days", 9);
	eq_real(t, "won_p90_days", 37);
	eq_int(t, "lost_deals", 1);
	eq_real(t, "lost_median_days", 20);
	json_decref(rep);

	/* Stays that ended in May: D5's engage (1) and comfort (3). */
	o.from = "2024-05-01";
	o.to = "2024-05-31";
	rep = run("velocity", &o);
	eq_int(row(rep, "step", "engage"), "stays", 1);
	eq_real(row(rep, "step", "comfort"), "median_days", 3);
	eq_int(row(rep, "step", "discover"), "stays", 1);
	eq_int(json_object_get(rep, "totals"), "won_deals", 0);
	json_decref(rep);
}

static void test_winrate(void **state)
{
	struct report_opts o = { 0 };
	json_t *rep, *r;
	act_as("admin@acme.test");
	rep = run("winrate", &o);
	assert_int_equal(json_array_size(json_object_get(rep, "rows")), 1);
	r = row(rep, "owner", "r1@acme.test");
	eq_int(r, "won", 2);
	eq_int(r, "lost", 1);
	eq_real(r, "win_rate", 2.0 / 3);
	eq_int(r, "won_minor", 140000);
	eq_int(r, "lost_minor", 50000);
	eq_real(json_object_get(rep, "totals"), "win_rate", 2.0 / 3);
	r = row_in(rep, "lost_reasons", "reason", "price");
	eq_int(r, "deals", 1);
	eq_int(r, "value_minor", 50000);
	/* D3 was lost too, but it is open again. */
	assert_int_equal(json_array_size(json_object_get(rep, "lost_reasons")), 1);
	json_decref(rep);

	o.from = "2024-03-01";
	rep = run("winrate", &o);
	eq_int(json_object_get(rep, "totals"), "won", 1);
	eq_int(json_object_get(rep, "totals"), "lost", 0);
	eq_real(json_object_get(rep, "totals"), "win_rate", 1);
	json_decref(rep);
}

static void test_agreements(void **state)
{
	struct report_opts o = { 0 };
	json_t *rep, *r, *t;
	act_as("admin@acme.test");
	rep = run("agreements", &o);
	r = row(rep, "owner", "r1@acme.test");
	eq_int(r, "interactions", 4);
	eq_int(r, "agreements", 3);
	eq_real(r, "agreement_rate", 0.75);
	eq_real(r, "planned_share", 0.5);
	r = row(rep, "owner", "r2@acme.test");
	eq_int(r, "interactions", 3);
	eq_real(r, "agreement_rate", 1.0 / 3);
	eq_real(r, "planned_share", 2.0 / 3);
	t = json_object_get(rep, "totals");
	eq_int(t, "interactions", 7);
	eq_int(t, "agreements", 4);
	eq_real(t, "agreement_rate", 4.0 / 7);
	r = row_in(rep, "months", "month", "2024-01");
	eq_int(r, "interactions", 3);
	eq_int(r, "agreements", 2);
	assert_int_equal(json_array_size(json_object_get(rep, "months")), 5);
	json_decref(rep);

	/* Interactions without a deal drop out when a process is asked for. */
	o.process = "default";
	rep = run("agreements", &o);
	eq_int(row(rep, "owner", "r2@acme.test"), "interactions", 2);
	json_decref(rep);

	/* An empty period: no rows, rates null rather than zero. */
	o.process = NULL;
	o.from = "2024-04-01";
	o.to = "2024-04-30";
	rep = run("agreements", &o);
	assert_int_equal(json_array_size(json_object_get(rep, "rows")), 0);
	eq_int(json_object_get(rep, "totals"), "interactions", 0);
	eq_null(json_object_get(rep, "totals"), "agreement_rate");
	json_decref(rep);

	act_as("r2@acme.test");
	o.from = o.to = NULL;
	rep = run("agreements", &o);
	assert_int_equal(json_array_size(json_object_get(rep, "rows")), 1);
	eq_int(json_object_get(rep, "totals"), "interactions", 3);
	json_decref(rep);
}

static void test_discipline(void **state)
{
	struct report_opts o = { 0 };
	json_t *rep, *r, *t;
	act_as("admin@acme.test");
	rep = run("discipline", &o);
	r = row(rep, "owner", "r1@acme.test");
	eq_int(r, "open_deals", 2);
	eq_int(r, "covered", 1);
	eq_real(r, "coverage", 0.5);
	eq_int(r, "overdue", 1);
	eq_real(r, "planned_share", 0.5);
	r = row(rep, "owner", "r2@acme.test");
	eq_int(r, "open_deals", 2);
	eq_int(r, "covered", 1);	/* due later today counts */
	eq_int(r, "overdue", 1);	/* the contact's next step */
	t = json_object_get(rep, "totals");
	eq_int(t, "open_deals", 4);
	eq_int(t, "covered", 2);
	eq_int(t, "overdue", 2);
	eq_int(t, "interactions", 7);
	eq_int(t, "planned", 4);
	json_decref(rep);
}

static void test_followup(void **state)
{
	struct report_opts o = { 0 };
	json_t *rep, *t;
	act_as("admin@acme.test");
	rep = run("followup", &o);
	t = json_object_get(rep, "totals");
	eq_int(t, "won", 2);
	eq_int(t, "checked", 1);
	eq_real(t, "compliance", 0.5);
	eq_real(t, "avg_score", 5);
	eq_int(t, "customers", 2);
	eq_int(t, "referrals", 2);
	eq_real(t, "referrals_per_customer", 1);
	eq_int(t, "expansion_deals", 1);
	eq_real(t, "expansion_per_customer", 0.5);
	eq_int(t, "referral_won", 1);
	eq_int(t, "referral_revenue_minor", 40000);
	eq_int(row(rep, "owner", "r1@acme.test"), "won", 2);
	json_decref(rep);

	/* Won in March: D6 alone, unchecked, from a referral. */
	o.from = "2024-03-01";
	rep = run("followup", &o);
	t = json_object_get(rep, "totals");
	eq_int(t, "won", 1);
	eq_real(t, "compliance", 0);
	eq_null(t, "avg_score");
	eq_int(t, "referrals", 0);
	eq_int(t, "referral_revenue_minor", 40000);
	json_decref(rep);

	o.from = "2025-01-01";
	rep = run("followup", &o);
	eq_int(json_object_get(rep, "totals"), "won", 0);
	eq_null(json_object_get(rep, "totals"), "compliance");
	json_decref(rep);
}

/* The learned model (docs/reports.md) on this history, today 2024-06-15:
 * snapshots on the 15th of each month. 01-15: D1 in discover aged 7 (won
 * in month 1), D2 in discover aged 2 (lost in month 0). 03-15: D3 in
 * discover aged 4 and D4 in engage aged 14, open. 04-15: D3 (35 days),
 * D4 (45), D7 in engage (14), open. 05-15: D3 (65), D4 (75), D7 (44), D5
 * in present (5), open. (D6 was won within ten days, between snapshots.)
 * Team per month ahead: k=0 11 at risk, 0 won, 1 lost; k=1 6, 1 won;
 * k=2 2. Steps (k = 10): engage k=0 won 0, lost (0 + 10/11)/15 = 2/33,
 * k=1 won (10/6)/13 = 5/39; discover k=0 lost (1 + 10/11)/15 = 7/55, k=1
 * won (1 + 10/6)/13 = 8/39; present k=0 lost 10/121, k=1 won 1/6. Age
 * bands shrink to these; the owners' effects: Rae (D1, D2, D5, D7) 1 win
 * over 119/429 + 25/234 expected, f = 11 / (989/2574 + 10) = 28314/26729;
 * Rob (D3, D4) none over 1535/2574, f = 25740/27275. Open today: D3 in
 * discover aged 96, D4 engage 106, D7 engage 75, D5 present 36, each won
 * in July (month 1) with (1 - the band's k=0 loss) * the k=1 win * f:
 * D3 107/121 * 8/39, D4 and D7 343/363 * 5/39, D5 111/121 * 1/6. The
 * model's weight per step: seen / (seen + 10): discover and engage 1/3,
 * present 1/11; the rest is the fixed forecast in the close month. */
static void test_forecast(void **state)
{
	struct report_opts o = { 0 };
	json_t *rep, *r, *t;
	double f3 = 28314.0 / 26729, f4 = 25740.0 / 27275;
	double d3 = 200000.0 / 3 * 107 / 121 * 8 / 39 * f4;
	double d4 = 30000.0 / 3 * 343 / 363 * 5 / 39 * f4;
	double d7 = 10000.0 / 3 * 343 / 363 * 5 / 39 * f3;
	double d5 = 100000.0 / 11 * 111 / 121 / 6 * f3;
	act_as("admin@acme.test");
	rep = run("forecast", &o);
	r = row(rep, "month", "2024-06");	/* D4 and D5 (overdue) */
	eq_int(r, "deals", 2);
	eq_int(r, "value_minor", 130000);
	eq_int(r, "expected_fixed_minor", 63000);
	/* 30000 * 2/3 * 10% + 100000 * 10/11 * 60%: nothing won in June */
	eq_int(r, "expected_learned_minor", 56545);
	r = row(rep, "month", "2024-07");
	eq_int(r, "expected_fixed_minor", 80000);
	/* D3's 2/3 * 40% in its close month, and every deal's model part */
	eq_int(r, "expected_learned_minor",
	       llround(200000.0 * 2 / 3 * 0.4 + d3 + d4 + d7 + d5));
	eq_int(r, "expected_learned_minor", 67789);
	r = row(rep, "month", "2024-08");
	eq_int(r, "expected_learned_minor", 667);	/* D7: 10000 * 2/3 * 10% */
	t = json_object_get(rep, "totals");
	eq_int(t, "deals", 4);
	eq_int(t, "expected_fixed_minor", 144000);
	eq_int(t, "expected_learned_minor", 56545 + 67789 + 667);
	r = row_in(rep, "probabilities", "step", "discover");
	eq_int(r, "seen", 5);
	eq_int(r, "won", 1);
	eq_int(r, "lost", 1);
	/* a deal newly in discover (aged 0-7: D2 and D3 seen, one lost), no
	 * owner effect: 1/3 of the model's (1 - 25/132 lost in month 0) *
	 * 80/429 won in month 1, 2/3 of 40% */
	eq_real(r, "learned", (107.0 / 132 * 80 / 429) / 3 + 0.4 * 2 / 3);
	r = row_in(rep, "probabilities", "step", "engage");
	eq_int(r, "seen", 5);
	eq_int(r, "won", 0);
	json_decref(rep);
}

/* On 2024-03-05, snapshots on the 5th: 01-05 D1 in comfort aged 2 (won in
 * month 1, seen to month 2); 02-05 D1 in agree aged 8 (won in month 0),
 * D3 in comfort aged 3 (lost that day, month 0). Team: k=0 3 at risk, 1
 * won, 1 lost; k=1 1, won. Comfort k=0: won (0 + 10/3)/12 = 5/18, lost
 * 13/36; its age band 0-7: won (0 + 10 * 5/18)/12 = 25/108, lost 83/216;
 * k=1 won 1. Rob (D3) has no win over 25/108 expected: f = 216/221. Open
 * on the date: D3 in comfort (reopened, 4 days), D4 in engage and D6 in
 * discover, steps never seen (the fixed forecast alone). D3: model weight
 * 2/12; March 25/108 f, April (1 - 25/108 f - 83/216) f. */
static void test_backtest(void **state)
{
	struct report_opts o = { .backtest = 1, .at = "2024-03-05" };
	json_t *rep, *r, *t;
	double f = 216.0 / 221, p0 = 25.0 / 108 * f;
	double p1 = (1 - p0 - 83.0 / 216) * f;
	act_as("admin@acme.test");
	rep = run("forecast", &o);
	r = row(rep, "month", "2024-03");
	eq_int(r, "deals", 1);
	eq_int(r, "expected_fixed_minor", 16000);
	eq_int(r, "expected_learned_minor", llround(16000 + 200000.0 / 6 * p0));
	eq_int(r, "expected_learned_minor", 23541);
	eq_int(r, "actual_won_minor", 40000);
	eq_int(r, "error_fixed_minor", -24000);
	r = row(rep, "month", "2024-04");
	eq_int(r, "deals", 0);
	eq_int(r, "expected_learned_minor", llround(200000.0 / 6 * p1));
	eq_int(r, "error_learned_minor", 12689);
	r = row(rep, "month", "2024-06");
	eq_int(r, "expected_fixed_minor", 3000);
	eq_int(r, "expected_learned_minor", 3000);
	eq_int(r, "actual_won_minor", 0);
	r = row(rep, "month", "2024-07");
	eq_int(r, "expected_learned_minor", 33333);	/* D3: 5/6 of 20% */
	eq_null(r, "actual_won_minor");
	t = json_object_get(rep, "totals");
	eq_int(t, "deals", 3);
	eq_int(t, "months_compared", 4);
	eq_int(t, "actual_won_minor", 40000);
	eq_int(t, "mae_fixed_minor", 6750);
	eq_int(t, "mae_learned_minor", 8037);	/* (16459 + 12689 + 0 + 3000) / 4 */
	eq_int(t, "total_error_fixed_minor", -21000);
	eq_int(t, "total_error_learned_minor", -770);
	/* won by June: D3 (fixed: July, 0; learned (p0 + p1) / 6), D4 10%,
	 * D6 40% and won */
	eq_real(t, "brier_fixed", (0 + 0.01 + 0.36) / 3);
	eq_real(t, "brier_learned", (pow((p0 + p1) / 6, 2) + 0.01 + 0.36) / 3);
	r = json_array_get(json_object_get(rep, "calibration"), 4);	/* fixed 40-50% */
	eq_int(r, "deals", 1);
	eq_int(r, "won", 1);
	r = json_array_get(json_object_get(rep, "calibration"), 11);	/* learned 10-20% */
	eq_int(r, "deals", 2);	/* D3, and D4 at its fixed 10% */
	eq_int(r, "won", 0);
	r = row_in(rep, "probabilities", "step", "comfort");
	eq_int(r, "seen", 2);
	eq_int(r, "won", 1);
	eq_int(r, "lost", 1);
	json_decref(rep);
}

static void expect_fail(const char *name, const struct report_opts *o,
			int code, const char *text)
{
	struct fc_error err = { 0 };
	json_t *rep = (json_t *)1;
	assert_int_equal(report_run(&ctx, name, o, &rep, &err), code);
	assert_null(rep);
	if (!strstr(err.message, text))
		fail_msg("message '%s' lacks '%s'", err.message, text);
}

static void test_errors(void **state)
{
	struct report_opts o = { 0 };
	act_as("admin@acme.test");
	expect_fail("bogus", &o, FC_EINVAL, "no report 'bogus'");
	o.from = "2024-13-01";
	expect_fail("funnel", &o, FC_EINVAL, "'from' is not a date");
	o.from = "2024-05-01";
	o.to = "2024-04-01";
	expect_fail("funnel", &o, FC_EINVAL, "is after 'to'");
	o.from = o.to = NULL;
	o.process = "nope";
	expect_fail("pipeline", &o, FC_ENOTFOUND, "no process 'nope'");
	o.process = NULL;
	o.backtest = 1;
	expect_fail("forecast", &o, FC_EINVAL, "needs a date");
	o.at = "2024-01-01,2024-02-30";
	expect_fail("forecast", &o, FC_EINVAL, "'at' is not a date");
	o.at = "2024-01-01";
	o.every = "month";
	expect_fail("forecast", &o, FC_EINVAL, "not both");
	o.at = NULL;
	o.every = "week";
	expect_fail("forecast", &o, FC_EINVAL, "takes 'month'");
	o.every = "month";
	expect_fail("forecast", &o, FC_EINVAL, "needs 'from' and 'to'");
	o.every = NULL;
	expect_fail("pipeline", &o, FC_EINVAL, "only applies to report");
	o.backtest = 0;
	o.at = "2024-01-01";
	expect_fail("forecast", &o, FC_EINVAL, "only applies with");
	int64_t id = 0;
	struct fc_error err = { 0 };
	assert_int_equal(user_find(&ctx, "owner", "R1@acme.test", &id, &err), 0);
	assert_int_equal(id, 3);
	assert_int_equal(user_find(&ctx, "owner", "x@y", &id, &err), FC_ENOTFOUND);
}

/* Every rollup row with a non-zero sum, in key order, as one string. */
static char *rollups_dump(void)
{
	static const char *const q[] = {
		"SELECT day, owner_id, process_id, step, prev_day, entered, advanced,"
		" lost, won FROM report_entries WHERE entered <> 0 OR advanced <> 0 "
		"OR lost <> 0 OR won <> 0 ORDER BY 1, 2, 3, 4, 5",
		"SELECT day, owner_id, process_id, '', prev_day, deals, won, 0, 0 "
		"FROM report_starts WHERE deals <> 0 OR won <> 0 ORDER BY 1, 2, 3, 5",
		"SELECT day, owner_id, process_id, step, hours, n, 0, 0, 0 FROM "
		"report_stays WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5",
		"SELECT day, owner_id, process_id, status, hours, n, 0, 0, 0 FROM "
		"report_cycles WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5",
		"SELECT '', owner_id, process_id, step, '', closed, won, 0, 0 FROM "
		"report_learn WHERE closed <> 0 OR won <> 0 ORDER BY 2, 3, 4",
	};
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		struct db_stmt *st = db_prepare(db, q[i]);
		if (!st)
			fail_msg("'%s' failed: %s", q[i], db->errmsg);
		buf_addf(&b, "[%zu]", i);
		while (db_step(st) > 0) {
			for (int c = 0; c < 9; c++)
				buf_addf(&b, "%s%s", c ? "|" : "\n",
					 db_col_text(st, c) ? db_col_text(st, c) : "");
		}
		db_done(st);
	}
	return buf_detach(&b);
}

static void record(int deal_id, const char *at, const char *action,
		   const char *from, const char *to)
{
	struct fc_error err = { 0 };
	struct history_event e = { .entity = "deal", .entity_id = deal_id,
		.action = action, .from_step = from, .to_step = to, .at = at };
	if (history_record(&ctx, &e, &err))
		fail_msg("cannot record '%s': %s", action, err.message);
}

/* The rollups that history_record keeps event by event equal those rebuilt
 * from the whole history, through moves back, forced moves, losses and
 * reopenings. Replays the fixture's events one by one (so it runs last). */
static void test_incremental(void **state)
{
	struct fc_error err = { 0 };
	struct ev { int deal; char at[32], action[16], from[32], to[32]; } *evs;
	size_t n = 0;
	char *inc, *full;

	act_as("admin@acme.test");
	evs = calloc(64, sizeof(*evs));
	struct db_stmt *st = db_prepare(db, "SELECT entity_id, at, action, "
		"COALESCE(from_step, ''), COALESCE(to_step, '') FROM events WHERE "
		"org_id = 1 AND entity = 'deal' ORDER BY id");
	assert_non_null(st);
	while (db_step(st) > 0 && n < 64) {
		evs[n].deal = (int)db_col_int(st, 0);
		snprintf(evs[n].at, sizeof(evs[n].at), "%s", db_col_text(st, 1));
		snprintf(evs[n].action, sizeof(evs[n].action), "%s",
			 db_col_text(st, 2));
		snprintf(evs[n].from, sizeof(evs[n].from), "%s", db_col_text(st, 3));
		snprintf(evs[n].to, sizeof(evs[n].to), "%s", db_col_text(st, 4));
		n++;
	}
	db_done(st);
	assert_int_equal(n, 28);
	full = rollups_dump();
	sql("DELETE FROM events WHERE org_id = 1 AND entity = 'deal'");
	sql("DELETE FROM deal_steps WHERE org_id = 1");
	sql("DELETE FROM report_entries");
	sql("DELETE FROM report_starts");
	sql("DELETE FROM report_stays");
	sql("DELETE FROM report_cycles");
	sql("DELETE FROM report_learn");
	for (size_t i = 0; i < n; i++)
		record(evs[i].deal, evs[i].at, evs[i].action,
		       evs[i].from[0] ? evs[i].from : NULL,
		       evs[i].to[0] ? evs[i].to : NULL);
	inc = rollups_dump();
	assert_string_equal(inc, full);
	free(inc);
	free(full);
	free(evs);

	/* D8 (r2): back and forth, forced, lost, reopened, won. */
	deal(8, 4, 3, "follow_up", "won", 70000, "2024-06-30", "2024-04-02",
	     "2024-06-05", NULL);
	record(8, "2024-04-02T08:00:00Z", "create", NULL, "engage");
	record(8, "2024-04-03T09:30:00Z", "advance", "engage", "comfort");
	record(8, "2024-04-05T10:00:00Z", "advance", "comfort", "discover");
	record(8, "2024-04-06T11:00:00Z", "back", "discover", "comfort");
	record(8, "2024-04-09T12:00:00Z", "advance", "comfort", "discover");
	record(8, "2024-04-12T13:00:00Z", "force", "discover", "agree");
	record(8, "2024-04-20T14:00:00Z", "back", "agree", "present");
	record(8, "2024-04-25T15:00:00Z", "lost", "present", NULL);
	record(8, "2024-05-02T16:00:00Z", "reopen", "present", "present");
	record(8, "2024-05-10T17:00:00Z", "advance", "present", "agree");
	record(8, "2024-06-05T18:00:00Z", "won", "agree", "follow_up");
	inc = rollups_dump();
	if (history_rebuild_steps(&ctx, &err))
		fail_msg("cannot rebuild: %s", err.message);
	full = rollups_dump();
	assert_string_equal(inc, full);
	free(inc);
	free(full);

	/* D8 entered comfort twice in April (once after moving back: not an
	 * entry) and present once, where it was lost and then won. */
	struct report_opts o = { .from = "2024-04-01", .to = "2024-04-30" };
	json_t *rep = run("funnel", &o), *r;
	r = row(rep, "step", "comfort");
	eq_int(r, "entered", 1);
	eq_int(r, "advanced", 1);
	r = row(rep, "step", "present");
	eq_int(r, "entered", 0);
	eq_int(row(rep, "step", "discover"), "entered", 1);
	eq_int(json_object_get(rep, "totals"), "deals", 2);	/* D7, D8 */
	eq_int(json_object_get(rep, "totals"), "won", 1);
	json_decref(rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipeline),
		cmocka_unit_test(test_funnel),
		cmocka_unit_test(test_velocity),
		cmocka_unit_test(test_winrate),
		cmocka_unit_test(test_agreements),
		cmocka_unit_test(test_discipline),
		cmocka_unit_test(test_followup),
		cmocka_unit_test(test_forecast),
		cmocka_unit_test(test_backtest),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_incremental),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
