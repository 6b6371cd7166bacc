/* Unit tests of src/io/imap-reply: the UIDs of UID SEARCH answers (above
 * the floor, ascending, without repeats, the lowest kept when there are
 * more than asked for, junk and too-big numbers ignored) and the items of
 * a STATUS answer, in any case and order.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_sorted_above_floor),
		cmocka_unit_test(test_search_keeps_the_lowest),
		cmocka_unit_test(test_search_ignores_junk),
		cmocka_unit_test(test_status_items),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
