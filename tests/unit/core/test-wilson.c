/* The Wilson score interval the coaching and adherence reports give every
 * rate (src/core/report/habits.c, docs/reports.md): known values, the
 * bounds kept inside 0..1 at 0 of n and n of n, and null without data.
 * Rerun alone: meson test -C BUILD core-wilson -v */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "core/report/internal.h"

static void interval(int64_t k, int64_t n, double *low, double *high)
{
	json_t *row = json_object();
	report_wilson(k, n, row, "low", "high");
	*low = json_real_value(json_object_get(row, "low"));
	*high = json_real_value(json_object_get(row, "high"));
	json_decref(row);
}

static void near(double got, double want)
{
	if (fabs(got - want) > 1e-6)
		fail_msg("%.9f is not %.9f", got, want);
}

static void test_known_values(void **state)
{
	(void)state;
	double lo, hi;
	interval(1, 2, &lo, &hi);	/* centre 0.5, half 0.405469 */
	near(lo, 0.094531206);
	near(hi, 0.905468794);
	interval(3, 4, &lo, &hi);
	near(lo, 0.300641843);
	near(hi, 0.954412739);
	interval(50, 100, &lo, &hi);
	near(lo, 0.403831);
	near(hi, 0.596169);
}

static void test_edges(void **state)
{
	(void)state;
	double lo, hi;
	interval(0, 2, &lo, &hi);
	near(lo, 0);
	near(hi, 0.657619772);
	interval(6, 6, &lo, &hi);
	near(lo, 0.609665712);
	near(hi, 1);
	assert_true(lo >= 0 && hi <= 1);
}

static void test_no_data(void **state)
{
	(void)state;
	json_t *row = json_object();
	report_wilson(0, 0, row, "low", "high");
	assert_true(json_is_null(json_object_get(row, "low")));
	assert_true(json_is_null(json_object_get(row, "high")));
	json_decref(row);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_values),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_no_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
