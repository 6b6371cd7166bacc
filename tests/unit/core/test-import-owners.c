/* Importing another CRM's users and activities on a real SQLite file: users
 * are matched (id recorded before, e-mail in any case, full name) or
 * created inactive without a password, and their ids then resolve the
 * owner_ref of every import, as do an owner map's pairs; an owner_ref
 * naming no user leaves the row to the importer and is counted; a done
 * activity becomes an interaction whose
 * agreement is unknown, an open one the deal's next step in place of the
 * import's placeholder, and the rows that cannot be either say why.
 * Run alone: meson test -C BUILD core-import-owners */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/import/import.h"
#include "core/org.h"
#include "fixture.h"
#include "store/migrate.h"
#include "util/date.h"

static char dir[64];
static int ndb;

static struct db *fresh(struct fc_ctx *ctx)
{
	struct fc_error err = { 0 };
	struct db *db = NULL;
	struct org_init in = { "Acme", "admin@acme.test", "Ada" };
	char path[128];
	int64_t now;
	snprintf(path, sizeof(path), "%s/t%d.db", dir, ndb++);
	if (db_open(path, &db, &err) || migrate_run(db, NULL, &err))
		fail_msg("cannot set up '%s': %s", path, err.message);
	ctx_init(ctx, db);
	time_parse("2026-03-02T10:00:00Z", &now);
	ctx->now = now;
	if (org_create(ctx, &in, &err))
		fail_msg("org: %s", err.message);
	return db;
}

static int64_t count(struct db *db, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(db, &n, sql, ""), 0);
	return n;
}

enum what { USERS, ACTIVITIES, CSV };

static void run(struct fc_ctx *ctx, enum what w, int kind, const char *csv,
		struct import_summary *s)
{
	struct import_options o = { .kind = (enum import_kind)kind,
				    .preset = "salesforce" };
	struct fc_error err = { 0 };
	FILE *f = fmemopen((void *)csv, strlen(csv), "rb");
	assert_non_null(f);
	import_summary_init(s);
	int rc = w == USERS ? import_users(ctx, f, &o, s, &err) :
		 w == ACTIVITIES ? import_activities(ctx, f, &o, s, &err) :
		 import_csv(ctx, f, &o, s, &err);
	fclose(f);
	if (rc)
		fail_msg("import: %s", err.message);
}

static void test_users_then_owners(void **state)
{
	struct fc_ctx ctx;
	struct db *db = fresh(&ctx);
	struct import_summary s;
	int64_t admin = ctx.user.id;

	run(&ctx, USERS, 0, "Id,Username,FirstName,LastName,Email\n"
	    "U1,ann@login,Ann,Lee,ann@acme.test\n"
	    "U2,ada@login,Ada,,ADMIN@acme.test\n"
	    "U3,x@login,Nobody,Known,\n"
	    "U4,bo@login,Bo,Chen,bo@acme.test\n", &s);
	assert_int_equal(s.read, 4);
	assert_int_equal(s.imported, 2);
	assert_int_equal(s.updated, 1);	/* the admin, by e-mail */
	assert_int_equal(s.rejected, 1);
	import_summary_release(&s);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM users WHERE active = 0 "
			       "AND password_hash IS NULL AND name IN ('Ann Lee', "
			       "'Bo Chen')"), 2);
	/* again: every row is known by its id */
	run(&ctx, USERS, 0, "Id,FirstName,LastName,Email\n"
	    "U1,Ann,Lee,ann@acme.test\nU4,Bo,Chen,bo@acme.test\n", &s);
	assert_int_equal(s.skipped, 2);
	import_summary_release(&s);

	run(&ctx, CSV, IMPORT_ACCOUNTS, "Id,Name,OwnerId\n"
	    "A1,Alpha,U1\nA2,Beta,U2\nA3,Gamma,U9\nA4,Delta,U9\n", &s);
	assert_int_equal(s.imported, 4);
	assert_int_equal(json_integer_value(json_object_get(s.owners_unknown,
							    "U9")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
		s.by_owner, "U1"), "imported")), 1);
	import_summary_release(&s);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM accounts a JOIN users u "
			       "ON u.id = a.owner_id WHERE a.name = 'Alpha' AND "
			       "u.email = 'ann@acme.test'"), 1);
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM accounts WHERE name IN "
		 "('Beta', 'Gamma', 'Delta') AND owner_id = %lld", (long long)admin);
	assert_int_equal(count(db, sql), 3);

	/* an owner map: their names or ids to users; a pair naming nobody is
	 * rejected */
	struct import_options o = { 0 };
	struct fc_error err = { 0 };
	import_summary_init(&s);
	assert_int_equal(import_owner_map(&ctx, "Former Rep=ann@acme.test\n"
					  "U9=bo@acme.test\nX=nobody@acme.test\n",
					  &o, &s, &err), 0);
	assert_int_equal(s.updated, 2);
	assert_int_equal(s.rejected, 1);
	import_summary_release(&s);
	run(&ctx, CSV, IMPORT_ACCOUNTS, "Id,Name,OwnerId\nA5,Epsilon,Former Rep\n"
	    "A6,Zeta,U9\n", &s);
	assert_int_equal(json_object_size(s.owners_unknown), 0);
	import_summary_release(&s);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM accounts a JOIN users u "
			       "ON u.id = a.owner_id WHERE (a.name = 'Epsilon' AND "
			       "u.email = 'ann@acme.test') OR (a.name = 'Zeta' AND "
			       "u.email = 'bo@acme.test')"), 2);
	db_close(db);
}

static void test_activities(void **state)
{
	struct fc_ctx ctx;
	struct db *db = fresh(&ctx);
	struct import_summary s;

	run(&ctx, USERS, 0, "Id,Name,Email\nU1,Ann Lee,ann@acme.test\n", &s);
	import_summary_release(&s);
	run(&ctx, CSV, IMPORT_ACCOUNTS, "Id,Name\nA1,Alpha\n", &s);
	import_summary_release(&s);
	run(&ctx, CSV, IMPORT_CONTACTS, "Id,AccountId,FirstName,LastName,Email\n"
	    "C1,A1,Pat,Ryan,pat@alpha.test\n", &s);
	import_summary_release(&s);
	run(&ctx, CSV, IMPORT_DEALS, "Id,AccountId,Name,StageName,CloseDate\n"
	    "D1,A1,Alpha deal,Prospecting,2026-06-01\n", &s);
	assert_int_equal(s.imported, 1);
	import_summary_release(&s);

	run(&ctx, ACTIVITIES, 0, "Id,WhoId,WhatId,Subject,ActivityDate,Status,"
	    "OwnerId,TaskSubtype,CallType,CallDisposition,CallDurationInSeconds\n"
	    "T1,C1,D1,Intro,2026-01-10,Completed,U1,Call,Outbound,Connected,300\n"
	    "T2,C1,D1,Send the quote,2026-03-20,Not Started,U1,Task,,,\n"
	    "T3,C1,D1,Then the contract,2026-03-25,Not Started,U1,Task,,,\n"
	    "T4,C1,D1,Update the CRM,2026-01-11,Completed,U1,Task,,,\n"
	    "T5,00Q1,,Lead call,2026-01-12,Completed,U1,Call,,,\n", &s);
	assert_int_equal(s.read, 5);
	assert_int_equal(s.imported, 2);
	assert_int_equal(s.skipped, 2);	/* a second next step; a to-do */
	assert_int_equal(s.rejected, 1);	/* the lead is not a contact */
	import_summary_release(&s);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM interactions i JOIN "
			       "users u ON u.id = i.owner_id WHERE i.kind = 'call' "
			       "AND i.at = '2026-01-10T00:00:00Z' AND i.agreement = "
			       "0 AND i.agreement_known = 0 AND u.email = "
			       "'ann@acme.test' AND i.notes LIKE '%Connected%'"), 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM next_steps n JOIN deals "
			       "d ON d.next_step_id = n.id WHERE n.what = 'Send the "
			       "quote' AND n.due = '2026-03-20' AND n.status = "
			       "'open'"), 1);
	/* again: nothing twice */
	run(&ctx, ACTIVITIES, 0, "Id,WhoId,WhatId,Subject,ActivityDate,Status,"
	    "OwnerId,TaskSubtype\nT1,C1,D1,Intro,2026-01-10,Completed,U1,Call\n",
	    &s);
	assert_int_equal(s.skipped, 1);
	import_summary_release(&s);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM interactions"), 1);
	db_close(db);
}

static int setup(void **state)
{
	return fixture_mkdtemp(dir, sizeof(dir), "fulcrum-import-owners");
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_users_then_owners),
		cmocka_unit_test(test_activities),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
