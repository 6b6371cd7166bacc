/* The generic record layer (core/record.h): input validation with its
 * messages, who sees what (own, team, admin, shares, other organisations),
 * versions (ETags), and lists with filters, search and keyset cursors.
 * Every refused write is checked to have changed nothing.
 * Rerun alone: meson test -C BUILD core-records -v */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deal.h"
#include "core/record.h"
#include "core/want.h"

#define TRY(call) (fc_error_clear(&fx.err), (call))

static void assert_unchanged(char *before)
{
	char *after = fx_state();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* Creating a contact from TEXT fails with CODE, naming FIELD, saying NEEDLE. */
static void create_fails(const struct entity *e, const char *text, int code,
			 const char *field, const char *needle)
{
	json_error_t jerr;
	json_t *in = json_loads(text, 0, &jerr);
	if (!in)
		fail_msg("bad test JSON %s: %s", text, jerr.text);
	char *before = fx_state();
	fx_assert_fail(TRY(record_create(&fx.ctx, e, in, NULL, NULL, &fx.err)),
		       code, needle);
	if (field)
		assert_string_equal(fx.err.field, field);
	assert_unchanged(before);
	json_decref(in);
}

static void update_fails(const struct entity *e, int64_t id, const char *text,
			 int64_t version, int code, const char *needle)
{
	json_t *in = json_loads(text, 0, NULL);
	assert_non_null(in);
	char *before = fx_state();
	fx_assert_fail(TRY(record_update(&fx.ctx, e, id, in, NULL, version,
					 &fx.err)), code, needle);
	assert_unchanged(before);
	json_decref(in);
}

/* ---- validation -------------------------------------------------------- */

static void validation(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	const struct entity *c = &entity_contact;
	create_fails(c, "{\"name\": \"A\", \"colour\": \"red\"}", FC_EINVAL,
		     "colour", "unknown field 'colour' for a contact");
	create_fails(c, "{\"name\": 5}", FC_EINVAL, "name",
		     "'name' must be a string");
	create_fails(c, "{\"name\": \"A\", \"comfort\": \"3\"}", FC_EINVAL,
		     "comfort", "'comfort' must be an integer");
	create_fails(c, "{\"name\": \"A\", \"comfort\": 6}", FC_EINVAL, "comfort",
		     "'comfort' must be between 0 and 5");
	create_fails(c, "{\"name\": \"A\", \"comfort\": -1}", FC_EINVAL, "comfort",
		     "'comfort' must be between 0 and 5");
	create_fails(c, "{\"name\": \"A\", \"source\": \"tv\"}", FC_EINVAL,
		     "source", "'source' must be one of referral|inbound|outbound|"
		     "event|web|other, not 'tv'");
	create_fails(c, "{\"name\": \"A\", \"email\": \"no-at.test\"}", FC_EINVAL,
		     "email", "'email' is not a valid email address: 'no-at.test'");
	create_fails(c, "{\"name\": \"A\", \"email\": \"a@b\"}", FC_EINVAL,
		     "email", "not a valid email address");
	create_fails(c, "{\"name\": \"A\", \"email\": \"a b@c.test\"}", FC_EINVAL,
		     "email", "not a valid email address");
	create_fails(c, "{\"name\": \"A\", \"timing_from\": \"2024-13-01\"}",
		     FC_EINVAL, "timing_from",
		     "'timing_from' must be a date YYYY-MM-DD");
	create_fails(c, "{\"name\": \"A\", \"timing_to\": \"2024-02-30\"}",
		     FC_EINVAL, "timing_to", "must be a date");
	create_fails(c, "{\"name\": \"A\", \"timing_to\": \"soon\"}", FC_EINVAL,
		     "timing_to", "must be a date");
	create_fails(c, "{\"name\": \"A\", \"emails\": \"a@b.test\"}", FC_EINVAL,
		     "emails", "'emails' must be an array or object");
	create_fails(c, "{}", FC_EINVAL, "name", "'name' is required");
	create_fails(c, "{\"name\": \"   \"}", FC_EINVAL, "name",
		     "'name' is required");
	create_fails(c, "{\"name\": null}", FC_EINVAL, "name", "'name' is required");
	create_fails(c, "[1, 2]", FC_EINVAL, NULL, "must be a JSON object");
	/* text too long: 200 bytes pass, 201 do not */
	char text[400], name[202];
	memset(name, 'x', 201);
	name[201] = '\0';
	snprintf(text, sizeof(text), "{\"name\": \"%s\"}", name);
	create_fails(c, text, FC_EINVAL, "name", "'name' is longer than 200 bytes");
	name[200] = '\0';
	json_t *in = json_pack("{s:s}", "name", name);
	OK(record_create(&fx.ctx, c, in, NULL, NULL, &fx.err));
	json_decref(in);
	/* system fields echoed back from a read are ignored */
	int64_t echoed = 0;
	in = json_pack("{s:s, s:i, s:i}", "name", "Echo", "version", 7, "id", 999);
	OK(record_create(&fx.ctx, c, in, NULL, &echoed, &fx.err));
	json_decref(in);
	assert_true(echoed != 999);
	assert_int_equal(fx_int("SELECT version FROM contacts WHERE id = %lld",
				(long long)echoed), 1);
	int64_t a = fx_account("Acc"), ct = fx_contact(a, "C");
	int64_t d = fx_deal("D", a, ct, 100, 3);
	update_fails(&entity_deal, d, "{\"step\": \"agree\"}", 0, FC_EINVAL,
		     "'step' cannot be set directly");
	update_fails(&entity_deal, d, "{\"status\": \"won\"}", 0, FC_EINVAL,
		     "'status' cannot be set directly");
	update_fails(&entity_deal, d, "{\"process_id\": 1}", 0, FC_EINVAL,
		     "'process_id' cannot be changed");
	/* money */
	update_fails(&entity_deal, d, "{\"value\": -5}", 0, FC_EINVAL,
		     "'value' cannot be negative");
	update_fails(&entity_deal, d, "{\"value\": \"-5.00\"}", 0, FC_EINVAL,
		     "'value' cannot be negative");
	update_fails(&entity_deal, d, "{\"value\": \"12.345\"}", 0, FC_EINVAL,
		     "'value' must be an amount like 1234.50");
	update_fails(&entity_deal, d, "{\"value\": \"ten\"}", 0, FC_EINVAL,
		     "'value' must be an amount");
	update_fails(&entity_deal, d, "{\"value\": true}", 0, FC_EINVAL,
		     "'value' must be an amount");
	update_fails(&entity_deal, d, "{\"currency\": \"EURO\"}", 0, FC_EINVAL,
		     "'currency' is longer than 3 bytes");
	update_fails(&entity_deal, d, "{\"close_date\": \"tomorrow\"}", 0,
		     FC_EINVAL, "'close_date' must be a date");
	in = json_pack("{s:s, s:s}", "value", "$1,234.50", "currency", "eur");
	OK(record_update(&fx.ctx, &entity_deal, d, in, NULL, 0, &fx.err));
	json_decref(in);
	assert_int_equal(fx_int("SELECT value_cents FROM deals WHERE id = %lld",
				(long long)d), 123450);
	char *cur = fx_text("deals", d, "currency");
	assert_string_equal(cur, "EUR");
	free(cur);
	/* wants: enum, bounds, create-only */
	char t2[128];
	int64_t w = fx_want(d, "objective", 3);
	snprintf(t2, sizeof(t2), "{\"deal_id\": %lld, \"kind\": \"wish\", "
		 "\"text\": \"t\"}", (long long)d);
	create_fails(&entity_want, t2, FC_EINVAL, "kind", "'kind' must be one of motivation|"
		     "issue|problem|objective|criterion, not 'wish'");
	update_fails(&entity_want, w, "{\"importance\": 0}", 0, FC_EINVAL,
		     "'importance' must be between 1 and 5");
	update_fails(&entity_want, w, "{\"deal_id\": 1}", 0, FC_EINVAL,
		     "'deal_id' cannot be changed");
	/* a rep keeps records to themselves */
	snprintf(t2, sizeof(t2), "{\"name\": \"A\", \"owner_id\": %lld}",
		 (long long)fx.rep_east2);
	create_fails(c, t2, FC_EFORBIDDEN, "owner_id",
		     "a rep cannot assign records to another user");
}

static void references(void **state)
{
	(void)state;
	fx_as(REP_WEST);
	int64_t west_acc = fx_account("West");
	int64_t west_ct = fx_contact(west_acc, "West C");
	fx_as(ADMIN_OTHER);
	int64_t other_acc = fx_account("Other");
	int64_t other_ct = fx_contact(other_acc, "Other C");
	fx_as(REP_EAST1);
	int64_t mine = fx_account("Mine");
	int64_t my_ct = fx_contact(mine, "Mine C");
	char t[256];
	snprintf(t, sizeof(t), "{\"name\": \"X\", \"account_id\": %lld}",
		 (long long)west_acc);
	create_fails(&entity_contact, t, FC_EINVAL, "account_id", "'account_id': "
		     "no account");
	snprintf(t, sizeof(t), "{\"name\": \"X\", \"account_id\": %lld}",
		 (long long)other_acc);
	create_fails(&entity_contact, t, FC_EINVAL, "account_id", "no account");
	snprintf(t, sizeof(t), "{\"name\": \"X\", \"account_id\": 424242}");
	create_fails(&entity_contact, t, FC_EINVAL, "account_id",
		     "'account_id': no account 424242");
	snprintf(t, sizeof(t), "{\"name\": \"X\", \"referred_by_id\": %lld}",
		 (long long)other_ct);
	create_fails(&entity_contact, t, FC_EINVAL, "referred_by_id", "no contact");
	/* a deal on someone else's contact, or on a contact of another account */
	char *before = fx_state();
	json_t *in = json_pack("{s:s, s:I, s:I, s:{s:s, s:s}}", "title", "T",
			       "account_id", (json_int_t)mine, "contact_id",
			       (json_int_t)west_ct, "next_step", "what", "call",
			       "due", fx_date(1));
	fx_assert_fail(TRY(deal_create(&fx.ctx, in, NULL, &fx.err)), FC_EINVAL,
		       "'contact_id': no contact");
	int64_t other_mine = fx_contact(fx_account("Mine 2"), "Mine 2 C");
	free(before);
	before = fx_state();
	json_object_set_new(in, "contact_id", json_integer(other_mine));
	fx_assert_fail(TRY(deal_create(&fx.ctx, in, NULL, &fx.err)), FC_EINVAL,
		       "belongs to another account");
	assert_unchanged(before);
	json_object_set_new(in, "contact_id", json_integer(my_ct));
	OK(deal_create(&fx.ctx, in, NULL, &fx.err));
	json_decref(in);
	/* a want on an invisible deal */
	fx_as(REP_WEST);
	int64_t wd = fx_deal("W", west_acc, west_ct, 1, 3);
	fx_as(REP_EAST1);
	snprintf(t, sizeof(t), "{\"deal_id\": %lld, \"kind\": \"issue\", "
		 "\"text\": \"t\"}", (long long)wd);
	in = json_loads(t, 0, NULL);
	before = fx_state();
	fx_assert_fail(TRY(want_add(&fx.ctx, in, NULL, &fx.err)), FC_EINVAL,
		       "no deal");
	assert_string_equal(fx.err.field, "deal_id");
	assert_unchanged(before);
	json_decref(in);
}

/* ---- access ------------------------------------------------------------ */

static int visible(const struct entity *e, int64_t id)
{
	json_t *out = NULL;
	fc_error_clear(&fx.err);
	int rc = record_get(&fx.ctx, e, id, &out, &fx.err);
	if (rc == 0) {
		assert_int_equal(json_integer_value(json_object_get(out, "id")), id);
		json_decref(out);
		return 1;
	}
	assert_int_equal(rc, FC_ENOTFOUND);
	assert_null(out);
	return 0;
}

static void access(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t e1 = fx_deal_quick("E1", 1);
	int64_t e1w = fx_want(e1, "issue", 2);
	fx_as(REP_EAST2);
	int64_t e2 = fx_deal_quick("E2", 1);
	fx_as(REP_WEST);
	int64_t w = fx_deal_quick("W", 1);
	fx_as(ADMIN_OTHER);
	int64_t o = fx_deal_quick("O", 1);

	fx_as(REP_EAST1);
	assert_true(visible(&entity_deal, e1));
	assert_true(visible(&entity_want, e1w));
	assert_false(visible(&entity_deal, e2));
	assert_false(visible(&entity_deal, w));
	assert_false(visible(&entity_deal, o));
	/* not found, not forbidden: the deal's existence is not revealed */
	char *before = fx_state();
	struct advance_opts adv = { .force = 0 };
	fx_assert_fail(TRY(deal_advance(&fx.ctx, e2, &adv, &fx.err)),
		       FC_ENOTFOUND, NULL);
	update_fails(&entity_deal, e2, "{\"title\": \"mine now\"}", 0,
		     FC_ENOTFOUND, NULL);
	fx_assert_fail(TRY(deal_lose(&fx.ctx, e2, "x", 0, &fx.err)), FC_ENOTFOUND,
		       NULL);
	json_t *show = NULL;
	fx_assert_fail(TRY(deal_show(&fx.ctx, e2, &show, &fx.err)), FC_ENOTFOUND,
		       NULL);
	assert_unchanged(before);

	fx_as(REP_EAST2);
	assert_false(visible(&entity_want, e1w));
	fx_as(MGR_EAST);
	assert_true(visible(&entity_deal, e1));
	assert_true(visible(&entity_deal, e2));
	assert_true(visible(&entity_want, e1w));
	assert_false(visible(&entity_deal, w));
	assert_false(visible(&entity_deal, o));
	fx_as(MGR_WEST);
	assert_false(visible(&entity_deal, e1));
	assert_true(visible(&entity_deal, w));
	fx_as(ADMIN);
	assert_true(visible(&entity_deal, e1));
	assert_true(visible(&entity_deal, e2));
	assert_true(visible(&entity_deal, w));
	assert_false(visible(&entity_deal, o));
	fx_as(ADMIN_OTHER);
	assert_false(visible(&entity_deal, e1));
	assert_true(visible(&entity_deal, o));

	/* lists hold exactly what gets would show */
	fx_as(MGR_EAST);
	json_t *out = NULL;
	struct list_query q = { .limit = 100 };
	OK(record_list(&fx.ctx, &entity_deal, &q, &out, &fx.err));
	json_t *items = json_object_get(out, "items");
	assert_int_equal(json_array_size(items), 2);
	json_decref(out);

	/* a share opens one deal to one user */
	fx_as(REP_WEST);
	assert_false(visible(&entity_deal, e1));
	fx_int("INSERT INTO shares (org_id, entity, entity_id, user_id) VALUES "
	       "(%lld, 'deal', %lld, %lld) RETURNING 0", (long long)fx.org,
	       (long long)e1, (long long)fx.rep_west);
	assert_true(visible(&entity_deal, e1));
	assert_true(visible(&entity_want, e1w));
	assert_false(visible(&entity_deal, e2));
	fx_as(REP_EAST2);
	assert_false(visible(&entity_deal, e1));

	/* the audit log is the admins' */
	fx_as(REP_EAST1);
	fx_assert_fail(TRY(record_list(&fx.ctx, &entity_event, &q, &out, &fx.err)),
		       FC_EFORBIDDEN, "only admins read events");
	/* offerings: everyone reads, reps do not write */
	int64_t off = fx_offering("Widget");
	assert_true(visible(&entity_offering, off));
	create_fails(&entity_offering, "{\"name\": \"Gadget\"}", FC_EFORBIDDEN,
		     NULL, "only managers and admins change offerings");
}

static void versions(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t a = fx_account("A");
	int64_t v = fx_int("SELECT version FROM accounts WHERE id = %lld",
			   (long long)a);
	json_t *in = json_pack("{s:s}", "industry", "retail");
	OK(record_update(&fx.ctx, &entity_account, a, in, NULL, v, &fx.err));
	json_decref(in);
	assert_int_equal(fx_int("SELECT version FROM accounts WHERE id = %lld",
				(long long)a), v + 1);
	/* the old version is stale now */
	update_fails(&entity_account, a, "{\"industry\": \"food\"}", v, FC_ESTALE,
		     "was changed by someone else");
	char *ind = fx_text("accounts", a, "industry");
	assert_string_equal(ind, "retail");
	free(ind);
	/* deletes and rule services check it too */
	char *before = fx_state();
	fx_assert_fail(TRY(record_delete(&fx.ctx, &entity_account, a, v, &fx.err)),
		       FC_ESTALE, "was changed by someone else");
	int64_t d = fx_deal_quick("D", 10);
	int64_t dv = fx_int("SELECT version FROM deals WHERE id = %lld",
			    (long long)d);
	free(before);
	before = fx_state();
	struct advance_opts o = { .if_version = dv - 1 };
	fx_assert_fail(TRY(deal_advance(&fx.ctx, d, &o, &fx.err)), FC_ESTALE,
		       "was changed by someone else");
	fx_assert_fail(TRY(deal_lose(&fx.ctx, d, "x", dv + 1, &fx.err)), FC_ESTALE,
		       NULL);
	assert_unchanged(before);
	o.if_version = dv;
	OK(deal_advance(&fx.ctx, d, &o, &fx.err));
	/* a missing record is not found, not stale */
	update_fails(&entity_account, 999999, "{\"industry\": \"x\"}", 1,
		     FC_ENOTFOUND, NULL);
	OK(record_delete(&fx.ctx, &entity_account, a, v + 1, &fx.err));
	assert_false(visible(&entity_account, a));
}

/* ---- lists ------------------------------------------------------------- */

/* Pages through E sorted by SORT, LIMIT rows a page, and checks every row
 * comes once, in order by the sort key. */
static void page_all(const struct entity *e, const char *sort,
		     const char *column, int numeric, int limit, json_t *filters,
		     int expect)
{
	char *cursor = NULL;
	int seen = 0, pages = 0;
	int64_t ids[200];
	json_t *prev = NULL;
	int desc = sort[0] == '-';
	do {
		struct list_query q = { .sort = sort, .limit = limit,
					.cursor = cursor, .filters = filters };
		json_t *out = NULL;
		OK(record_list(&fx.ctx, e, &q, &out, &fx.err));
		json_t *items = json_object_get(out, "items");
		assert_true(json_array_size(items) <= (size_t)limit);
		size_t i;
		json_t *row;
		json_array_foreach(items, i, row) {
			int64_t id = json_integer_value(json_object_get(row, "id"));
			for (int k = 0; k < seen; k++)
				if (ids[k] == id)
					fail_msg("row %lld came twice (sort %s)",
						 (long long)id, sort);
			assert_true(seen < 200);
			ids[seen++] = id;
			if (prev) {
				json_t *a = json_object_get(prev, column);
				json_t *b = json_object_get(row, column);
				int cmp;
				if (numeric) {
					int64_t x = json_integer_value(a), y = json_integer_value(b);
					cmp = x < y ? -1 : x > y;
				} else {
					const char *x = json_string_value(a), *y = json_string_value(b);
					cmp = strcmp(x ? x : "", y ? y : "");
				}
				if (!cmp) {
					int64_t x = json_integer_value(json_object_get(prev, "id"));
					cmp = x < id ? -1 : 1;
				}
				if (desc ? cmp < 0 : cmp > 0)
					fail_msg("rows out of order at id %lld (sort %s)",
						 (long long)id, sort);
			}
			json_decref(prev);
			prev = json_incref(row);
		}
		free(cursor);
		json_t *next = json_object_get(out, "next_cursor");
		cursor = json_is_string(next) ? strdup(json_string_value(next)) : NULL;
		json_decref(out);
		assert_true(++pages < 100);
	} while (cursor);
	json_decref(prev);
	assert_int_equal(seen, expect);
}

static void lists(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	/* 25 contacts: titles with NULLs and duplicates, comfort 0-3 */
	for (int i = 0; i < 25; i++) {
		char name[32], title[32];
		snprintf(name, sizeof(name), "Person %02d", (i * 7) % 25);
		snprintf(title, sizeof(title), "Title %d", i % 5);
		json_t *in = json_pack("{s:s, s:i}", "name", name, "comfort", i % 4);
		if (i % 3)
			json_object_set_new(in, "title", json_string(title));
		if (i == 4)
			json_object_set_new(in, "tags", json_string("100% loyal"));
		OK(record_create(&fx.ctx, &entity_contact, in, NULL, NULL, &fx.err));
		json_decref(in);
	}
	fx_as(REP_EAST2);
	fx_contact(0, "Not mine");
	fx_as(REP_EAST1);
	page_all(&entity_contact, "title", "title", 0, 4, NULL, 25);
	page_all(&entity_contact, "-title", "title", 0, 3, NULL, 25);
	page_all(&entity_contact, "-comfort", "comfort", 1, 4, NULL, 25);
	page_all(&entity_contact, "name", "name", 0, 7, NULL, 25);
	page_all(&entity_contact, "-id", "id", 1, 6, NULL, 25);
	page_all(&entity_contact, "id", "id", 1, 25, NULL, 25);
	page_all(&entity_contact, "id", "id", 1, 1000, NULL, 25);
	/* filters: one value, several, NULL */
	json_t *f = json_pack("{s:i}", "comfort", 2);
	page_all(&entity_contact, "title", "title", 0, 2, f, 6);
	json_decref(f);
	f = json_pack("{s:[i, i]}", "comfort", 0, 3);
	page_all(&entity_contact, "-title", "title", 0, 5, f, 13);
	json_decref(f);
	f = json_pack("{s:s}", "comfort", "1");
	page_all(&entity_contact, "id", "id", 1, 50, f, 6);
	json_decref(f);
	/* search: case-insensitive, with LIKE's wildcards taken literally */
	struct list_query q = { .q = "PERSON 0" };
	json_t *out = NULL;
	OK(record_list(&fx.ctx, &entity_contact, &q, &out, &fx.err));
	assert_int_equal(json_array_size(json_object_get(out, "items")), 10);
	json_decref(out);
	q.q = "0%";
	OK(record_list(&fx.ctx, &entity_contact, &q, &out, &fx.err));
	assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
	json_decref(out);
	q.q = "_";
	OK(record_list(&fx.ctx, &entity_contact, &q, &out, &fx.err));
	assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
	json_decref(out);
	/* bad queries */
	struct list_query bad = { .sort = "colour" };
	fx_assert_fail(TRY(record_list(&fx.ctx, &entity_contact, &bad, &out,
				       &fx.err)), FC_EINVAL,
		       "cannot sort contacts by 'colour'");
	bad.sort = "-emails";
	fx_assert_fail(TRY(record_list(&fx.ctx, &entity_contact, &bad, &out,
				       &fx.err)), FC_EINVAL, "cannot sort");
	bad.sort = NULL;
	bad.cursor = "not a cursor!";
	fx_assert_fail(TRY(record_list(&fx.ctx, &entity_contact, &bad, &out,
				       &fx.err)), FC_EINVAL, "malformed cursor");
	bad.cursor = NULL;
	bad.limit = 1001;
	fx_assert_fail(TRY(record_list(&fx.ctx, &entity_contact, &bad, &out,
				       &fx.err)), FC_EINVAL, "limit must be 1 to 1000");
	bad.limit = -1;
	fx_assert_fail(TRY(record_list(&fx.ctx, &entity_contact, &bad, &out,
				       &fx.err)), FC_EINVAL, "limit");
	bad.limit = 0;
	f = json_pack("{s:s}", "notes", "x");
	bad.filters = f;
	fx_assert_fail(TRY(record_list(&fx.ctx, &entity_contact, &bad, &out,
				       &fx.err)), FC_EINVAL,
		       "'notes' is not a filter of contacts");
	json_decref(f);
	f = json_pack("{s:s}", "comfort", "high");
	bad.filters = f;
	fx_assert_fail(TRY(record_list(&fx.ctx, &entity_contact, &bad, &out,
				       &fx.err)), FC_EINVAL, "needs a number");
	json_decref(f);
	f = json_pack("{s:[]}", "comfort");
	bad.filters = f;
	fx_assert_fail(TRY(record_list(&fx.ctx, &entity_contact, &bad, &out,
				       &fx.err)), FC_EINVAL, "1 to 50 values");
	json_decref(f);
	/* the manager pages through the team's 26 */
	fx_as(MGR_EAST);
	page_all(&entity_contact, "-title", "title", 0, 5, NULL, 26);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(validation),
		T(references),
		T(access),
		T(versions),
		T(lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
