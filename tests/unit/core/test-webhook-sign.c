/* Webhook signatures and the retry schedule (core/webhook-sign.h): the
 * header's exact form, checked against HMAC-SHA256 as another library
 * (Node's crypto) computes it; and the schedule's growth, cap, jitter and
 * span of a day. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/webhook-sign.h"

#define DAY_MS (24 * 60 * 60 * 1000LL)

static void test_signature(void **state)
{
	char sig[WEBHOOK_SIGNATURE_MAX];
	const char *body = "{\"a\":1}";
	(void)state;
	webhook_sign("whsec_test", 1700000000, body, strlen(body), sig);
	/* node -e 'crypto.createHmac("sha256", "whsec_test")
	 *   .update("1700000000.{\"a\":1}").digest("hex")' */
	assert_string_equal(sig, "t=1700000000,v1=38877139021993b830af32feea6e1"
			    "8a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
}

static void test_signature_covers_time_body_and_secret(void **state)
{
	char a[WEBHOOK_SIGNATURE_MAX], b[WEBHOOK_SIGNATURE_MAX];
	(void)state;
	webhook_sign("whsec_test", 1700000000, "{\"a\":1}", 7, a);
	webhook_sign("whsec_test", 1700000001, "{\"a\":1}", 7, b);
	assert_string_not_equal(a + strlen("t=1700000000,"),
				b + strlen("t=1700000001,"));
	webhook_sign("whsec_test", 1700000000, "{\"a\":2}", 7, b);
	assert_string_not_equal(a, b);
	webhook_sign("whsec_other", 1700000000, "{\"a\":1}", 7, b);
	assert_string_not_equal(a, b);
	/* only LEN bytes of the body are signed */
	webhook_sign("whsec_test", 1700000000, "{\"a\":1}trailing", 7, b);
	assert_string_equal(a, b);
}

static void test_backoff_doubles_to_its_cap(void **state)
{
	(void)state;
	assert_int_equal(webhook_backoff_ms(1000, 1, 0), 1000);
	assert_int_equal(webhook_backoff_ms(1000, 2, 0), 2000);
	assert_int_equal(webhook_backoff_ms(1000, 3, 0), 4000);
	assert_int_equal(webhook_backoff_ms(1000, 8, 0), 128000);
	assert_int_equal(webhook_backoff_ms(1000, 9, 0),
			 WEBHOOK_BACKOFF_CAP * 1000);
	assert_int_equal(webhook_backoff_ms(1000, 40, 0),
			 WEBHOOK_BACKOFF_CAP * 1000);
}

static void test_backoff_jitter_keeps_it_growing(void **state)
{
	(void)state;
	/* at most half again; the largest jitter of one retry stays below the
	 * smallest delay of the next */
	assert_int_equal(webhook_backoff_ms(1000, 1, 0.999999), 1499);
	for (int n = 1; n < 9; n++)
		assert_true(webhook_backoff_ms(1000, n, 0.999999) <
			    webhook_backoff_ms(1000, n + 1, 0));
	/* a jitter out of [0, 1) counts as none */
	assert_int_equal(webhook_backoff_ms(1000, 2, 1.5), 2000);
	assert_int_equal(webhook_backoff_ms(1000, 2, -1), 2000);
}

static void test_attempts_span_a_day(void **state)
{
	int64_t sum = 0;
	(void)state;
	/* the retries after the first attempt, nominal (no jitter) */
	for (int n = 1; n < WEBHOOK_ATTEMPTS - 1; n++)
		sum += webhook_backoff_ms(WEBHOOK_RETRY_BASE_MS, n, 0);
	assert_true(sum < DAY_MS);
	sum += webhook_backoff_ms(WEBHOOK_RETRY_BASE_MS, WEBHOOK_ATTEMPTS - 1, 0);
	assert_true(sum >= DAY_MS);
}

static void test_base_from_environment(void **state)
{
	(void)state;
	unsetenv("FULCRUM_WEBHOOK_RETRY_BASE_MS");
	assert_int_equal(webhook_retry_base_ms(), WEBHOOK_RETRY_BASE_MS);
	setenv("FULCRUM_WEBHOOK_RETRY_BASE_MS", "50", 1);
	assert_int_equal(webhook_retry_base_ms(), 50);
	setenv("FULCRUM_WEBHOOK_RETRY_BASE_MS", "0", 1);
	assert_int_equal(webhook_retry_base_ms(), WEBHOOK_RETRY_BASE_MS);
	setenv("FULCRUM_WEBHOOK_RETRY_BASE_MS", "12ms", 1);
	assert_int_equal(webhook_retry_base_ms(), WEBHOOK_RETRY_BASE_MS);
	setenv("FULCRUM_WEBHOOK_RETRY_BASE_MS", "3600001", 1);
	assert_int_equal(webhook_retry_base_ms(), WEBHOOK_RETRY_BASE_MS);
	unsetenv("FULCRUM_WEBHOOK_RETRY_BASE_MS");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signature),
		cmocka_unit_test(test_signature_covers_time_body_and_secret),
		cmocka_unit_test(test_backoff_doubles_to_its_cap),
		cmocka_unit_test(test_backoff_jitter_keeps_it_growing),
		cmocka_unit_test(test_attempts_span_a_day),
		cmocka_unit_test(test_base_from_environment),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
