/* The agenda of SPEC.md §3: every kind of item appears exactly when its
 * condition holds, the score follows the formula at the top of
 * src/core/agenda.c (base + overdue points + value points) with a stable
 * order for ties, one item per deal, --limit, and whose deals each user
 * sees. The clock is moved day by day with fx_day().
 * Rerun alone: meson test -C BUILD core-agenda -v */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/agenda.h"
#include "core/check.h"
#include "core/deal.h"
#include "core/next-step.h"
#include "core/promise.h"
#include "core/record.h"
#include "core/referral.h"

static json_t *agenda(int limit, int explain)
{
	json_t *out = NULL;
	OK(agenda_build(&fx.ctx, limit, explain, &out, &fx.err));
	assert_true(json_is_array(out));
	return out;
}

/* The item of KIND for DEAL (or, with DEAL 0, for CONTACT), or NULL. */
static json_t *item(json_t *list, const char *kind, int64_t deal,
		    int64_t contact)
{
	size_t i;
	json_t *it;
	json_array_foreach(list, i, it) {
		if (strcmp(json_string_value(json_object_get(it, "kind")), kind))
			continue;
		if (deal && json_integer_value(json_object_get(it, "deal_id")) == deal)
			return it;
		if (!deal && json_integer_value(json_object_get(it, "contact_id")) ==
		    contact && !json_object_get(it, "deal_id"))
			return it;
	}
	return NULL;
}

static int items_of_deal(json_t *list, int64_t deal)
{
	size_t i;
	json_t *it;
	int n = 0;
	json_array_foreach(list, i, it)
		n += json_integer_value(json_object_get(it, "deal_id")) == deal;
	return n;
}

/* The one item of DEAL: its kind and score. */
static void assert_deal_item(json_t *list, int64_t deal, const char *kind,
			     int64_t score)
{
	json_t *it = item(list, kind, deal, 0);
	if (!it) {
		char *dump = json_dumps(list, JSON_INDENT(1));
		fail_msg("no '%s' item for deal %lld in %s", kind, (long long)deal,
			 dump);
	}
	assert_int_equal(items_of_deal(list, deal), 1);
	assert_int_equal(json_integer_value(json_object_get(it, "score")), score);
}

static int64_t score(json_t *it)
{
	return json_integer_value(json_object_get(it, "score"));
}

static const char *str(json_t *it, const char *key)
{
	const char *s = json_string_value(json_object_get(it, key));
	return s ? s : "";
}

/* A deal whose contact is qualified and whose next step is due in DUE
 * days, as REP_EAST1. */
static int64_t deal_due(const char *title, int64_t value, int due)
{
	int64_t a = fx_account(title), c = fx_contact(a, title);
	fx_qualify(c, "a need", -10, 60, 0);
	return fx_deal(title, a, c, value, due);
}

/* ---- each kind -------------------------------------------------------- */

/* The overdue points never saturate: 77 and 234 days apart, and every
 * day adds or keeps; the SQL the ranking uses says the same. */
static void promise_points_grow(void **state)
{
	(void)state;
	assert_int_equal(promise_overdue_points(0), 0);
	assert_int_equal(promise_overdue_points(-4), 0);
	assert_int_equal(promise_overdue_points(1), 10);
	assert_int_equal(promise_overdue_points(30), 300);
	assert_int_equal(promise_overdue_points(60), 350);
	assert_int_equal(promise_overdue_points(77), 364);
	assert_int_equal(promise_overdue_points(234), 447);
	assert_true(promise_overdue_points(3650) > promise_overdue_points(1825));
	int64_t prev = 0;
	for (int64_t days = 1; days < 20000; days++) {
		int64_t p = promise_overdue_points(days);
		assert_true(p >= prev);
		prev = p;
	}
	for (int64_t days = -2; days < 5000; days += 7) {
		struct buf sql = BUF_INIT;
		char expr[32];
		int64_t got = -1;
		snprintf(expr, sizeof(expr), "(%lld)", (long long)days);
		buf_adds(&sql, "SELECT ");
		promise_overdue_points_sql(expr, &sql);
		OK(db_query_int(fx.ctx.db, &got, sql.s, "") ? FC_ESTORE : 0);
		assert_int_equal(got, promise_overdue_points(days));
		buf_release(&sql);
	}
	/* planned: within the grace days of the due day, either side */
	assert_true(promise_kept_on(100, 100, 0));
	assert_false(promise_kept_on(101, 100, 0));
	assert_true(promise_kept_on(98, 100, 2));
	assert_true(promise_kept_on(102, 100, 2));
	assert_false(promise_kept_on(97, 100, 2));
	assert_false(promise_kept_on(103, 100, 2));
	/* missed: from the day after the grace period */
	assert_false(promise_missed(100, 2, 102));
	assert_true(promise_missed(100, 2, 103));
	assert_int_equal(promise_missed_on(100, 2), 103);
	assert_true(promise_missed(100, 0, 101));
}

static void kind_promise(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t d = deal_due("P", 0, 2);
	fx_day(1);
	json_t *l = agenda(0, 0);
	assert_null(item(l, "promise", d, 0));
	json_decref(l);
	fx_day(2);
	l = agenda(0, 0);
	assert_deal_item(l, d, "promise", 1000);
	json_t *it = item(l, "promise", d, 0);
	assert_string_equal(str(it, "reason"), "you promised 'first call' for today");
	assert_string_equal(str(it, "due"), fx_date(2));
	assert_string_equal(str(it, "step"), "engage");
	assert_true(strlen(str(it, "guidance")) > 50);
	assert_int_equal(json_integer_value(json_object_get(it, "days_overdue")), 0);
	assert_null(json_object_get(it, "owner_name"));
	json_decref(l);
	/* the manager reads whose promise it is */
	fx_as(MGR_EAST);
	l = agenda(0, 0);
	it = item(l, "promise", d, 0);
	assert_non_null(it);
	assert_string_equal(str(it, "reason"), "Rae East promised 'first call' for today");
	assert_string_equal(str(it, "owner_name"), "Rae East");
	json_decref(l);
	fx_as(REP_EAST1);
	fx_day(5);
	l = agenda(0, 0);
	assert_deal_item(l, d, "promise", 1030);
	it = item(l, "promise", d, 0);
	assert_non_null(strstr(str(it, "reason"), "(3 days overdue)"));
	json_decref(l);
	/* past 30 days the points keep growing, 50 for each doubling: 58
	 * days overdue is 300 + 50 × 28 / 30 */
	fx_day(60);
	l = agenda(0, 0);
	assert_deal_item(l, d, "promise", 1346);
	json_decref(l);
	/* done: the promise leaves, the missing next step shows */
	OK(next_step_done(&fx.ctx, d, &fx.err));
	l = agenda(0, 0);
	assert_null(item(l, "promise", d, 0));
	assert_deal_item(l, d, "no_next_step", 900);
	json_decref(l);
}

static void kind_no_next_step(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t d = deal_due("N", 0, 3);
	json_t *l = agenda(0, 0);
	assert_null(item(l, "no_next_step", d, 0));
	json_decref(l);
	OK(next_step_done(&fx.ctx, d, &fx.err));
	l = agenda(0, 0);
	assert_deal_item(l, d, "no_next_step", 900);
	assert_non_null(strstr(str(item(l, "no_next_step", d, 0), "reason"),
			       "no agreed next step"));
	json_decref(l);
	/* a reopened deal needs a new one too */
	int64_t w = deal_due("W", 0, 3);
	fx_walk(w, "agree");
	fx_order(w, "kick-off", 2);
	OK(deal_win(&fx.ctx, w, NULL, 0, NULL, 0, &fx.err));
	OK(deal_reopen(&fx.ctx, w, 0, &fx.err));
	l = agenda(0, 0);
	assert_deal_item(l, w, "no_next_step", 900);
	json_decref(l);
	/* a lost deal needs nothing */
	OK(deal_lose(&fx.ctx, d, "gone", 0, &fx.err));
	l = agenda(0, 0);
	assert_int_equal(items_of_deal(l, d), 0);
	json_decref(l);
}

static void kind_check_and_asks(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t d = deal_due("C", 0, 3);
	fx_win(d);
	fx_day(13);
	json_t *l = agenda(0, 0);
	assert_int_equal(items_of_deal(l, d), 0);
	json_decref(l);
	fx_day(14);
	l = agenda(0, 0);
	assert_deal_item(l, d, "check", 800);
	json_decref(l);
	fx_day(20);
	l = agenda(0, 0);
	assert_deal_item(l, d, "check", 830);
	assert_non_null(strstr(str(item(l, "check", d, 0), "reason"),
			       "satisfaction check due"));
	json_decref(l);
	OK(check_add(&fx.ctx, d, 5, NULL, NULL, &fx.err));
	l = agenda(0, 0);
	assert_null(item(l, "check", d, 0));
	/* both asks stand on their own for the same deal */
	assert_non_null(item(l, "referral_ask", d, 0));
	assert_non_null(item(l, "expansion_ask", d, 0));
	assert_int_equal(score(item(l, "referral_ask", d, 0)), 700);
	assert_int_equal(score(item(l, "expansion_ask", d, 0)), 690);
	assert_int_equal(items_of_deal(l, d), 2);
	json_decref(l);
	fx_day(25);
	l = agenda(0, 0);
	assert_int_equal(score(item(l, "referral_ask", d, 0)), 705);
	assert_int_equal(score(item(l, "expansion_ask", d, 0)), 695);
	assert_non_null(strstr(str(item(l, "expansion_ask", d, 0), "reason"),
			       "more business inside 'C'"));
	json_decref(l);
	/* a referral answers the referral ask; the expansion ask stays */
	int64_t friend = fx_contact(0, "Friend");
	json_t *in = json_pack("{s:I, s:I, s:I}", "from_contact_id", (json_int_t)
			       fx_int("SELECT contact_id FROM deals WHERE id = %lld",
				      (long long)d), "contact_id", (json_int_t)friend,
			       "source_deal_id", (json_int_t)d);
	OK(referral_add(&fx.ctx, in, NULL, &fx.err));
	json_decref(in);
	l = agenda(0, 0);
	assert_null(item(l, "referral_ask", d, 0));
	assert_non_null(item(l, "expansion_ask", d, 0));
	json_decref(l);

	/* a score of 3 asks for nothing */
	fx_day(0);
	int64_t d3 = deal_due("C3", 0, 3);
	fx_win(d3);
	fx_day(14);
	OK(check_add(&fx.ctx, d3, 3, NULL, NULL, &fx.err));
	l = agenda(0, 0);
	assert_int_equal(items_of_deal(l, d3), 0);
	json_decref(l);
}

static void kind_stalled_ready_blocked(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	/* engage's stall limit is 14 days; the next steps are far away */
	int64_t ready = deal_due("R", 0, 200);
	int64_t a = fx_account("B"), c = fx_contact(a, "B");
	int64_t blocked = fx_deal("B", a, c, 0, 200);	/* no need, no timing */
	json_t *l = agenda(0, 0);
	assert_deal_item(l, ready, "ready", 500);
	assert_non_null(strstr(str(item(l, "ready", ready, 0), "reason"),
			       "advance it to 'comfort'"));
	assert_int_equal(items_of_deal(l, blocked), 0);
	json_decref(l);
	fx_day(6);
	l = agenda(0, 0);
	assert_int_equal(items_of_deal(l, blocked), 0);
	json_decref(l);
	fx_day(7);
	l = agenda(0, 0);
	assert_deal_item(l, blocked, "blocked", 400);
	json_t *it = item(l, "blocked", blocked, 0);
	assert_string_equal(str(it, "missing"), "needs a recorded need or interest");
	assert_non_null(strstr(str(it, "reason"), "7 days in 'engage'"));
	json_decref(l);
	fx_day(14);
	l = agenda(0, 0);
	assert_deal_item(l, ready, "ready", 500);
	json_decref(l);
	fx_day(15);
	l = agenda(0, 0);
	assert_deal_item(l, ready, "stalled", 602);
	assert_deal_item(l, blocked, "stalled", 602);
	assert_non_null(strstr(str(item(l, "stalled", ready, 0), "reason"),
			       "15 days in 'engage' (the limit is 14)"));
	json_decref(l);
	/* stall points stop at 60 days past the limit */
	fx_day(14 + 90);
	l = agenda(0, 0);
	it = item(l, "stalled", ready, 0);
	assert_non_null(it);
	assert_int_equal(score(it), 600 + 120);
	json_decref(l);
	/* moving on resets the clock of the step */
	fx_qualify(c, "now", 100, 120, 0);
	struct advance_opts o = { 0 };
	OK(deal_advance(&fx.ctx, blocked, &o, &fx.err));
	l = agenda(0, 0);
	assert_null(item(l, "stalled", blocked, 0));
	json_decref(l);
}

static void kind_engage(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t open = fx_contact(0, "Open");
	fx_qualify(open, "better reports", -3, 30, 0);
	int64_t later = fx_contact(0, "Later");
	fx_qualify(later, "better reports", 2, 30, 0);
	int64_t closed = fx_contact(0, "Closed");
	fx_qualify(closed, "better reports", -30, -1, 0);
	int64_t noneed = fx_contact(0, "No need");
	json_t *in = json_pack("{s:s}", "timing_from", fx_date(-3));
	OK(record_update(&fx.ctx, &entity_contact, noneed, in, NULL, 0, &fx.err));
	json_decref(in);
	int64_t a = fx_account("A");
	int64_t engaged = fx_contact(a, "Engaged");
	fx_qualify(engaged, "better reports", -3, 30, 0);
	fx_deal("E", a, engaged, 0, 5);
	fx_as(REP_EAST2);
	int64_t theirs = fx_contact(0, "Theirs");
	fx_qualify(theirs, "better reports", -3, 30, 0);
	fx_as(REP_EAST1);

	json_t *l = agenda(0, 0);
	json_t *it = item(l, "engage", 0, open);
	assert_non_null(it);
	assert_int_equal(score(it), 303);
	assert_string_equal(str(it, "title"), "Open");
	assert_non_null(strstr(str(it, "reason"), "better reports"));
	assert_null(item(l, "engage", 0, later));
	assert_null(item(l, "engage", 0, closed));
	assert_null(item(l, "engage", 0, noneed));
	assert_null(item(l, "engage", 0, engaged));
	assert_null(item(l, "engage", 0, theirs));
	json_decref(l);
	/* the window opens: it appears */
	fx_day(2);
	l = agenda(0, 0);
	assert_int_equal(score(item(l, "engage", 0, later)), 300);
	/* engage points stop at 30 days */
	json_decref(l);
	fx_day(29);
	l = agenda(0, 0);
	assert_int_equal(score(item(l, "engage", 0, open)), 330);
	json_decref(l);
}

/* ---- ranking ---------------------------------------------------------- */

static void ranking(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	/* on day 3, with engage's 5% probability:
	 *   A promise 3 days overdue, no value       1000 + 30 + 0  = 1030
	 *   B promise due today, 200000 -> 10000      1000 + 0 + 10  = 1010
	 *   F no next step, 10000000 (500 -> 99)      900 + 0 + 99   = 999
	 *   C no next step, no value                  900
	 *   D no next step, no value (ties with C)    900
	 *   E ready to advance, 1000000 -> 50         500 + 50       = 550 */
	int64_t A = deal_due("A", 0, 0);
	int64_t B = deal_due("B", 200000, 3);
	int64_t D = deal_due("D", 0, 9);
	int64_t C = deal_due("C", 0, 9);
	int64_t E = deal_due("E", 1000000, 9);
	int64_t F = deal_due("F", 10000000, 9);
	OK(next_step_done(&fx.ctx, C, &fx.err));
	OK(next_step_done(&fx.ctx, D, &fx.err));
	OK(next_step_done(&fx.ctx, F, &fx.err));
	fx_day(3);
	json_t *l = agenda(0, 1);
	const int64_t order[] = { A, B, F, D, C, E };
	const int64_t scores[] = { 1030, 1010, 999, 900, 900, 550 };
	const char *const kinds[] = { "promise", "promise", "no_next_step",
		"no_next_step", "no_next_step", "ready" };
	assert_int_equal(json_array_size(l), 6);
	for (size_t i = 0; i < 6; i++) {
		json_t *it = json_array_get(l, i);
		assert_int_equal(json_integer_value(json_object_get(it, "deal_id")),
				 order[i]);
		assert_string_equal(str(it, "kind"), kinds[i]);
		assert_int_equal(score(it), scores[i]);
		/* --explain: the parts add up to the score */
		json_t *x = json_object_get(it, "explain");
		assert_non_null(x);
		assert_int_equal(json_integer_value(json_object_get(x, "base")) +
				 json_integer_value(json_object_get(x, "overdue_points")) +
				 json_integer_value(json_object_get(x, "value_points")),
				 scores[i]);
	}
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(json_array_get(l, 0), "explain"), "overdue_points")), 30);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(json_array_get(l, 2), "explain"), "value_points")), 99);
	/* the same data gives the same list; without --explain, no explain */
	json_t *again = agenda(0, 1);
	assert_true(json_equal(l, again));
	json_decref(again);
	again = agenda(0, 0);
	assert_int_equal(json_array_size(again), 6);
	for (size_t i = 0; i < 6; i++) {
		assert_null(json_object_get(json_array_get(again, i), "explain"));
		assert_int_equal(json_integer_value(json_object_get(
			json_array_get(again, i), "deal_id")), order[i]);
	}
	json_decref(again);
	json_decref(l);
	/* the tie between C and D is broken by the deal id, not by the title */
	assert_true(D < C);
}

static void ranking_value_uses_probability(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	/* the same value is worth more further on: present is 40% */
	int64_t early = deal_due("Early", 100000, 9);
	int64_t late = deal_due("Late", 100000, 9);
	fx_walk(late, "present");
	OK(next_step_done(&fx.ctx, early, &fx.err));
	OK(next_step_done(&fx.ctx, late, &fx.err));
	json_t *l = agenda(0, 0);
	assert_deal_item(l, early, "no_next_step", 905);
	assert_deal_item(l, late, "no_next_step", 940);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 0),
							    "deal_id")), late);
	json_decref(l);
}

/* ---- one item per deal, limit ------------------------------------------ */

static void one_item_per_deal(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	/* overdue promise, stalled and blocked all at once */
	int64_t a = fx_account("A"), c = fx_contact(a, "C");
	int64_t d = fx_deal("D", a, c, 0, 1);
	fx_day(20);
	json_t *l = agenda(0, 0);
	assert_deal_item(l, d, "promise", 1000 + 190);
	json_decref(l);
}

static void limit(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t ids[5];
	for (int i = 0; i < 5; i++) {
		char t[16];
		snprintf(t, sizeof(t), "L%d", i);
		ids[i] = deal_due(t, 0, 9);
		OK(next_step_done(&fx.ctx, ids[i], &fx.err));
	}
	json_t *all = agenda(0, 0);
	assert_int_equal(json_array_size(all), 5);
	json_t *two = agenda(2, 0);
	assert_int_equal(json_array_size(two), 2);
	for (size_t i = 0; i < 2; i++)
		assert_true(json_equal(json_array_get(two, i), json_array_get(all, i)));
	json_decref(two);
	json_decref(all);
	json_t *out = (json_t *)1;
	fc_error_clear(&fx.err);
	fx_assert_fail(agenda_build(&fx.ctx, -1, 0, &out, &fx.err), FC_EINVAL,
		       "limit");
	assert_null(out);
	fx_assert_fail(agenda_build(&fx.ctx, 1001, 0, &out, &fx.err), FC_EINVAL,
		       "limit");
}

/* ---- whose agenda ------------------------------------------------------ */

static void visibility(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t e1 = deal_due("E1", 0, 9);
	OK(next_step_done(&fx.ctx, e1, &fx.err));
	fx_as(REP_EAST2);
	int64_t e2 = deal_due("E2", 0, 9);
	OK(next_step_done(&fx.ctx, e2, &fx.err));
	fx_as(REP_WEST);
	int64_t w = deal_due("W", 0, 9);
	OK(next_step_done(&fx.ctx, w, &fx.err));
	fx_as(ADMIN_OTHER);
	int64_t o = deal_due("O", 0, 9);
	OK(next_step_done(&fx.ctx, o, &fx.err));

	fx_as(REP_EAST1);
	json_t *l = agenda(0, 0);
	assert_int_equal(items_of_deal(l, e1), 1);
	assert_int_equal(items_of_deal(l, e2), 0);
	assert_int_equal(items_of_deal(l, w), 0);
	assert_int_equal(items_of_deal(l, o), 0);
	json_decref(l);
	fx_as(MGR_EAST);
	l = agenda(0, 0);
	assert_int_equal(items_of_deal(l, e1), 1);
	assert_int_equal(items_of_deal(l, e2), 1);
	assert_int_equal(items_of_deal(l, w), 0);
	assert_int_equal(items_of_deal(l, o), 0);
	json_decref(l);
	fx_as(MGR_WEST);
	l = agenda(0, 0);
	assert_int_equal(json_array_size(l), 1);
	assert_int_equal(items_of_deal(l, w), 1);
	json_decref(l);
	fx_as(ADMIN);
	l = agenda(0, 0);
	assert_int_equal(items_of_deal(l, e1) + items_of_deal(l, e2) +
			 items_of_deal(l, w), 3);
	assert_int_equal(items_of_deal(l, o), 0);
	json_decref(l);
	fx_as(ADMIN_OTHER);
	l = agenda(0, 0);
	assert_int_equal(json_array_size(l), 1);
	assert_int_equal(items_of_deal(l, o), 1);
	json_decref(l);
	/* a deal handed to another rep leaves the first rep's agenda */
	fx_as(MGR_EAST);
	json_t *in = json_pack("{s:I}", "owner_id", (json_int_t)fx.rep_east2);
	OK(deal_update(&fx.ctx, e1, in, 0, &fx.err));
	json_decref(in);
	fx_as(REP_EAST1);
	l = agenda(0, 0);
	assert_int_equal(items_of_deal(l, e1), 0);
	json_decref(l);
	fx_as(REP_EAST2);
	l = agenda(0, 0);
	assert_int_equal(items_of_deal(l, e1), 1);
	json_decref(l);
}

/* A deal handed to another rep takes its promise, its check and its asks
 * along: the old owner's agenda no longer shows them. */
static void reassigned_deal(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t p = deal_due("P", 0, 0);
	int64_t w = deal_due("W", 0, 1);
	fx_win(w);
	fx_day(14);
	int64_t k = deal_due("K", 0, 20);
	fx_win(k);
	OK(check_add(&fx.ctx, k, 5, NULL, NULL, &fx.err));
	json_t *l = agenda(0, 0);
	assert_non_null(item(l, "promise", p, 0));
	assert_non_null(item(l, "check", w, 0));
	assert_non_null(item(l, "referral_ask", k, 0));
	json_decref(l);
	fx_as(MGR_EAST);
	const int64_t deals[] = { p, w, k };
	for (size_t i = 0; i < 3; i++) {
		json_t *in = json_pack("{s:I}", "owner_id", (json_int_t)fx.rep_east2);
		OK(deal_update(&fx.ctx, deals[i], in, 0, &fx.err));
		json_decref(in);
	}
	fx_as(REP_EAST1);
	l = agenda(0, 0);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(items_of_deal(l, deals[i]), 0);
	json_decref(l);
	fx_as(REP_EAST2);
	l = agenda(0, 0);
	assert_non_null(item(l, "promise", p, 0));
	assert_non_null(item(l, "check", w, 0));
	assert_non_null(item(l, "referral_ask", k, 0));
	assert_non_null(item(l, "expansion_ask", k, 0));
	json_decref(l);
	/* and the new owner can act on them */
	OK(next_step_done(&fx.ctx, p, &fx.err));
	OK(check_add(&fx.ctx, w, 4, NULL, NULL, &fx.err));
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(promise_points_grow),
		T(kind_promise),
		T(kind_no_next_step),
		T(kind_check_and_asks),
		T(kind_stalled_ready_blocked),
		T(kind_engage),
		T(ranking),
		T(ranking_value_uses_probability),
		T(one_item_per_deal),
		T(limit),
		T(visibility),
		T(reassigned_deal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
