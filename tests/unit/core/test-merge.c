/* Merging contacts and accounts (core/merge.h), driven through the core
 * services: the one list of references covers every column of the schema
 * that names a contact or an account; a refused merge changes nothing; a
 * merge moves references and its undo moves them back.
 * Rerun alone: meson test -C BUILD core-merge -v */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "core/merge.h"
#include "core/merge-internal.h"

#define TRY(call) (fc_error_clear(&fx.err), (call))

static int listed(const char *table, const char *column)
{
	for (const struct merge_ref *r = merge_refs; r->entity; r++)
		if (!strcmp(r->table, table) && !strcmp(r->column, column))
			return 1;
	return 0;
}

/* A column that names a contact or an account by its name: *contact_id,
 * *account_id, referred_by_id. merge_refs[] must list each (but the
 * deals' derived columns and the records' own ids). */
static void every_reference_is_listed(void **state)
{
	(void)state;
	struct db_stmt *st = db_prepare(fx.ctx.db, "SELECT m.name, p.name FROM "
		"sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' "
		"AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE 'report%' "
		"AND m.name <> 'merges' ORDER BY 1, 2");
	int n = 0;
	assert_non_null(st);
	while (db_step(st) > 0) {
		const char *t = db_col_text(st, 0), *c = db_col_text(st, 1);
		size_t len = strlen(c);
		int names = (len >= 10 && !strcmp(c + len - 10, "contact_id")) ||
			    (len >= 10 && !strcmp(c + len - 10, "account_id")) ||
			    !strcmp(c, "referred_by_id");
		if (!names)
			continue;
		n++;
		if (!listed(t, c))
			fail_msg("%s.%s names a contact or an account, and merge_refs[] "
				 "does not list it", t, c);
	}
	db_done(st);
	assert_true(n >= 10);
}

static void refused_merge_changes_nothing(void **state)
{
	(void)state;
	fx_as(REP_EAST2);
	int64_t theirs = fx_contact(0, "Roy's Ann");
	fx_as(REP_EAST1);
	int64_t mine = fx_contact(0, "Ann"), id = 0;
	char *before = fx_state();
	fx_assert_refused(TRY(merge_records(&fx.ctx, &entity_contact, mine, theirs,
					    NULL, &id, &fx.err)),
			  "merge-access", "not yours to change", NULL);
	char *after = fx_state();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void merge_and_undo_move_references_back(void **state)
{
	(void)state;
	fx_as(ADMIN);
	int64_t a = fx_account("Globex"), b = fx_account("Globex Corp");
	int64_t c1 = fx_contact(a, "Hank"), c2 = fx_contact(b, "Hank S.");
	int64_t d = fx_deal("Big", b, c2, 1000, 3);
	fx_want(d, "objective", 4);
	int64_t id = 0;
	OK(merge_records(&fx.ctx, &entity_contact, c1, c2, NULL, &id, &fx.err));
	assert_int_equal(fx_int("SELECT COUNT(*) FROM contacts WHERE id = %lld",
				(long long)c2), 0);
	assert_int_equal(fx_int("SELECT contact_id FROM deals WHERE id = %lld",
				(long long)d), c1);
	OK(merge_undo(&fx.ctx, id, &fx.err));
	assert_int_equal(fx_int("SELECT contact_id FROM deals WHERE id = %lld",
				(long long)d), c2);
	char *name = fx_text("contacts", c2, "name");
	assert_string_equal(name, "Hank S.");
	free(name);
	/* a merge of accounts the same way */
	OK(merge_records(&fx.ctx, &entity_account, a, b, NULL, &id, &fx.err));
	assert_int_equal(fx_int("SELECT account_id FROM contacts WHERE id = %lld",
				(long long)c2), a);
	OK(merge_undo(&fx.ctx, id, &fx.err));
	assert_int_equal(fx_int("SELECT account_id FROM contacts WHERE id = %lld",
				(long long)c2), b);
	fx_assert_refused(TRY(merge_undo(&fx.ctx, id, &fx.err)), "merge-undone",
			  NULL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(every_reference_is_listed),
		T(refused_merge_changes_nothing),
		T(merge_and_undo_move_references_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
