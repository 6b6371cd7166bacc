/* Likely duplicates (core/duplicate.h): the keys two spellings of one
 * e-mail, phone, domain or name share; names alike; the candidates of a
 * new record; the guard on create and edit with its way to go on; the keys
 * kept by every write; the pairs, only of records the user may see.
 * Rerun alone: meson test -C BUILD core-duplicates -v */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/duplicate.h"
#include "core/record.h"

#define TRY(call) (fc_error_clear(&fx.err), (call))

static void key_is(char *got, const char *want)
{
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void keys(void **state)
{
	(void)state;
	key_is(duplicate_email_key("  Ada.Lovelace@Example.COM "),
	       "ada.lovelace@example.com");
	key_is(duplicate_email_key("not an address"), NULL);
	/* with or without the country code, the trunk 0, the punctuation */
	key_is(duplicate_phone_key("+44 20 7946 0958"), "079460958");
	key_is(duplicate_phone_key("020 7946 0958"), "079460958");
	key_is(duplicate_phone_key("(0044) 20-7946-0958"), "079460958");
	key_is(duplicate_phone_key("+33 1 23 45 67 89"), "123456789");
	key_is(duplicate_phone_key("01.23.45.67.89"), "123456789");
	key_is(duplicate_phone_key("+1 (415) 555-0100"), "155550100");
	key_is(duplicate_phone_key("ext. 12"), NULL);
	key_is(duplicate_domain_key("https://www.Acme.com/about"), "acme.com");
	key_is(duplicate_domain_key("ACME.com."), "acme.com");
	key_is(duplicate_domain_key("localhost"), NULL);
	key_is(duplicate_email_domain_key("ada@Sales.Acme.com"), "sales.acme.com");
	key_is(duplicate_email_domain_key("ada@gmail.com"), NULL);
	key_is(duplicate_name_key("  José   MÜLLER-Lüdenscheidt "),
	       "jose muller ludenscheidt");
	key_is(duplicate_name_key(" .. "), NULL);
	key_is(duplicate_account_name_key("ACME, Inc."), "acme");
	key_is(duplicate_account_name_key("Acme Trading Co. Ltd"), "acme trading");
	key_is(duplicate_account_name_key("Inc"), "inc");
}

static int alike(const char *a, const char *b)
{
	char *ka = duplicate_name_key(a), *kb = duplicate_name_key(b);
	int r = duplicate_names_alike(ka, kb);
	free(ka);
	free(kb);
	return r;
}

static void names(void **state)
{
	(void)state;
	assert_int_equal(alike("Ada Lovelace", "ADA  lovelace"), 1);
	assert_int_equal(alike("Zoë Ørsted", "Zoe orsted"), 1);
	assert_int_equal(alike("A. Lovelace", "Ada Lovelace"), 2);
	assert_int_equal(alike("Jon Smith", "John Smith"), 2);
	assert_int_equal(alike("Ada Lovelace", "Ada Lovelaec"), 0);
	assert_int_equal(alike("Ann Smith", "Dan Smith"), 0);
	assert_int_equal(alike("Ada Lovelace", "Ada King Lovelace"), 0);
	assert_int_equal(alike("Ada", "Adam"), 0);
	assert_int_equal(alike("A. L.", "Ada Lovelace"), 0);
	/* numbers are not names: contacts named after their address */
	assert_int_equal(alike("buyer1@acct1.test", "buyer5@acct1.test"), 0);
	assert_int_equal(alike("Unit 4 Lee", "Unit 4 Lee"), 1);
}

static json_t *obj(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	return j;
}

static int create(const struct entity *e, const char *text, int64_t *id)
{
	json_t *in = obj(text);
	int rc = TRY(record_create(&fx.ctx, e, in, NULL, id, &fx.err));
	json_decref(in);
	return rc;
}

static int patch(const struct entity *e, int64_t id, const char *text)
{
	json_t *in = obj(text);
	int rc = TRY(record_update(&fx.ctx, e, id, in, NULL, 0, &fx.err));
	json_decref(in);
	return rc;
}

static void refused_duplicate(int rc, const char *needle)
{
	fx_assert_fail(rc, FC_ECONFLICT, "refused (duplicate): ");
	assert_string_equal(fx.err.rule, DUPLICATE_RULE);
	assert_non_null(strstr(fx.err.message, needle));
}

static void on_create(void **state)
{
	(void)state;
	int64_t account, ada, other, id;
	char json[160];
	fx_as(ADMIN);
	account = fx_account("Analytical Engines");
	snprintf(json, sizeof(json), "{\"name\": \"Ada Lovelace\", \"email\": "
		 "\"ada@engines.test\", \"phone\": \"+44 20 7946 0958\", "
		 "\"account_id\": %lld}", (long long)account);
	OK(create(&entity_contact, json, &ada));
	char *before = fx_state();

	refused_duplicate(create(&entity_contact, "{\"name\": \"Someone\", "
				 "\"email\": \"ADA@Engines.test\"}", &id),
			  "likely the same contact as Ada Lovelace (#");
	assert_non_null(strstr(fx.err.message, "same e-mail ada@engines.test"));
	refused_duplicate(create(&entity_contact, "{\"name\": \"A. Lovelace\", "
				 "\"phones\": [\"020 7946 0958\"]}", &id),
			  "same phone (ending 079460958)");
	snprintf(json, sizeof(json), "{\"name\": \"A. Lovelace\", \"account_id\": "
		 "%lld}", (long long)account);
	refused_duplicate(create(&entity_contact, json, &id), "similar name");
	refused_duplicate(create(&entity_account, "{\"name\": \"ANALYTICAL "
				 "ENGINES Ltd.\"}", &id), "same name");
	char *after = fx_state();
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* a phone shared by people whose names are not alike is a switchboard */
	OK(create(&entity_contact, "{\"name\": \"Charles Babbage\", \"phone\": "
		  "\"+44 20 7946 0958\"}", &id));
	/* the same name at another account, or without one, is someone else */
	OK(create(&entity_contact, "{\"name\": \"Ada Lovelace\"}", &other));
	/* told to go on, it is created; the switch must be a boolean */
	fx_assert_fail(create(&entity_contact, "{\"name\": \"Someone\", \"email\":"
			      " \"ada@engines.test\", \"allow_duplicate\": 1}", &id),
		       FC_EINVAL, "'allow_duplicate' must be true or false");
	OK(create(&entity_contact, "{\"name\": \"Someone\", \"email\": "
		  "\"ada@engines.test\", \"allow_duplicate\": true}", &id));
	assert_true(id > other);

	/* the candidates, with their evidence */
	json_t *rec = obj("{\"email\": \"Ada@engines.test\", \"name\": \"x\"}"), *found;
	OK(duplicates_find_for_contact(&fx.ctx, 0, rec, &found, &fx.err));
	assert_int_equal(json_array_size(found), 2);
	json_t *first = json_array_get(found, 0);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), ada);
	assert_string_equal(json_string_value(json_object_get(first, "name")),
			    "Ada Lovelace");
	json_t *ev = json_array_get(json_object_get(first, "evidence"), 0);
	assert_string_equal(json_string_value(json_object_get(ev, "rule")), "email");
	assert_string_equal(json_string_value(json_object_get(ev, "value")),
			    "ada@engines.test");
	json_decref(found);
	json_decref(rec);
}

static void accounts(void **state)
{
	(void)state;
	int64_t acme, other, id, bob;
	char json[160];
	fx_as(ADMIN);
	OK(create(&entity_account, "{\"name\": \"Acme\", \"domain\": "
		  "\"https://www.acme.test/\"}", &acme));
	refused_duplicate(create(&entity_account, "{\"name\": \"Roadrunner "
				 "Supplies\", \"domain\": \"ACME.test\"}", &id),
			  "same domain acme.test");
	/* a contact of another account with an e-mail at the domain */
	OK(create(&entity_account, "{\"name\": \"Wile E. Holdings\"}", &other));
	snprintf(json, sizeof(json), "{\"name\": \"Bob\", \"email\": "
		 "\"bob@coyote.test\", \"account_id\": %lld}", (long long)other);
	OK(create(&entity_contact, json, &bob));
	refused_duplicate(create(&entity_account, "{\"name\": \"Coyote\", "
				 "\"domain\": \"coyote.test\"}", &id),
			  "a contact with an e-mail at coyote.test");
}

static void on_edit(void **state)
{
	(void)state;
	int64_t a, b;
	fx_as(ADMIN);
	OK(create(&entity_contact, "{\"name\": \"Ada\", \"email\": \"ada@x.test\"}",
		  &a));
	OK(create(&entity_contact, "{\"name\": \"Bea\", \"email\": \"bea@x.test\"}",
		  &b));
	/* an edit that makes a duplicate is refused, and told to, saved */
	refused_duplicate(patch(&entity_contact, b, "{\"email\": \"ADA@x.test\"}"),
			  "likely the same contact as Ada (#");
	assert_int_equal(fx_int("SELECT version FROM contacts WHERE id = %lld",
				(long long)b), 1);
	/* an edit of other fields, or to the record's own value, is not checked */
	OK(patch(&entity_contact, b, "{\"title\": \"CEO\"}"));
	OK(patch(&entity_contact, a, "{\"email\": \"ada@x.test\"}"));
	OK(patch(&entity_contact, b, "{\"email\": \"ada@x.test\", "
		 "\"allow_duplicate\": true}"));
	/* the keys follow every write: the old address no longer matches */
	assert_int_equal(fx_int("SELECT COUNT(*) FROM duplicate_keys WHERE "
				"record_id = %lld AND norm = 'bea@x.test'",
				(long long)b), 0);
	OK(TRY(record_delete(&fx.ctx, &entity_contact, b, 0, &fx.err)));
	assert_int_equal(fx_int("SELECT COUNT(*) FROM duplicate_keys WHERE "
				"kind = 'contact' AND record_id = %lld",
				(long long)b), 0);
	/* a rebuild writes what the writes wrote */
	int64_t n = fx_int("SELECT COUNT(*) FROM duplicate_keys");
	OK(duplicate_keys_rebuild(&fx.ctx, &fx.err));
	assert_int_equal(fx_int("SELECT COUNT(*) FROM duplicate_keys"), n);
}

static int pairs_count(const char *kind, json_t **out)
{
	OK(duplicates_list(&fx.ctx, kind, NULL, out, &fx.err));
	return (int)json_array_size(json_object_get(*out, "items"));
}

static void pairs(void **state)
{
	(void)state;
	int64_t mine, theirs, x, y, z;
	json_t *out;
	char json[200];
	fx_as(REP_EAST1);
	mine = fx_account("Mine");
	snprintf(json, sizeof(json), "{\"name\": \"Kim Lee\", \"phone\": "
		 "\"+33 1 23 45 67 89\", \"account_id\": %lld}", (long long)mine);
	OK(create(&entity_contact, json, &x));
	snprintf(json, sizeof(json), "{\"name\": \"kim  LEE\", \"account_id\": "
		 "%lld, \"allow_duplicate\": true}", (long long)mine);
	OK(create(&entity_contact, json, &y));
	fx_as(REP_WEST);
	theirs = fx_account("Theirs");
	snprintf(json, sizeof(json), "{\"name\": \"Kim Lee\", \"phone\": "
		 "\"01 23 45 67 89\", \"account_id\": %lld}", (long long)theirs);
	/* the rep of the west does not see the east's Kim: not a candidate */
	OK(create(&entity_contact, json, &z));

	fx_as(ADMIN);
	assert_int_equal(pairs_count("contacts", &out), 2);
	json_t *p = json_array_get(json_object_get(out, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "a"),
							    "id")), x);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "b"),
							    "id")), y);
	assert_string_equal(json_string_value(json_object_get(json_object_get(p,
				"b"), "name")), "kim  LEE");
	assert_false(json_is_true(json_object_get(out, "truncated")));
	json_decref(out);
	struct duplicates_query q = { .limit = 1 };
	OK(duplicates_list(&fx.ctx, "contact", &q, &out, &fx.err));
	assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
	assert_true(json_is_true(json_object_get(out, "truncated")));
	json_decref(out);

	/* each rep sees only the pairs of records they may see */
	fx_as(REP_EAST1);
	assert_int_equal(pairs_count("contacts", &out), 1);
	json_decref(out);
	fx_as(REP_WEST);
	assert_int_equal(pairs_count("contacts", &out), 0);
	json_decref(out);
	fx_assert_fail(TRY(duplicates_list(&fx.ctx, "deals", NULL, &out, &fx.err)),
		       FC_EINVAL, "contacts or accounts");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys),
		cmocka_unit_test(names),
		cmocka_unit_test_setup_teardown(on_create, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(accounts, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(on_edit, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(pairs, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
