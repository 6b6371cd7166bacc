/* The import service on a real SQLite file: every row lands or is rejected
 * with its reason, batches commit with their progress record, --resume
 * skips exactly the committed rows, a rep is refused, imported deals get
 * their dated history, a JSON backup restores byte for byte, and a preview
 * shows the column map an import would use; a HubSpot "Date entered"
 * column names its stage.
 * Run alone: meson test -C BUILD core-import */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/export.h"
#include "core/import/import.h"
#include "core/import/internal.h"
#include "core/org.h"
#include "fixture.h"
#include "store/migrate.h"
#include "util/buf.h"
#include "util/date.h"

static char dir[64];
static int ndb;

static struct db *fresh(struct fc_ctx *ctx, int with_org)
{
	struct fc_error err = { 0 };
	struct db *db = NULL;
	char path[128];
	int64_t now;
	snprintf(path, sizeof(path), "%s/t%d.db", dir, ndb++);
	if (db_open(path, &db, &err) || migrate_run(db, NULL, &err))
		fail_msg("cannot set up '%s': %s", path, err.message);
	ctx_init(ctx, db);
	time_parse("2026-03-02T10:00:00Z", &now);
	ctx->now = now;
	if (with_org) {
		struct org_init in = { "Acme", "admin@acme.test", "Ada" };
		if (org_create(ctx, &in, &err))
			fail_msg("org: %s", err.message);
	}
	return db;
}

static int64_t count(struct db *db, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(db, &n, sql, ""), 0);
	return n;
}

static int run_csv(struct fc_ctx *ctx, const char *csv, struct import_options *o,
		   struct import_summary *s, struct fc_error *err)
{
	FILE *f = fmemopen((void *)csv, strlen(csv), "rb");
	char hash[65];
	assert_non_null(f);
	assert_int_equal(import_hash_stream(f, hash, err), 0);
	o->input_hash = hash;
	int rc = import_csv(ctx, f, o, s, err);
	fclose(f);
	return rc;
}

static void test_rows_land_or_are_rejected(void **state)
{
	struct fc_ctx ctx;
	struct db *db = fresh(&ctx, 1);
	struct import_options o = { .kind = IMPORT_CONTACTS };
	struct import_summary s;
	struct fc_error err = { 0 };
	const char *csv = "name,email,comfort,account_ref\n"
		"Ann,ann@x.test,1,\n"
		"\"Bo, Jr\",bo@x.test,2,\n"
		"Ann 2,ann@x.test,3,\n"
		"Cy,cy@x.test,9,\n"
		"Di,di@x.test,,SF-404\n"
		"short row\n";
	import_summary_init(&s);
	assert_int_equal(run_csv(&ctx, csv, &o, &s, &err), 0);
	assert_int_equal(s.read, 6);
	assert_int_equal(s.imported, 2);
	assert_int_equal(s.skipped, 1);
	assert_int_equal(s.rejected, 3);
	assert_int_equal(json_array_size(s.rejects), 3);
	assert_non_null(strstr(json_string_value(json_object_get(
		json_array_get(s.rejects, 0), "reason")), "comfort"));
	assert_non_null(strstr(json_string_value(json_object_get(
		json_array_get(s.rejects, 1), "reason")), "unknown account 'SF-404'"));
	assert_int_equal(count(db, "SELECT COUNT(*) FROM contacts"), 2);
	import_summary_release(&s);
	db_close(db);
}

static void test_resume_is_exactly_once(void **state)
{
	struct fc_ctx ctx;
	struct db *db = fresh(&ctx, 1);
	struct import_options o = { .kind = IMPORT_ACCOUNTS, .batch = 2 };
	struct import_summary s;
	struct fc_error err = { 0 };
	const char *csv = "name\nA\nB\nC\nD\nE\n";
	/* a run that died after two batches: its progress record says row 4 */
	import_summary_init(&s);
	assert_int_equal(run_csv(&ctx, csv, &o, &s, &err), 0);
	import_summary_release(&s);
	assert_int_equal(db_exec(db, "DELETE FROM accounts WHERE name = 'E'; "
		"UPDATE import_runs SET rows_done = 4, finished = 0"), 0);
	import_summary_init(&s);
	assert_int_equal(run_csv(&ctx, csv, &o, &s, &err), FC_ECONFLICT);
	assert_non_null(strstr(err.message, "--resume"));
	import_summary_release(&s);
	o.resume = 1;
	import_summary_init(&s);
	assert_int_equal(run_csv(&ctx, csv, &o, &s, &err), 0);
	assert_int_equal(s.resumed, 4);
	assert_int_equal(s.imported, 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM accounts"), 5);
	assert_int_equal(count(db, "SELECT finished FROM import_runs"), 1);
	import_summary_release(&s);
	db_close(db);
}

static void test_rep_is_refused(void **state)
{
	struct fc_ctx ctx;
	struct db *db = fresh(&ctx, 1);
	struct import_options o = { .kind = IMPORT_ACCOUNTS };
	struct import_summary s;
	struct fc_error err = { 0 };
	ctx.user.role = ROLE_REP;
	import_summary_init(&s);
	assert_int_equal(run_csv(&ctx, "name\nA\n", &o, &s, &err), FC_EFORBIDDEN);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM accounts"), 0);
	import_summary_release(&s);
	db_close(db);
}

static void test_deal_history(void **state)
{
	struct fc_ctx ctx;
	struct db *db = fresh(&ctx, 1);
	struct import_options o = { .kind = IMPORT_DEALS, .preset = "salesforce" };
	struct import_summary s;
	struct fc_error err = { 0 };
	const char *csv = "Id,AccountId,Name,StageName,Amount,CloseDate,CreatedDate\n"
		"006A,,Lost one,Closed Lost,10,2025-01-10,2024-12-01T09:00:00.000+0000\n";
	const char *acc = "Id,Name\n001A,Alpha\n";
	struct import_options oa = { .kind = IMPORT_ACCOUNTS, .preset = "salesforce" };
	import_summary_init(&s);
	assert_int_equal(run_csv(&ctx, acc, &oa, &s, &err), 0);
	import_summary_release(&s);
	import_summary_init(&s);
	assert_int_equal(run_csv(&ctx, csv, &o, &s, &err), 0);
	/* without an AccountId the deal is rejected, not guessed */
	assert_int_equal(s.rejected, 1);
	import_summary_release(&s);
	csv = "Id,AccountId,Name,StageName,Amount,CloseDate,CreatedDate\n"
	      "006A,001A,Lost one,Closed Lost,\"$1,000.25\",2025-01-10,2024-12-01T09:00:00.000+0000\n";
	import_summary_init(&s);
	assert_int_equal(run_csv(&ctx, csv, &o, &s, &err), 0);
	assert_int_equal(s.imported, 1);
	assert_int_equal(count(db, "SELECT value_cents FROM deals"), 100025);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM events WHERE entity = 'deal' "
		"AND reason = 'import' AND ((action = 'create' AND at = "
		"'2024-12-01T00:00:00Z') OR (action = 'lost' AND at = "
		"'2025-01-10T00:00:00Z'))"), 2);
	import_summary_release(&s);
	db_close(db);
}

static int to_buf(void *data, const char *s, size_t len)
{
	return buf_add(data, s, len);
}

static void test_json_round_trip(void **state)
{
	struct fc_ctx a, b;
	struct db *da = fresh(&a, 1), *dbb = fresh(&b, 0);
	struct buf one = BUF_INIT, two = BUF_INIT;
	struct fc_error err = { 0 };
	json_error_t jerr;
	int64_t org;
	assert_int_equal(export_json(&a, to_buf, &one, &err), 0);
	json_t *j = json_loads(one.s, 0, &jerr);
	assert_non_null(j);
	assert_int_equal(import_json(&b, j, &org, &err), 0);
	assert_int_equal(import_json(&b, j, &org, &err), FC_ECONFLICT);
	json_decref(j);
	assert_int_equal(ctx_act_as(&b, NULL, &err), 0);
	b.now = a.now;
	assert_int_equal(export_json(&b, to_buf, &two, &err), 0);
	assert_string_equal(one.s, two.s);
	buf_release(&one);
	buf_release(&two);
	db_close(da);
	db_close(dbb);
}

static int setup(void **state)
{
	return fixture_mkdtemp(dir, sizeof(dir), "fulcrum-import");
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A preview reads only the rows asked for, gives each column the field an
 * import would use (map, then preset, then the field's own name), and
 * refuses a map to a field the kind does not take. */
static void test_preview(void **state)
{
	(void)state;
	const char *csv = "Name;Email;Company;Close Date;Shoe\n"
			  "Ann;ann@x.test;Acme;2026-01-01;41\n"
			  "Bob;bob@x.test;Acme;2026-01-02;42\n"
			  "Cy;cy@x.test;;2026-01-03;43\n";
	struct import_options o = { .kind = IMPORT_CONTACTS, .preset = "salesforce",
				    .map = "Shoe=notes" };
	struct fc_error err = { 0 };
	json_t *out = NULL;
	FILE *f = fmemopen((void *)csv, strlen(csv), "rb");

	assert_int_equal(import_preview(f, &o, 2, &out, &err), 0);
	fclose(f);
	assert_string_equal(json_string_value(json_object_get(out, "delimiter")), ";");
	json_t *cols = json_object_get(out, "columns");
	const char *want[] = { "name", "email", "account", NULL, "notes" };
	assert_int_equal(json_array_size(cols), 5);
	for (size_t i = 0; i < 5; i++) {
		json_t *field = json_object_get(json_array_get(cols, i), "field");
		if (want[i])
			assert_string_equal(json_string_value(field), want[i]);
		else
			assert_true(json_is_null(field));	/* close_date: deals only */
	}
	json_t *rows = json_object_get(out, "rows");
	assert_int_equal(json_array_size(rows), 2);
	assert_string_equal(json_string_value(json_array_get(json_array_get(rows, 1), 0)), "Bob");
	json_decref(out);

	o.kind = IMPORT_DEALS;
	o.map = "Name=title";
	f = fmemopen((void *)csv, strlen(csv), "rb");
	assert_int_equal(import_preview(f, &o, 0, &out, &err), 0);
	fclose(f);
	cols = json_object_get(out, "columns");
	assert_string_equal(json_string_value(json_object_get(json_array_get(cols, 3), "field")), "close_date");
	assert_int_equal(json_array_size(json_object_get(out, "rows")), 0);
	json_decref(out);

	o.map = "Shoe=shoe_size";
	f = fmemopen((void *)csv, strlen(csv), "rb");
	assert_int_equal(import_preview(f, &o, 5, &out, &err), FC_EINVAL);
	fclose(f);
	assert_string_equal(err.field, "map");
}

/* The stage a "Date entered" column dates: the text inside the quotes
 * without its pipeline; any other column names none. */
static void test_stage_date_column(void **state)
{
	static const char *const named[][2] = {
		{ "Date entered \"Appointment Scheduled (Sales Pipeline)\"",
		  "Appointment Scheduled" },
		{ "Date entered Closed Won (Sales Pipeline)", "Closed Won" },
		{ "date entered \"Qualified To Buy\"", "Qualified To Buy" },
		{ "Date entered \"Demo (onsite) (EMEA Pipeline)\"", "Demo (onsite)" },
		{ "Date entered  \"Contract Sent ( Sales Pipeline )\" ",
		  "Contract Sent" },
	};
	static const char *const none[] = {
		"Date exited \"Appointment Scheduled (Sales Pipeline)\"",
		"Date entered", "Date entered \"\"", "Date enteredX (P)",
		"Deal Stage", "Record ID", "Last date entered \"Closed Won (P)\"",
	};
	char stage[STAGE_NAME_MAX];
	(void)state;
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		assert_int_equal(import_stage_date_column(named[i][0], stage,
							  sizeof(stage)), 1);
		assert_string_equal(stage, named[i][1]);
	}
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		assert_int_equal(import_stage_date_column(none[i], stage,
							  sizeof(stage)), 0);
	/* a name too long for the buffer names nothing, cut short */
	assert_int_equal(import_stage_date_column("Date entered Closed Won", stage,
						  6), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_land_or_are_rejected),
		cmocka_unit_test(test_resume_is_exactly_once),
		cmocka_unit_test(test_rep_is_refused),
		cmocka_unit_test(test_deal_history),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_preview),
		cmocka_unit_test(test_stage_date_column),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
