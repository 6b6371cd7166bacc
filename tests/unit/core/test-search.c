/* Search: the words of any text (quotes, operators, invalid bytes), each
 * quoted as a prefix so no text is read as FTS5 or tsquery syntax, and a
 * search of arbitrary bytes that never fails; the rank puts a name above a
 * word of the notes; a rep never finds another team's records, and finds
 * their own even when the newest matches of a word are all others'. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "core/search-words.h"
#include "core/search.h"
#include "store/db.h"
#include "util/buf.h"

static void split(const char *text, const char *want_fts5,
		  const char *want_tsquery)
{
	struct search_words w;
	struct buf a = BUF_INIT, b = BUF_INIT;
	assert_int_equal(search_words_split(text, strlen(text), &w), 0);
	search_words_fts5(&w, &a);
	search_words_tsquery(&w, &b);
	assert_string_equal(a.len ? a.s : "", want_fts5);
	assert_string_equal(b.len ? b.s : "", want_tsquery);
	search_words_free(&w);
	buf_release(&a);
	buf_release(&b);
}

static void test_words(void **state)
{
	struct search_words w;
	(void)state;
	/* finished words whole, the last word still being typed a prefix */
	split("Ada Lovelace", "\"Ada\" \"Lovelace\"*", "'Ada' & 'Lovelace':*");
	split("Ada Lovelace ", "\"Ada\" \"Lovelace\"", "'Ada' & 'Lovelace'");
	split("  \"ab*\" OR (b) ", "\"ab\" \"OR\" \"b\"", "'ab' & 'OR' & 'b'");
	split("maple heal", "\"maple\" \"heal\"*", "'maple' & 'heal':*");
	/* one character is a whole word, last or not */
	split("o'brien é", "\"o\" \"brien\" \"é\"", "'o' & 'brien' & 'é'");
	split("o'brien", "\"o\" \"brien\"*", "'o' & 'brien':*");
	split("José—Núñez", "\"José\" \"Núñez\"*", "'José' & 'Núñez':*");
	split("“quoted” 🙂", "\"quoted\"", "'quoted'");
	split("ab\xff\xfe" "cd", "\"ab\" \"cd\"*", "'ab' & 'cd':*");
	split("ab\xff\xfe" "cd\xc3", "\"ab\" \"cd\"", "'ab' & 'cd'");
	split("!!! ---", "", "");
	assert_int_equal(search_words_split("a b c d e f g h i j k l m n o p q", 33,
					    &w), -1);
	assert_int_equal(search_words_split("a b c d e f g h i j k l m n o p", 31,
					    &w), 0);
	assert_int_equal(w.n, 16);
	search_words_free(&w);
}

static int found(json_t *res, const char *kind, int64_t id)
{
	size_t i, j;
	json_t *g, *r;
	json_array_foreach(json_object_get(res, "groups"), i, g) {
		if (strcmp(json_string_value(json_object_get(g, "kind")), kind))
			continue;
		json_array_foreach(json_object_get(g, "results"), j, r)
			if (json_integer_value(json_object_get(r, "id")) == id)
				return (int)j + 1;
	}
	return 0;
}

static void test_any_text(void **state)
{
	json_t *res;
	char text[SEARCH_TEXT_MAX + 1];
	unsigned seed = 12345;
	(void)state;
	fx_as(ADMIN);
	fx_contact(fx_account("Quote \"Ltd\""), "Grace (NEAR) Hopper*");
	for (int round = 0; round < 500; round++) {
		size_t len = 1 + (seed = seed * 1103515245u + 12345u) % 40;
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			/* any byte but NUL, often the engines' own syntax */
			text[i] = (seed >> 16) % 3 ? "\"'*()-:^+&|!<> grNEAROR"
				[(seed >> 8) % 23] : (char)(1 + (seed >> 8) % 255);
		}
		text[len] = '\0';
		int rc = search(&fx.ctx, text, SEARCH_ALL_KINDS, 5, &res, &fx.err);
		if (rc) {
			assert_int_equal(rc, FC_EINVAL);
			assert_non_null(strstr(fx.err.message, "at most 16 words"));
			continue;
		}
		assert_int_equal(json_array_size(json_object_get(res, "groups")), 6);
		json_decref(res);
	}
}

static void test_rank_and_access(void **state)
{
	json_t *res;
	(void)state;
	fx_as(REP_EAST1);
	int64_t acct = fx_account("Analytical Engines");
	int64_t ada = fx_contact(acct, "Ada Lovelace");
	int64_t bob = fx_contact(acct, "Bob Babbage");
	fx_qualify(bob, "met at the lovelace talk about many other things", 0,
		   30, 1);
	assert_int_equal(search(&fx.ctx, "lovel", SEARCH_ALL_KINDS, 10, &res,
				&fx.err), 0);
	assert_int_equal(found(res, "contact", ada), 1);
	assert_int_equal(found(res, "contact", bob), 2);
	json_decref(res);
	/* the other team's rep finds nothing of it; their manager neither */
	fx_as(REP_WEST);
	assert_int_equal(search(&fx.ctx, "lovel", SEARCH_ALL_KINDS, 10, &res,
				&fx.err), 0);
	assert_int_equal(found(res, "contact", ada) + found(res, "contact", bob) +
			 found(res, "account", acct), 0);
	json_decref(res);
	fx_as(MGR_EAST);
	assert_int_equal(search(&fx.ctx, "analytical", SEARCH_ALL_KINDS, 10,
				&res, &fx.err), 0);
	assert_int_equal(found(res, "account", acct), 1);
	json_decref(res);
	/* nor does another organisation's admin */
	fx_as(ADMIN_OTHER);
	assert_int_equal(search(&fx.ctx, "analytical", SEARCH_ALL_KINDS, 10,
				&res, &fx.err), 0);
	assert_int_equal(found(res, "account", acct), 0);
	json_decref(res);
}

/* The ranked window is the newest SEARCH_RANKED_MAX matches in the index,
 * whoever may see them: a rep whose one match is older than all of them
 * still finds it (the search walks on), and as many as the limit asks. */
static void test_own_beyond_the_window(void **state)
{
	json_t *res, *results;
	(void)state;
	fx_as(REP_WEST);
	int64_t old1 = fx_account("Lathe Works West");
	int64_t old2 = fx_account("Lathe Tools West");
	fx_as(ADMIN);
	assert_int_equal(db_run(fx.db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION "
		"ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO accounts (org_id, "
		"name, owner_id, created_at, updated_at) SELECT ?, 'Lathe ' || i, "
		"?, '2024-06-03', '2024-06-03' FROM n", "iii",
		(int64_t)SEARCH_RANKED_MAX + 10, fx.org, fx.rep_east1), 0);
	fx_as(REP_WEST);
	assert_int_equal(search(&fx.ctx, "lathe", SEARCH_ALL_KINDS, 10, &res,
				&fx.err), 0);
	assert_int_equal(found(res, "account", old1) + found(res, "account", old2),
			 3);
	json_decref(res);
	assert_int_equal(search(&fx.ctx, "lathe", SEARCH_ALL_KINDS, 1, &res,
				&fx.err), 0);
	results = json_object_get(json_array_get(json_object_get(res, "groups"),
						 1), "results");
	assert_int_equal(json_array_size(results), 1);
	json_decref(res);
	/* the admin's answer is the window's best, without walking on */
	fx_as(ADMIN);
	assert_int_equal(search(&fx.ctx, "lathe", SEARCH_ALL_KINDS, 10, &res,
				&fx.err), 0);
	assert_int_equal(found(res, "account", old1) + found(res, "account", old2),
			 0);
	results = json_object_get(json_array_get(json_object_get(res, "groups"),
						 1), "results");
	assert_int_equal(json_array_size(results), 10);
	json_decref(res);
}

/* Only the word being typed is a prefix: "mapl" and "maple heal" find
 * Maple Health, a finished "maple" finds no Maplewood. */
static void test_last_word_prefix(void **state)
{
	json_t *res;
	(void)state;
	fx_as(ADMIN);
	int64_t maple = fx_account("Maple Health");
	int64_t wood = fx_account("Maplewood Logistics");
	static const struct { const char *text; int maple, wood; } cases[] = {
		{ "mapl", 1, 1 }, { "maple heal", 1, 0 }, { "MAPLE health", 1, 0 },
		{ "maple", 1, 1 }, { "maple ", 1, 0 }, { "mapl heal", 0, 0 },
		{ "maplewood", 0, 1 }, { "health maple", 1, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(search(&fx.ctx, cases[i].text, SEARCH_ALL_KINDS, 10,
					&res, &fx.err), 0);
		if (!found(res, "account", maple) != !cases[i].maple ||
		    !found(res, "account", wood) != !cases[i].wood)
			fail_msg("'%s': Maple Health %sfound, Maplewood %sfound",
				 cases[i].text, found(res, "account", maple) ?
				 "" : "not ", found(res, "account", wood) ? "" :
				 "not ");
		json_decref(res);
	}
}

/* An open last word of four letters or more that starts one word of the
 * index matches that word whole, and finds what the prefix found, ranked
 * the same; one that starts several stays a prefix; one that starts none
 * finds nothing; the words reported are the ones typed. */
static void test_open_word_of_the_index(void **state)
{
	json_t *res, *whole;
	(void)state;
	fx_as(ADMIN);
	int64_t acct = fx_account("Tools Ltd");
	int64_t anna = fx_contact(acct, "Anna Kowalski");
	int64_t jan = fx_contact(acct, "Jan Kowalskiego");
	int64_t zofia = fx_contact(acct, "Zofia Nowak");
	fx_qualify(anna, "introduced by zofia nowak last spring", 0, 30, 1);
	static const struct { const char *text; int anna, jan, zofia; } cases[] = {
		{ "kowalsk", 1, 1, 0 }, { "KOWALSKIE", 0, 1, 0 },
		{ "Kowalski", 1, 1, 0 }, { "kowalski ", 1, 0, 0 },
		{ "anna kowalski", 1, 0, 0 }, { "kowalskx", 0, 0, 0 },
		{ "Kowalską", 0, 0, 0 }, { "zofi", 1, 0, 1 }, { "nowa", 1, 0, 1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(search(&fx.ctx, cases[i].text, SEARCH_ALL_KINDS, 10,
					&res, &fx.err), 0);
		if (!found(res, "contact", anna) != !cases[i].anna ||
		    !found(res, "contact", jan) != !cases[i].jan ||
		    !found(res, "contact", zofia) != !cases[i].zofia)
			fail_msg("'%s': Anna %d, Jan %d, Zofia %d", cases[i].text,
				 found(res, "contact", anna), found(res, "contact",
				 jan), found(res, "contact", zofia));
		assert_int_equal(json_array_size(json_object_get(res, "groups")), 6);
		json_decref(res);
	}
	/* "now" (a prefix, read from the three-letter prefix index) and "nowa"
	 * (the one word "nowak", whole) answer alike: the same records in the
	 * same order (a name above a need), ranks and snippets */
	assert_int_equal(search(&fx.ctx, "now", SEARCH_ALL_KINDS, 10, &res,
				&fx.err), 0);
	assert_int_equal(search(&fx.ctx, "nowa", SEARCH_ALL_KINDS, 10, &whole,
				&fx.err), 0);
	assert_int_equal(found(whole, "contact", zofia), 1);
	assert_int_equal(found(whole, "contact", anna), 2);
	assert_true(json_equal(json_object_get(res, "groups"),
			       json_object_get(whole, "groups")));
	assert_string_equal(json_string_value(json_array_get(json_object_get(
		whole, "words"), 0)), "nowa");
	json_decref(res);
	json_decref(whole);
	assert_int_equal(search(&fx.ctx, "KOWALSKIE", SEARCH_ALL_KINDS, 10, &res,
				&fx.err), 0);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
		res, "words"), 0)), "KOWALSKIE");
	json_decref(res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test_setup_teardown(test_any_text, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_rank_and_access, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_own_beyond_the_window,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_last_word_prefix, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_open_word_of_the_index,
						fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
