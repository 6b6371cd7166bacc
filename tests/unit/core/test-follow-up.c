/* Step 6 in full (docs/follow-up.md): checks follow deliveries, one each
 * and never before their delivery; customers get periodic checks, one
 * pending per account; a low score is a recovery item until a call is
 * logged on the deal; a referral is credited with one deal.
 * Rerun alone: meson test -C build core-follow-up */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/agenda.h"
#include "core/check.h"
#include "core/deal.h"
#include "core/delivery.h"
#include "core/interaction.h"
#include "core/referral.h"
#include "util/date.h"

#define TRY(call) (fc_error_clear(&fx.err), (call))
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)

static const char *months_later(const char *day, int months)
{
	static char out[DATE_LEN];
	int32_t d;
	assert_int_equal(date_parse(day, &d), 0);
	date_format(check_add_months(d, months), out);
	return out;
}

static void add_months(void **state)
{
	(void)state;
	assert_string_equal(months_later("2024-01-31", 1), "2024-02-29");
	assert_string_equal(months_later("2023-01-31", 1), "2023-02-28");
	assert_string_equal(months_later("2024-11-15", 3), "2025-02-15");
	assert_string_equal(months_later("2024-08-31", 6), "2025-02-28");
	assert_string_equal(months_later("2024-06-03", 0), "2024-06-03");
}

/* A won deal of REP_EAST1, delivered DELIVERED days from today. */
static int64_t won(int delivered)
{
	fx_as(REP_EAST1);
	int64_t d = fx_deal_quick("Deal", 1000);
	fx_walk(d, "agree");
	fx_order(d, "kick-off", 2);
	OK(deal_win(&fx.ctx, d, fx_date(delivered), 0, NULL, 0, &fx.err));
	return d;
}

static int64_t count(const char *sql, int64_t deal)
{
	char q[400];
	snprintf(q, sizeof(q), sql, (long long)deal);
	return fx_int("%s", q);
}

static void one_check_per_delivery(void **state)
{
	(void)state;
	/* an open deal takes no delivery */
	fx_as(REP_EAST1);
	int64_t open = fx_deal_quick("Open", 10);
	fx_assert_refused(TRY(deal_deliver(&fx.ctx, open, NULL, &fx.err)),
			  "follow-up", NULL);
	int64_t d = won(5);
	fx_assert_refused(TRY(check_add(&fx.ctx, d, 4, NULL, NULL, &fx.err)),
			  "check-after-delivery", fx_date(5), NULL);
	fx_day(5);
	OK(check_add(&fx.ctx, d, 4, NULL, NULL, &fx.err));
	fx_assert_refused(TRY(check_add(&fx.ctx, d, 5, NULL, NULL, &fx.err)),
			  "one-check-per-delivery", NULL);
	/* the customer's next check, six months on */
	assert_int_equal(count("SELECT COUNT(*) FROM checks WHERE deal_id = %lld "
			       "AND kind = 'periodic' AND done_at IS NULL AND due = "
			       "'2024-12-08'", d), 1);
	/* a second delivery, its own check */
	OK(deal_deliver(&fx.ctx, d, fx_date(20), &fx.err));
	fx_assert_fail(TRY(deal_deliver(&fx.ctx, d, fx_date(20), &fx.err)),
		       FC_ECONFLICT, "already recorded");
	fx_assert_refused(TRY(check_add(&fx.ctx, d, 5, NULL, NULL, &fx.err)),
			  "check-after-delivery", NULL);
	fx_day(25);
	OK(check_add(&fx.ctx, d, 5, NULL, NULL, &fx.err));
	assert_int_equal(count("SELECT COUNT(*) FROM checks WHERE deal_id = %lld "
			       "AND kind = 'delivery' AND done_at IS NOT NULL", d), 2);
	/* still one periodic check pending */
	assert_int_equal(count("SELECT COUNT(*) FROM checks WHERE deal_id = %lld "
			       "AND kind = 'periodic' AND done_at IS NULL", d), 1);
	/* the periodic one is taken on its day, and schedules the next */
	fx_day(188);
	OK(check_add(&fx.ctx, d, 3, NULL, NULL, &fx.err));
	assert_int_equal(count("SELECT COUNT(*) FROM checks WHERE deal_id = %lld "
			       "AND kind = 'periodic'", d), 2);
}

static void periodic_once_per_account(void **state)
{
	(void)state;
	int64_t d1 = won(0);
	int64_t account = fx_int("SELECT account_id FROM deals WHERE id = %lld",
				 (long long)d1);
	int64_t contact = fx_int("SELECT contact_id FROM deals WHERE id = %lld",
				 (long long)d1);
	int64_t d2 = fx_deal("Second", account, contact, 500, 3);
	fx_walk(d2, "agree");
	fx_order(d2, "kick-off", 2);
	OK(deal_win(&fx.ctx, d2, NULL, 0, NULL, 0, &fx.err));
	OK(check_add(&fx.ctx, d1, 4, NULL, NULL, &fx.err));
	OK(check_add(&fx.ctx, d2, 4, NULL, NULL, &fx.err));
	assert_int_equal(fx_int("SELECT COUNT(*) FROM checks c JOIN deals d ON "
				"d.id = c.deal_id WHERE d.account_id = %lld AND c.kind "
				"= 'periodic'", (long long)account), 1);
}

static int agenda_has(const char *email, const char *kind, int64_t deal)
{
	json_t *list = NULL, *it;
	size_t i;
	int n = 0;
	fx_as(email);
	OK(agenda_build(&fx.ctx, 100, 0, &list, &fx.err));
	json_array_foreach(list, i, it)
		n += !strcmp(json_string_value(json_object_get(it, "kind")), kind) &&
		     json_integer_value(json_object_get(it, "deal_id")) == deal;
	json_decref(list);
	return n;
}

static void low_score_recovered(void **state)
{
	(void)state;
	int64_t d = won(0);
	OK(check_add(&fx.ctx, d, CHECK_RECOVERY_SCORE + 1, NULL, NULL, &fx.err));
	assert_int_equal(agenda_has(REP_EAST1, "recovery", d), 0);
	int64_t d2 = won(0);
	/* the call that won it was logged before: a recovery follows the check */
	fx_day(1);
	OK(check_add(&fx.ctx, d2, CHECK_RECOVERY_SCORE, "late", NULL, &fx.err));
	fx_day(2);
	assert_int_equal(agenda_has(REP_EAST1, "recovery", d2), 1);
	assert_int_equal(agenda_has(MGR_EAST, "recovery", d2), 1);
	assert_int_equal(agenda_has(MGR_WEST, "recovery", d2), 0);
	fx_as(REP_EAST1);
	json_t *in = json_pack("{s:s, s:I, s:b}", "kind", "call", "deal_id",
			       (json_int_t)d2, "agreement", 0);
	OK(interaction_log(&fx.ctx, in, NULL, &fx.err));
	json_decref(in);
	assert_int_equal(agenda_has(REP_EAST1, "recovery", d2), 0);
	assert_int_equal(agenda_has(MGR_EAST, "recovery", d2), 0);
}

static void referral_credited_once(void **state)
{
	(void)state;
	int64_t source = won(0);
	int64_t from = fx_int("SELECT contact_id FROM deals WHERE id = %lld",
			      (long long)source);
	fx_as(REP_EAST1);
	int64_t a = fx_account("Initech");
	int64_t ivy = fx_contact(a, "Ivy");
	int64_t elsewhere = fx_contact(fx_account("Hooli"), "Gavin");
	json_t *in = json_pack("{s:I, s:I, s:I}", "from_contact_id", (json_int_t)from,
			       "contact_id", (json_int_t)ivy, "source_deal_id",
			       (json_int_t)source);
	int64_t ref = 0;
	OK(referral_add(&fx.ctx, in, &ref, &fx.err));
	json_decref(in);
	int64_t d = fx_deal("Referred", a, ivy, 100, 3);
	int64_t d_other = fx_deal("Elsewhere", fx_int("SELECT account_id FROM "
			"contacts WHERE id = %lld", (long long)elsewhere), elsewhere,
			100, 3);
	fx_assert_refused(TRY(referral_link(&fx.ctx, ref, d_other, &fx.err)),
			  "referral-credit", "not with the contact", NULL);
	fx_assert_refused(TRY(referral_link(&fx.ctx, ref, source, &fx.err)),
			  "referral-credit", NULL);
	OK(referral_link(&fx.ctx, ref, d, &fx.err));
	OK(referral_link(&fx.ctx, ref, d, &fx.err));	/* again: no change */
	assert_int_equal(fx_int("SELECT source_referral_id FROM deals WHERE id = "
				"%lld", (long long)d), ref);
	int64_t d2 = fx_deal("Referred again", a, ivy, 100, 3);
	fx_assert_refused(TRY(referral_link(&fx.ctx, ref, d2, &fx.err)),
			  "referral-credit", "already produced", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(add_months),
		T(one_check_per_delivery),
		T(periodic_once_per_account),
		T(low_score_recovered),
		T(referral_credited_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
