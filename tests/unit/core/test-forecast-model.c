/* The forecast's learned model (core/report/forecast-model.c) on a few
 * observations whose hazards are worked out by hand from the formulas of
 * docs/reports.md, "The learned model": age bands, censoring (an open deal
 * counts at risk, never dropped, and only for the months seen), shrinkage
 * and the owner's effect.
 * Rerun alone: meson test -C BUILD core-forecast-model -v */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "core/report/forecast-model.h"

#define K 10.0

static void near(double got, double want)
{
	if (fabs(got - want) > 1e-12)
		fail_msg("%.15f, want %.15f", got, want);
}

static void test_bands(void **state)
{
	static const int64_t age[] = { 0, 6, 7, 13, 14, 29, 30, 59, 60, 4000 };
	static const int band[] = { 0, 0, 1, 1, 2, 2, 3, 3, 4, 4 };
	for (size_t i = 0; i < sizeof(age) / sizeof(age[0]); i++)
		assert_int_equal(fm_band(age[i]), band[i]);
}

/* One step: in age band 0, A won and B lost in month 0 and C was still
 * open when the history ended after month 0; in band 4, D was won in
 * month 2 of a history seen only to month 2 (censored: at risk in months
 * 0 and 1). C and D count at risk, never dropped. */
static void test_censored(void **state)
{
	struct fm m;
	double p[FM_HORIZON];
	int64_t seen, won, lost;
	fm_init(&m, 1, K);
	fm_observe(&m, 0, 0, 0, FM_WON, 0, 5);
	fm_observe(&m, 0, 0, 0, FM_LOST, 0, 5);
	fm_observe(&m, 0, 0, 0, FM_OPEN, 0, 1);
	fm_observe(&m, 0, 4, 0, FM_WON, 2, 2);
	fm_fit(&m);
	fm_step_counts(&m, 0, &seen, &won, &lost);
	assert_int_equal(seen, 4);
	assert_int_equal(won, 1);
	assert_int_equal(lost, 1);
	fm_predict(&m, 0, 0, 0, p);
	/* month 0 team: 4 at risk, 1 won, 1 lost: 1/4 each; the step's
	 * (1 + 10/4)/14 = 1/4; band 0: (1 + 10/4)/13 = 7/26 */
	near(p[0], 7.0 / 26);
	/* month 1: band 4's deal alone, not won: team 0, step 0, band 0 */
	near(p[1], 0);
	/* band 4 in month 0: (0 + 10/4)/11 = 5/22 won, and as much lost */
	fm_predict(&m, 0, 4, 0, p);
	near(p[0], 5.0 / 22);
	fm_free(&m);
}

/* Two owners of four deals in one step, each seen for month 0: Ana won
 * both hers, Ben neither. Hazard 1/2 everywhere; Ana's effect (2 + 10) /
 * (2 * 1/2 + 10) = 12/11, Ben's 10/11, an owner never seen 1. */
static void test_owner_effect(void **state)
{
	struct fm m;
	double p[FM_HORIZON];
	fm_init(&m, 2, K);
	fm_observe(&m, 0, 1, 7, FM_WON, 0, 1);
	fm_observe(&m, 0, 1, 7, FM_WON, 0, 1);
	fm_observe(&m, 0, 1, 8, FM_OPEN, 0, 1);
	fm_observe(&m, 0, 1, 8, FM_OPEN, 0, 1);
	fm_fit(&m);
	near(fm_owner_effect(&m, 7), 12.0 / 11);
	near(fm_owner_effect(&m, 8), 10.0 / 11);
	near(fm_owner_effect(&m, 9), 1);
	fm_predict(&m, 0, 1, 7, p);
	near(p[0], 0.5 * 12 / 11);
	fm_predict(&m, 0, 1, 0, p);
	near(p[0], 0.5);
	/* step 1, never seen: the team's month-0 hazard */
	fm_predict(&m, 1, 0, 0, p);
	near(p[0], 0.5);
	fm_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bands),
		cmocka_unit_test(test_censored),
		cmocka_unit_test(test_owner_effect),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
