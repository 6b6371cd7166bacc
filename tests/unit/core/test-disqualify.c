/* Step 1's right people and honest disqualification (issue 16), driven
 * through the core services: a step may require a stakeholder role, and a
 * deal is disqualified (not lost) for a reason of the one list, kept out of
 * what the reports learn, and reopened.
 * Rerun alone: meson test -C BUILD core-disqualify -v */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "core/deal.h"
#include "core/engage.h"
#include "core/process.h"

#define TRY(call) (fc_error_clear(&fx.err), (call))

static void assert_unchanged(char *before)
{
	char *after = fx_state();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* The default process with its engage step requiring ROLE, imported as
 * the admin under key "right". */
static void import_with_role(const char *role)
{
	json_t *p = NULL;
	fx_as(ADMIN);
	OK(process_export(&fx.ctx, "default", &p, &fx.err));
	json_object_del(p, "id");
	json_object_set_new(p, "key", json_string("right"));
	json_object_set_new(json_object_get(json_array_get(json_object_get(p,
		"steps"), 0), "criteria"), "stakeholder_role", json_string(role));
	OK(process_import(&fx.ctx, p, NULL, &fx.err));
	json_decref(p);
}

static void engage_needs_the_role(void **state)
{
	(void)state;
	import_with_role("decision_maker");
	fx_as(REP_EAST1);
	int64_t a = fx_account("Globex"), c = fx_contact(a, "Hank");
	fx_qualify(c, "close faster", -3, 30, 0);
	json_t *in = json_pack("{s:s, s:I, s:I, s:s, s:{s:s, s:s}}", "title", "T",
			       "account_id", (json_int_t)a, "contact_id",
			       (json_int_t)c, "process", "right", "next_step",
			       "what", "call", "due", fx_date(2));
	int64_t d = 0;
	OK(deal_create(&fx.ctx, in, &d, &fx.err));
	json_decref(in);
	struct advance_opts o = { 0 };
	char *before = fx_state();
	fx_assert_refused(TRY(deal_advance(&fx.ctx, d, &o, &fx.err)),
			  "exit-criteria", "step 'engage'",
			  "a decision maker among the stakeholders", NULL);
	assert_unchanged(before);
	/* another role is not the one asked for */
	OK(deal_stakeholder_set(&fx.ctx, d, c, "problem_owner", &fx.err));
	fx_assert_refused(TRY(deal_advance(&fx.ctx, d, &o, &fx.err)),
			  "exit-criteria", "a decision maker", NULL);
	OK(deal_stakeholder_set(&fx.ctx, d, c, "decision_maker", &fx.err));
	OK(deal_advance(&fx.ctx, d, &o, &fx.err));
	char *step = fx_text("deals", d, "step");
	assert_string_equal(step, "comfort");
	free(step);
}

static void role_criterion_is_checked(void **state)
{
	(void)state;
	json_t *p = NULL;
	fx_as(ADMIN);
	OK(process_export(&fx.ctx, "default", &p, &fx.err));
	json_object_del(p, "id");
	json_object_set_new(json_object_get(json_array_get(json_object_get(p,
		"steps"), 0), "criteria"), "stakeholder_role", json_string("boss"));
	fx_assert_fail(TRY(process_import(&fx.ctx, p, NULL, &fx.err)), FC_EINVAL,
		       "must be a stakeholder role: decision_maker|");
	json_object_set_new(json_object_get(json_array_get(json_object_get(p,
		"steps"), 0), "criteria"), "stakeholder_role", json_integer(1));
	fx_assert_fail(TRY(process_import(&fx.ctx, p, NULL, &fx.err)), FC_EINVAL,
		       "problem_owner");
	json_object_del(json_object_get(json_array_get(json_object_get(p,
		"steps"), 0), "criteria"), "stakeholder_role");
	json_object_set_new(p, "no_fit_days", json_integer(0));
	fx_assert_fail(TRY(process_import(&fx.ctx, p, NULL, &fx.err)), FC_EINVAL,
		       "'no_fit_days' must be 1 to 365");
	json_object_set_new(p, "no_fit_days", json_integer(30));
	OK(process_import(&fx.ctx, p, NULL, &fx.err));
	json_decref(p);
	OK(process_export(&fx.ctx, "default", &p, &fx.err));
	assert_int_equal(json_integer_value(json_object_get(p, "no_fit_days")), 30);
	json_decref(p);
}

static void disqualified_not_lost(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t d = fx_deal_quick("Deal", 1000);
	char *before = fx_state();
	fx_assert_fail(TRY(deal_disqualify(&fx.ctx, d, "bored", NULL, 0, &fx.err)),
		       FC_EINVAL, "wrong_person, no_need, wrong_timing, no_fit");
	fx_assert_fail(TRY(deal_disqualify(&fx.ctx, d, NULL, NULL, 0, &fx.err)),
		       FC_EINVAL, "'reason' must be one of");
	char note[DEAL_REASON_MAX + 2];
	memset(note, 'x', sizeof(note) - 1);
	note[sizeof(note) - 1] = '\0';
	fx_assert_fail(TRY(deal_disqualify(&fx.ctx, d, "no_need", note, 0,
					   &fx.err)), FC_EINVAL, "'note' is longer");
	fx_assert_fail(TRY(deal_disqualify(&fx.ctx, d, "no_need", NULL, 99,
					   &fx.err)), FC_ESTALE, "changed by");
	assert_unchanged(before);

	OK(deal_disqualify(&fx.ctx, d, "wrong_timing", "budget frozen", 0,
			   &fx.err));
	assert_int_equal(fx_int("SELECT COUNT(*) FROM deals WHERE id = %lld AND "
				"status = 'disqualified' AND disqualified_reason = "
				"'wrong_timing' AND disqualified_note = 'budget "
				"frozen' AND closed_at IS NOT NULL AND lost_reason IS "
				"NULL AND next_step_id IS NULL", (long long)d), 1);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM next_steps WHERE deal_id = "
				"%lld AND status = 'open'", (long long)d), 0);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM events WHERE entity = 'deal' "
				"AND entity_id = %lld AND action = 'disqualified' AND "
				"reason = 'wrong_timing'", (long long)d), 1);
	/* its stay ended, not as a loss, and nothing is learnt from it */
	assert_int_equal(fx_int("SELECT COUNT(*) FROM deal_steps WHERE deal_id = "
				"%lld AND left_at IS NULL", (long long)d), 0);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM report_learn_v WHERE "
				"deal_id = %lld", (long long)d), 0);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM report_cycle_v WHERE "
				"deal_id = %lld", (long long)d), 0);
	assert_int_equal(fx_int("SELECT COALESCE(SUM(deals), 0) FROM "
				"report_closed_deals"), 0);
	fx_assert_fail(TRY(deal_disqualify(&fx.ctx, d, "no_need", NULL, 0,
					   &fx.err)), FC_ECONFLICT, "not open");
	fx_assert_fail(TRY(deal_lose(&fx.ctx, d, "price", 0, &fx.err)),
		       FC_ECONFLICT, "is disqualified, not open");

	OK(deal_reopen(&fx.ctx, d, 0, &fx.err));
	assert_int_equal(fx_int("SELECT COUNT(*) FROM deals WHERE id = %lld AND "
				"status = 'open' AND disqualified_reason IS NULL AND "
				"disqualified_note IS NULL AND closed_at IS NULL",
				(long long)d), 1);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM deal_steps WHERE deal_id = "
				"%lld AND left_at IS NULL AND entered_by = 'reopen'",
				(long long)d), 1);
}

static void one_list_of_reasons(void **state)
{
	(void)state;
	/* contacts and deals take the same reasons */
	int64_t c = fx_contact(0, "Eve Engage");
	fx_qualify(c, "faster invoicing", -3, 30, 0);
	OK(contact_disqualify(&fx.ctx, c, "no_fit", NULL, &fx.err));
	for (int i = 0; engage_disqualify_reasons[i]; i++)
		assert_non_null(strstr(engage_disqualify_reason_list,
				       engage_disqualify_reasons[i]));
	assert_string_equal(deal_stakeholder_role_words("problem_owner"),
			    "a problem owner (the person with the need)");
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(engage_needs_the_role),
		T(role_criterion_is_checked),
		T(disqualified_not_lost),
		T(one_list_of_reasons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
