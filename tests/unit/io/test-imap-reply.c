/* Unit tests of src/io/imap-reply: the UIDs of UID SEARCH answers (above
 * the floor, ascending, without repeats, the lowest kept when there are
 * more than asked for, junk and too-big numbers ignored) and the items of
 * a STATUS answer, in any case and order; a capability listed, a message
 * announced in IDLE.
 * Run alone: meson test -C BUILD io-imap-reply */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "io/imap-reply.h"

static size_t search(const char *text, int64_t after, int64_t *uids,
		     size_t max)
{
	return imap_search_uids(text, strlen(text), after, uids, max);
}

static void test_search_sorted_above_floor(void **state)
{
	int64_t uids[8];
	size_t n = search("* SEARCH 9 3 4 4 12 1\r\n", 3, uids, 8);
	(void)state;
	assert_int_equal(n, 3);
	assert_int_equal(uids[0], 4);
	assert_int_equal(uids[1], 9);
	assert_int_equal(uids[2], 12);
	/* "n:*" always names the highest UID, even below n: none is new */
	assert_int_equal(search("* SEARCH 7\r\n", 7, uids, 8), 0);
	assert_int_equal(search("* SEARCH\r\n", 0, uids, 8), 0);
	assert_int_equal(search("", 0, uids, 8), 0);
}

static void test_search_keeps_the_lowest(void **state)
{
	int64_t uids[3];
	size_t n = search("* SEARCH 50 40 30 20 10\r\n* search 5\r\n", 0, uids, 3);
	(void)state;
	assert_int_equal(n, 3);
	assert_int_equal(uids[0], 5);
	assert_int_equal(uids[1], 10);
	assert_int_equal(uids[2], 20);
}

static void test_search_ignores_junk(void **state)
{
	int64_t uids[8];
	size_t n = search("* OK [UIDVALIDITY 99]\r\n* SEARCH 2 x 99999999999 3\n"
			  "a1 OK SEARCH completed 77\r\n", 0, uids, 8);
	(void)state;
	assert_int_equal(n, 2);
	assert_int_equal(uids[0], 2);
	assert_int_equal(uids[1], 3);
}

static void test_status_items(void **state)
{
	const char *t = "* STATUS \"Sent Items\" (UIDNEXT 7 uidvalidity 1796150041)\r\n";
	int64_t v = 0;
	(void)state;
	assert_int_equal(imap_status_item(t, strlen(t), "UIDVALIDITY", &v), 0);
	assert_int_equal(v, 1796150041);
	assert_int_equal(imap_status_item(t, strlen(t), "UIDNEXT", &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(imap_status_item(t, strlen(t), "MESSAGES", &v), -1);
	t = "* OK nothing here\r\n";
	assert_int_equal(imap_status_item(t, strlen(t), "UIDNEXT", &v), -1);
	t = "* STATUS INBOX (UIDNEXT x)\r\n";
	assert_int_equal(imap_status_item(t, strlen(t), "UIDNEXT", &v), -1);
}

static int has(const char *line, const char *cap)
{
	return imap_capability_has(line, strlen(line), cap);
}

static void test_capability(void **state)
{
	(void)state;
	assert_true(has("* CAPABILITY IMAP4rev1 SASL-IR IDLE MOVE\r\n", "IDLE"));
	assert_true(has("* capability imap4rev1 idle", "IDLE"));
	assert_true(has("* OK [CAPABILITY IMAP4rev1 IDLE] Logged in", "IDLE"));
	/* a longer name, or a word outside the list, is not the capability */
	assert_false(has("* CAPABILITY IMAP4rev1 IDLEX MOVE", "IDLE"));
	assert_false(has("* OK [CAPABILITY IMAP4rev1] IDLE soon", "IDLE"));
	assert_false(has("* CAPABILITY IMAP4rev1 MOVE\r\n", "IDLE"));
	assert_false(has("i1 CAPABILITY IDLE", "IDLE"));
	assert_false(has("* OK IDLE", "IDLE"));
	assert_false(has("* CAPABILITY", "IDLE"));
	assert_false(has("", "IDLE"));
}

static int announces(const char *line)
{
	return imap_announces_mail(line, strlen(line));
}

static void test_announces_mail(void **state)
{
	(void)state;
	assert_true(announces("* 23 EXISTS\r\n"));
	assert_true(announces("* 4 recent"));
	assert_false(announces("* 23 EXPUNGE"));
	assert_false(announces("* 23 EXISTSX"));
	assert_false(announces("* OK Still here"));
	assert_false(announces("* EXISTS"));
	assert_false(announces("+ idling"));
	assert_false(announces("* 7"));
	assert_false(announces(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_sorted_above_floor),
		cmocka_unit_test(test_search_keeps_the_lowest),
		cmocka_unit_test(test_search_ignores_junk),
		cmocka_unit_test(test_status_items),
		cmocka_unit_test(test_capability),
		cmocka_unit_test(test_announces_mail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
