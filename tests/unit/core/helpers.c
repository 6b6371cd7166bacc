/* The core tests' fixture and builders; see helpers.h. Each test gets its
 * own database file so tests cannot see each other's rows, and the clock
 * stands on FX_TODAY unless a test moves it. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/deal.h"
#include "core/fit.h"
#include "core/interaction.h"
#include "core/org.h"
#include "core/record.h"
#include "core/want.h"
#include "fixture.h"
#include "store/migrate.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/xmalloc.h"

struct fx fx;

static int64_t user_add(const char *email, const char *name, const char *role,
			const char *team)
{
	json_t *in = json_pack("{s:s, s:s, s:s}", "email", email, "name", name,
			       "role", role);
	int64_t id = 0;
	if (team)
		json_object_set_new(in, "team", json_string(team));
	OK(record_create(&fx.ctx, &entity_user, in, NULL, &id, &fx.err));
	json_decref(in);
	return id;
}

void fx_day(int days)
{
	int32_t d;
	if (date_parse(FX_TODAY, &d))
		fail_msg("bad FX_TODAY");
	fx.ctx.now = time_from_date(d + days) + 12 * 3600;
}

const char *fx_date(int days)
{
	static char bufs[8][DATE_LEN];
	static int next;
	int32_t d;
	char *out = bufs[next++ % 8];
	date_parse(FX_TODAY, &d);
	date_format(d + days, out);
	return out;
}

int fx_setup(void **state)
{
	struct org_init acme = { "Acme", ADMIN, "Ada Admin" };
	struct org_init other = { "Other", ADMIN_OTHER, "Otto Admin" };
	(void)state;
	memset(&fx, 0, sizeof(fx));
	if (fixture_mkdtemp(fx.dir, sizeof(fx.dir), "fulcrum-core"))
		fail_msg("mkdtemp failed");
	snprintf(fx.path, sizeof(fx.path), "%s/test.db", fx.dir);
	OK(db_open(fx.path, &fx.db, &fx.err));
	OK(migrate_run(fx.db, NULL, &fx.err));
	ctx_init(&fx.ctx, fx.db);
	fx_day(0);
	OK(org_create(&fx.ctx, &other, &fx.err));
	fx.org_other = fx.ctx.org_id;
	fx.admin_other = fx.ctx.user.id;
	fx.rep_other = user_add(REP_OTHER, "Rita Other", "rep", "east");
	OK(org_create(&fx.ctx, &acme, &fx.err));
	fx.org = fx.ctx.org_id;
	fx.admin = fx.ctx.user.id;
	fx.mgr_east = user_add(MGR_EAST, "Max East", "manager", "east");
	fx.rep_east1 = user_add(REP_EAST1, "Rae East", "rep", "east");
	fx.rep_east2 = user_add(REP_EAST2, "Roy East", "rep", "east");
	fx.mgr_west = user_add(MGR_WEST, "Mia West", "manager", "west");
	fx.rep_west = user_add(REP_WEST, "Rob West", "rep", "west");
	return 0;
}

int fx_teardown(void **state)
{
	char p[160];
	(void)state;
	db_close(fx.db);
	fx.db = NULL;
	unlink(fx.path);
	snprintf(p, sizeof(p), "%s-wal", fx.path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", fx.path);
	unlink(p);
	rmdir(fx.dir);
	return 0;
}

void fx_as(const char *email)
{
	int64_t now = fx.ctx.now;
	OK(ctx_act_as(&fx.ctx, email, &fx.err));
	fx.ctx.now = now;
}

/* The builders make what they are told, likely duplicates too
 * (core/duplicate.h): test-duplicates.c tests the refusal. */
int64_t fx_account(const char *name)
{
	json_t *in = json_pack("{s:s, s:b}", "name", name, "allow_duplicate", 1);
	int64_t id = 0;
	OK(record_create(&fx.ctx, &entity_account, in, NULL, &id, &fx.err));
	json_decref(in);
	return id;
}

int64_t fx_contact(int64_t account_id, const char *name)
{
	json_t *in = json_pack("{s:s, s:b}", "name", name, "allow_duplicate", 1);
	int64_t id = 0;
	if (account_id)
		json_object_set_new(in, "account_id", json_integer(account_id));
	OK(record_create(&fx.ctx, &entity_contact, in, NULL, &id, &fx.err));
	json_decref(in);
	return id;
}

void fx_qualify(int64_t contact_id, const char *need, int from, int to,
		int comfort)
{
	json_t *in = json_pack("{s:s, s:s, s:s, s:i}", "need", need, "timing_from",
			       fx_date(from), "timing_to", fx_date(to),
			       "comfort", comfort);
	OK(record_update(&fx.ctx, &entity_contact, contact_id, in, NULL, 0,
			 &fx.err));
	json_decref(in);
}

int64_t fx_deal(const char *title, int64_t account_id, int64_t contact_id,
		int64_t value, int due)
{
	json_t *in = json_pack("{s:s, s:I, s:I, s:I, s:{s:s, s:s}}", "title", title,
			       "account_id", (json_int_t)account_id, "contact_id",
			       (json_int_t)contact_id, "value", (json_int_t)value,
			       "next_step", "what", "first call", "due", fx_date(due));
	int64_t id = 0;
	OK(deal_create(&fx.ctx, in, &id, &fx.err));
	json_decref(in);
	return id;
}

int64_t fx_deal_quick(const char *title, int64_t value)
{
	int64_t a = fx_account(title);
	int64_t c = fx_contact(a, title);
	fx_qualify(c, "a need", -10, 30, 0);
	return fx_deal(title, a, c, value, 5);
}

int64_t fx_want(int64_t deal_id, const char *kind, int importance)
{
	json_t *in = json_pack("{s:I, s:s, s:s, s:i}", "deal_id", (json_int_t)deal_id,
			       "kind", kind, "text", kind, "importance", importance);
	int64_t id = 0;
	OK(want_add(&fx.ctx, in, &id, &fx.err));
	json_decref(in);
	return id;
}

int64_t fx_offering(const char *name)
{
	struct fc_actor saved = fx.ctx.user;
	json_t *in = json_pack("{s:s}", "name", name);
	int64_t id = 0;
	fx_as(ADMIN);
	OK(record_create(&fx.ctx, &entity_offering, in, NULL, &id, &fx.err));
	json_decref(in);
	fx.ctx.user = saved;
	return id;
}

int64_t fx_fit(int64_t want_id, int64_t offering_id)
{
	json_t *in = json_pack("{s:I, s:I, s:s}", "want_id", (json_int_t)want_id,
			       "offering_id", (json_int_t)offering_id, "how",
			       "it gives them that");
	int64_t id = 0;
	OK(fit_add(&fx.ctx, in, &id, &fx.err));
	json_decref(in);
	return id;
}

int64_t fx_agree(int64_t deal_id, const char *what, int due)
{
	char when[DATE_LEN];
	date_format(date_from_time(fx.ctx.now) + due, when);
	json_t *in = json_pack("{s:s, s:I, s:b, s:{s:s, s:s}}", "kind", "call",
			       "deal_id", (json_int_t)deal_id, "agreement", 1,
			       "next_step", "what", what, "due", when);
	int64_t id = 0;
	OK(interaction_log(&fx.ctx, in, &id, &fx.err));
	json_decref(in);
	return id;
}

void fx_walk(int64_t deal_id, const char *to)
{
	for (int guard = 0; guard < 10; guard++) {
		char *step = fx_text("deals", deal_id, "step");
		int64_t contact = fx_int("SELECT contact_id FROM deals WHERE id = %lld",
					 (long long)deal_id);
		int done = !strcmp(step, to);
		if (!done && !strcmp(step, "engage")) {
			fx_qualify(contact, "a need", -10, 30, 0);
		} else if (!done && !strcmp(step, "comfort")) {
			json_t *in = json_pack("{s:i}", "comfort", 3);
			OK(record_update(&fx.ctx, &entity_contact, contact, in, NULL,
					 0, &fx.err));
			json_decref(in);
		} else if (!done && !strcmp(step, "discover")) {
			fx_want(deal_id, "objective", 2);
			fx_want(deal_id, "problem", 2);
		} else if (!done && !strcmp(step, "agree")) {
			fx_agree(deal_id, "sign the order", 3);
		}
		free(step);
		if (done)
			return;
		struct advance_opts o = { 0 };
		OK(deal_advance(&fx.ctx, deal_id, &o, &fx.err));
	}
	fail_msg("deal %lld never reached '%s'", (long long)deal_id, to);
}

int64_t fx_order(int64_t deal_id, const char *what, int due)
{
	char when[DATE_LEN];
	date_format(date_from_time(fx.ctx.now) + due, when);
	json_t *in = json_pack("{s:s, s:I, s:s, s:{s:s, s:s}}", "kind", "meeting",
			       "deal_id", (json_int_t)deal_id, "agreement_type",
			       "order", "next_step", "what", what, "due", when);
	int64_t id = 0;
	OK(interaction_log(&fx.ctx, in, &id, &fx.err));
	json_decref(in);
	return id;
}

void fx_win(int64_t deal_id)
{
	fx_walk(deal_id, "agree");
	fx_order(deal_id, "kick off the delivery", 2);
	OK(deal_win(&fx.ctx, deal_id, NULL, 0, NULL, 0, &fx.err));
}

char *fx_text(const char *table, int64_t id, const char *column)
{
	char sql[256];
	char *out;
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE id = ?", column, table);
	struct db_stmt *st = db_prepare(fx.db, sql);
	if (!st)
		fail_msg("'%s': %s", sql, fx.db->errmsg);
	db_bind_int(st, 1, id);
	if (db_step(st) <= 0)
		fail_msg("no row %lld in %s", (long long)id, table);
	out = xstrdup(db_col_text(st, 0) ? db_col_text(st, 0) : "");
	db_done(st);
	return out;
}

int64_t fx_int(const char *fmt, ...)
{
	char sql[1024];
	int64_t v = 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	int rc = db_query_int(fx.db, &v, sql, "");
	if (rc)
		fail_msg("'%s' failed (%d): %s", sql, rc, fx.db->errmsg);
	return v;
}

char *fx_state(void)
{
	static const char *const queries[] = {
		"SELECT * FROM deals ORDER BY id",
		"SELECT * FROM next_steps ORDER BY id",
		"SELECT * FROM interactions ORDER BY id",
		"SELECT * FROM wants ORDER BY id",
		"SELECT * FROM fits ORDER BY id",
		"SELECT * FROM checks ORDER BY id",
		"SELECT * FROM asks ORDER BY id",
		"SELECT * FROM referrals ORDER BY id",
		"SELECT * FROM contacts ORDER BY id",
		"SELECT * FROM accounts ORDER BY id",
		"SELECT * FROM processes ORDER BY id",
		"SELECT * FROM steps ORDER BY id",
		"SELECT * FROM events ORDER BY id",
	};
	struct buf b = BUF_INIT;
	for (size_t q = 0; q < ARRAY_SIZE(queries); q++) {
		struct db_stmt *st = db_prepare(fx.db, queries[q]);
		int rc;
		if (!st)
			fail_msg("'%s': %s", queries[q], fx.db->errmsg);
		buf_addf(&b, "%s\n", queries[q]);
		while ((rc = db_step(st)) > 0) {
			for (int i = 0; i < db_col_count(st); i++)
				buf_addf(&b, "%s|", db_col_text(st, i) ?
					 db_col_text(st, i) : "NULL");
			buf_addch(&b, '\n');
		}
		db_done(st);
		if (rc < 0)
			fail_msg("'%s': %s", queries[q], fx.db->errmsg);
	}
	return buf_detach(&b);
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("message '%s' does not mention '%s'", hay, needle);
}

void fx_assert_refused(int rc, const char *rule, ...)
{
	va_list ap;
	const char *s;
	if (rc != FC_ERULE)
		fail_msg("expected a refusal (%s), got %d: %s", rule, rc,
			 fx.err.message);
	assert_int_equal(fx.err.code, FC_ERULE);
	assert_string_equal(fx.err.rule, rule);
	char prefix[64];
	snprintf(prefix, sizeof(prefix), "refused (%s): ", rule);
	if (strncmp(fx.err.message, prefix, strlen(prefix)))
		fail_msg("message '%s' does not start with '%s'", fx.err.message,
			 prefix);
	va_start(ap, rule);
	while ((s = va_arg(ap, const char *)))
		assert_contains(fx.err.message, s);
	va_end(ap);
}

void fx_assert_fail(int rc, int code, const char *needle)
{
	if (rc != code)
		fail_msg("expected %d (%s), got %d: %s", code, fc_strerror(code), rc,
			 fx.err.message);
	if (needle)
		assert_contains(fx.err.message, needle);
}
