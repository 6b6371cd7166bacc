/* The process rules of SPEC.md §1 (R1-R6) and custom processes, driven
 * through the core services on a fresh database: each refusal is checked
 * for its rule, its message and that it changed nothing.
 * Rerun alone: meson test -C BUILD core-rules -v */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/board.h"
#include "core/check.h"
#include "core/engage.h"
#include "core/deal.h"
#include "core/fit.h"
#include "core/interaction.h"
#include "core/next-step.h"
#include "core/promise.h"
#include "core/process.h"
#include "core/record.h"
#include "core/referral.h"
#include "util/xmalloc.h"

#define TRY(call) (fc_error_clear(&fx.err), (call))

static struct advance_opts to(const char *step)
{
	struct advance_opts o = { .to = step };
	return o;
}

static int advance(int64_t deal)
{
	struct advance_opts o = { 0 };
	return TRY(deal_advance(&fx.ctx, deal, &o, &fx.err));
}

static void assert_step(int64_t deal, const char *step)
{
	char *s = fx_text("deals", deal, "step");
	assert_string_equal(s, step);
	free(s);
}

static void assert_unchanged(char *before)
{
	char *after = fx_state();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* A deal standing at STEP of the default process, its criteria for the
 * steps before met, as REP_EAST1. */
static int64_t deal_at(const char *step)
{
	fx_as(REP_EAST1);
	int64_t d = fx_deal_quick("Deal", 1000);
	fx_walk(d, step);
	return d;
}

/* ---- R1: next step --------------------------------------------------- */

static void r1_deal_needs_next_step(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t a = fx_account("A"), c = fx_contact(a, "C");
	char *before = fx_state();
	json_t *in = json_pack("{s:s, s:I, s:I}", "title", "T", "account_id",
			       (json_int_t)a, "contact_id", (json_int_t)c);
	fx_assert_refused(TRY(deal_create(&fx.ctx, in, NULL, &fx.err)),
			  "next-step-required", "next step", NULL);
	json_object_set_new(in, "next_step", json_null());
	fx_assert_refused(TRY(deal_create(&fx.ctx, in, NULL, &fx.err)),
			  "next-step-required", "next step", NULL);
	/* a next step without its date is no agreement either */
	json_object_set_new(in, "next_step", json_pack("{s:s}", "what", "call"));
	fx_assert_fail(TRY(deal_create(&fx.ctx, in, NULL, &fx.err)), FC_EINVAL,
		       "'due' is required");
	json_decref(in);
	assert_unchanged(before);
	int64_t d = fx_deal("T", a, c, 10, 0);	/* due today is fine */
	assert_step(d, "engage");
	assert_int_equal(fx_int("SELECT COUNT(*) FROM next_steps WHERE deal_id = "
				"%lld AND status = 'open'", (long long)d), 1);
	assert_int_equal(fx_int("SELECT next_step_id FROM deals WHERE id = %lld",
				(long long)d),
			 fx_int("SELECT id FROM next_steps WHERE deal_id = %lld",
				(long long)d));
}

static void r1_log_needs_outcome(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t d = fx_deal_quick("D", 10);
	char *before = fx_state();
	json_t *in = json_pack("{s:s, s:I}", "kind", "call", "deal_id", (json_int_t)d);
	fx_assert_refused(TRY(interaction_log(&fx.ctx, in, NULL, &fx.err)),
			  "next-step-required", "agreed next step",
			  "no agreement", NULL);
	json_object_set_new(in, "agreement", json_true());
	fx_assert_refused(TRY(interaction_log(&fx.ctx, in, NULL, &fx.err)),
			  "next-step-required", "agreed next step", NULL);
	assert_unchanged(before);
	/* an explicit "no agreement" is an outcome: logged, next step kept */
	json_object_set_new(in, "agreement", json_false());
	int64_t ns = fx_int("SELECT next_step_id FROM deals WHERE id = %lld",
			    (long long)d);
	OK(interaction_log(&fx.ctx, in, NULL, &fx.err));
	json_decref(in);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM interactions WHERE deal_id = "
				"%lld AND agreement = 0", (long long)d), 1);
	assert_int_equal(fx_int("SELECT next_step_id FROM deals WHERE id = %lld",
				(long long)d), ns);
}

/* an e-mail logged as it arrived (core/mail-ingest.h): its agreement is
 * not known, which R1 lets through without claiming a "no" */
static void r1_agreement_not_known(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t d = fx_deal_quick("D", 10);
	int64_t ns = fx_int("SELECT next_step_id FROM deals WHERE id = %lld",
			    (long long)d);
	json_t *in = json_pack("{s:s, s:I, s:b, s:b}", "kind", "email", "deal_id",
			       (json_int_t)d, "agreement", 1, "agreement_known", 0);
	fx_assert_fail(TRY(interaction_log(&fx.ctx, in, NULL, &fx.err)), FC_EINVAL,
		       "records neither 'agreement' nor a next step");
	json_object_del(in, "agreement");
	OK(interaction_log(&fx.ctx, in, NULL, &fx.err));
	json_decref(in);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM interactions WHERE deal_id = "
				"%lld AND agreement = 0 AND agreement_known = 0",
				(long long)d), 1);
	assert_int_equal(fx_int("SELECT next_step_id FROM deals WHERE id = %lld",
				(long long)d), ns);
}

static void r1_agreement_replaces_next_step(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t d = fx_deal_quick("D", 10);
	int64_t old = fx_int("SELECT next_step_id FROM deals WHERE id = %lld",
			     (long long)d);
	int64_t iid = fx_agree(d, "demo", 4);
	int64_t now = fx_int("SELECT next_step_id FROM deals WHERE id = %lld",
			     (long long)d);
	assert_true(now != old);
	char *st = fx_text("next_steps", old, "status");
	assert_string_equal(st, "done");
	free(st);
	st = fx_text("next_steps", now, "what");
	assert_string_equal(st, "demo");
	free(st);
	assert_int_equal(fx_int("SELECT interaction_id FROM next_steps WHERE id = "
				"%lld", (long long)now), iid);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM next_steps WHERE deal_id = "
				"%lld AND status = 'open'", (long long)d), 1);
	/* next_step_set does the same */
	json_t *in = json_pack("{s:s, s:s, s:s}", "what", "trial", "due",
			       fx_date(6), "type", "trial");
	int64_t third = 0;
	OK(next_step_set(&fx.ctx, d, in, &third, &fx.err));
	json_decref(in);
	assert_int_equal(fx_int("SELECT next_step_id FROM deals WHERE id = %lld",
				(long long)d), third);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM next_steps WHERE deal_id = "
				"%lld AND status = 'open'", (long long)d), 1);
}

static void r1_next_step_done(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t d = fx_deal_quick("D", 10);
	int64_t ns = fx_int("SELECT next_step_id FROM deals WHERE id = %lld",
			    (long long)d);
	OK(next_step_done(&fx.ctx, d, &fx.err));
	assert_int_equal(fx_int("SELECT COUNT(*) FROM deals WHERE id = %lld AND "
				"next_step_id IS NULL", (long long)d), 1);
	char *st = fx_text("next_steps", ns, "status");
	assert_string_equal(st, "done");
	free(st);
	fx_assert_fail(TRY(next_step_done(&fx.ctx, d, &fx.err)), FC_ENOTFOUND,
		       "no open next step");
}

static void r1_past_due_refused(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t a = fx_account("A"), c = fx_contact(a, "C");
	char *before = fx_state();
	json_t *in = json_pack("{s:s, s:I, s:I, s:{s:s, s:s}}", "title", "T",
			       "account_id", (json_int_t)a, "contact_id",
			       (json_int_t)c, "next_step", "what", "call", "due",
			       fx_date(-1));
	fx_assert_fail(TRY(deal_create(&fx.ctx, in, NULL, &fx.err)), FC_EINVAL,
		       "in the past");
	assert_string_equal(fx.err.field, "due");
	json_decref(in);
	assert_unchanged(before);
	int64_t d = fx_deal("T", a, c, 1, 1);
	before = fx_state();
	in = json_pack("{s:s, s:s}", "what", "call", "due", fx_date(-3));
	fx_assert_fail(TRY(next_step_set(&fx.ctx, d, in, NULL, &fx.err)), FC_EINVAL,
		       fx_date(-3));
	json_decref(in);
	in = json_pack("{s:s, s:I, s:b, s:{s:s, s:s}}", "kind", "call", "deal_id",
		       (json_int_t)d, "agreement", 1, "next_step", "what", "x",
		       "due", fx_date(-1));
	fx_assert_fail(TRY(interaction_log(&fx.ctx, in, NULL, &fx.err)), FC_EINVAL,
		       "in the past");
	json_decref(in);
	assert_unchanged(before);
}

/* ---- R2: exit criteria ----------------------------------------------- */

static void r2_engage_needs_need(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t a = fx_account("A"), c = fx_contact(a, "C");
	json_t *in = json_pack("{s:s, s:s}", "timing_from", fx_date(-1),
			       "timing_to", fx_date(10));
	OK(record_update(&fx.ctx, &entity_contact, c, in, NULL, 0, &fx.err));
	json_decref(in);
	int64_t d = fx_deal("T", a, c, 1, 1);
	char *before = fx_state();
	fx_assert_refused(advance(d), "exit-criteria",
			  "step 'engage' needs a recorded need or interest", NULL);
	assert_unchanged(before);
	in = json_pack("{s:s}", "need", "faster invoicing");
	OK(record_update(&fx.ctx, &entity_contact, c, in, NULL, 0, &fx.err));
	json_decref(in);
	OK(advance(d));
	assert_step(d, "comfort");
}

static void r2_engage_needs_timing(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t a = fx_account("A"), c = fx_contact(a, "C");
	json_t *in = json_pack("{s:s}", "need", "speed");
	OK(record_update(&fx.ctx, &entity_contact, c, in, NULL, 0, &fx.err));
	json_decref(in);
	int64_t d = fx_deal("T", a, c, 1, 30);
	char *before = fx_state();
	fx_assert_refused(advance(d), "exit-criteria", "step 'engage' needs timing",
			  NULL);
	assert_unchanged(before);
	/* a window that opens later does not include today... */
	fx_qualify(c, "speed", 5, 20, 0);
	before = fx_state();
	fx_assert_refused(advance(d), "exit-criteria", "timing", NULL);
	/* ...nor one that closed */
	fx_qualify(c, "speed", -20, -1, 0);
	fx_assert_refused(advance(d), "exit-criteria", "timing", NULL);
	fx_qualify(c, "speed", 5, 20, 0);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM events WHERE action = "
				"'advance'"), 0);
	free(before);
	/* the clock (FULCRUM_NOW in the CLI) decides what today is */
	fx_day(5);
	OK(advance(d));
	assert_step(d, "comfort");
}

/* FULCRUM_NOW sets the clock a context starts with, so the timing window
 * is judged against that day */
static void r2_timing_follows_fulcrum_now(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t a = fx_account("A"), c = fx_contact(a, "C");
	fx_qualify(c, "speed", 10, 20, 0);
	int64_t d = fx_deal("T", a, c, 1, 30);
	fx_assert_refused(advance(d), "exit-criteria", "timing", NULL);
	setenv("FULCRUM_NOW", fx_date(12), 1);
	struct fc_actor user = fx.ctx.user;
	int64_t org = fx.ctx.org_id;
	ctx_init(&fx.ctx, fx.db);
	unsetenv("FULCRUM_NOW");
	fx.ctx.user = user;
	fx.ctx.org_id = org;
	char today[11];
	ctx_today(&fx.ctx, today);
	assert_string_equal(today, fx_date(12));
	OK(advance(d));
	assert_step(d, "comfort");
	assert_int_equal(fx_int("SELECT COUNT(*) FROM events WHERE entity_id = %lld "
				"AND action = 'advance' AND at = '%sT12:00:00Z'",
				(long long)d, fx_date(12)), 1);
}

static void r2_comfort_threshold(void **state)
{
	(void)state;
	int64_t d = deal_at("comfort");
	int64_t c = fx_int("SELECT contact_id FROM deals WHERE id = %lld",
			   (long long)d);
	json_t *in = json_pack("{s:i}", "comfort", 2);
	OK(record_update(&fx.ctx, &entity_contact, c, in, NULL, 0, &fx.err));
	json_decref(in);
	char *before = fx_state();
	fx_assert_refused(advance(d), "exit-criteria", "step 'comfort' needs a "
			  "comfort level of at least 3 (now 2)", NULL);
	assert_unchanged(before);
	/* a call that ends in an agreement raises the comfort by one */
	fx_agree(d, "lunch", 2);
	assert_int_equal(fx_int("SELECT comfort FROM contacts WHERE id = %lld",
				(long long)c), 3);
	OK(advance(d));
	assert_step(d, "discover");
}

static void r2_discover_wants(void **state)
{
	(void)state;
	int64_t d = deal_at("discover");
	char *before = fx_state();
	/* no wants at all: R3 speaks first */
	fx_assert_refused(advance(d), "fulcrum", "without recorded wants", NULL);
	assert_unchanged(before);
	fx_want(d, "objective", 2);
	before = fx_state();
	fx_assert_refused(advance(d), "exit-criteria",
			  "step 'discover' needs a recorded problem or issue", NULL);
	assert_unchanged(before);
	/* a motivation or criterion does not stand for a problem */
	fx_want(d, "motivation", 2);
	fx_want(d, "criterion", 2);
	fx_assert_refused(advance(d), "exit-criteria", "problem or issue", NULL);
	fx_want(d, "issue", 1);
	OK(advance(d));
	assert_step(d, "present");

	/* and the other way round: a problem without an objective */
	int64_t d2 = deal_at("discover");
	fx_want(d2, "problem", 2);
	fx_assert_refused(advance(d2), "exit-criteria", "a recorded objective",
			  NULL);
}

static void r2_present_fits(void **state)
{
	(void)state;
	int64_t d = deal_at("present");
	int64_t o = fx_offering("Widget");
	/* fx_walk recorded two wants of importance 2: they need no fit */
	int64_t w = fx_want(d, "objective", 3);
	char *before = fx_state();
	fx_assert_refused(advance(d), "exit-criteria", "step 'present' needs a fit "
			  "for every want of importance 3 or more (1 without one)",
			  NULL);
	assert_unchanged(before);
	fx_fit(w, o);
	OK(advance(d));
	assert_step(d, "agree");

	int64_t d2 = deal_at("present");
	fx_want(d2, "issue", 2);
	OK(advance(d2));
	int64_t d3 = deal_at("present");
	fx_want(d3, "issue", 5);
	fx_want(d3, "problem", 4);
	fx_assert_refused(advance(d3), "exit-criteria", "(2 without one)", NULL);
}

static void r2_agree_needs_agreement_in_step(void **state)
{
	(void)state;
	int64_t d = deal_at("present");
	/* an agreement recorded before the deal reached 'agree' does not count */
	fx_agree(d, "demo", 2);
	OK(advance(d));
	assert_step(d, "agree");
	char *before = fx_state();
	fx_assert_refused(TRY(deal_win(&fx.ctx, d, NULL, 0, NULL, 0, &fx.err)),
			  "exit-criteria", "step 'agree' needs an agreement", NULL);
	assert_unchanged(before);
	/* agree is left only by a win */
	fx_assert_refused(advance(d), "exit-criteria", "'follow_up'", "use win",
			  NULL);
	fx_day(1);
	fx_agree(d, "order", 3);
	/* step 5: an agreement is not the order */
	before = fx_state();
	fx_assert_refused(TRY(deal_win(&fx.ctx, d, NULL, 0, NULL, 0, &fx.err)),
			  "order-required", "customer's order", NULL);
	assert_unchanged(before);
	fx_order(d, "kick-off", 3);
	OK(deal_win(&fx.ctx, d, NULL, 0, NULL, 0, &fx.err));
	assert_step(d, "follow_up");
}

static void r2_force(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t d = fx_deal_quick("D", 10);
	int64_t c = fx_int("SELECT contact_id FROM deals WHERE id = %lld",
			   (long long)d);
	json_t *in = json_pack("{s:n}", "need");
	OK(record_update(&fx.ctx, &entity_contact, c, in, NULL, 0, &fx.err));
	json_decref(in);
	char *before = fx_state();
	struct advance_opts o = { .force = 1, .reason = "they called us" };
	fx_assert_fail(TRY(deal_advance(&fx.ctx, d, &o, &fx.err)), FC_EFORBIDDEN,
		       "only managers and admins");
	assert_unchanged(before);

	fx_as(MGR_EAST);
	before = fx_state();
	o.reason = NULL;
	fx_assert_fail(TRY(deal_advance(&fx.ctx, d, &o, &fx.err)), FC_EINVAL,
		       "needs a reason");
	o.reason = "";
	fx_assert_fail(TRY(deal_advance(&fx.ctx, d, &o, &fx.err)), FC_EINVAL,
		       "needs a reason");
	assert_unchanged(before);
	o.reason = "they called us";
	OK(deal_advance(&fx.ctx, d, &o, &fx.err));
	assert_step(d, "comfort");
	assert_int_equal(fx_int("SELECT COUNT(*) FROM events WHERE entity = 'deal' "
				"AND entity_id = %lld AND action = 'force' AND "
				"from_step = 'engage' AND to_step = 'comfort' AND "
				"reason = 'they called us' AND actor_id = %lld",
				(long long)d, (long long)fx.mgr_east), 1);
	/* a forced win by an admin, from before agree, is recorded too */
	fx_as(ADMIN);
	fx_want(d, "objective", 2);
	OK(deal_win(&fx.ctx, d, NULL, 1, "signed at the fair", 0, &fx.err));
	assert_int_equal(fx_int("SELECT COUNT(*) FROM events WHERE entity_id = "
				"%lld AND action = 'won' AND reason = 'signed at "
				"the fair'", (long long)d), 1);
	/* a rep cannot force a win either */
	fx_as(REP_EAST1);
	int64_t d2 = fx_deal_quick("D2", 10);
	fx_assert_fail(TRY(deal_win(&fx.ctx, d2, NULL, 1, "x", 0, &fx.err)),
		       FC_EFORBIDDEN, "only managers and admins");
}

static void r2_back_and_skip(void **state)
{
	(void)state;
	int64_t d = deal_at("discover");
	/* moving back needs no criteria and is recorded */
	struct advance_opts o = to("engage");
	OK(deal_advance(&fx.ctx, d, &o, &fx.err));
	assert_step(d, "engage");
	assert_int_equal(fx_int("SELECT COUNT(*) FROM events WHERE entity_id = %lld"
				" AND action = 'back' AND from_step = 'discover' AND "
				"to_step = 'engage'", (long long)d), 1);
	/* skipping checks every step left behind: comfort fails here */
	int64_t c = fx_int("SELECT contact_id FROM deals WHERE id = %lld",
			   (long long)d);
	json_t *in = json_pack("{s:i}", "comfort", 1);
	OK(record_update(&fx.ctx, &entity_contact, c, in, NULL, 0, &fx.err));
	json_decref(in);
	char *before = fx_state();
	o = to("discover");
	fx_assert_refused(TRY(deal_advance(&fx.ctx, d, &o, &fx.err)),
			  "exit-criteria", "step 'comfort' needs a comfort level",
			  NULL);
	/* the target's own criteria are not checked, the last one left is */
	o = to("agree");
	fx_want(d, "objective", 3);
	free(before);
	before = fx_state();
	in = json_pack("{s:i}", "comfort", 4);
	OK(record_update(&fx.ctx, &entity_contact, c, in, NULL, 0, &fx.err));
	json_decref(in);
	fx_assert_refused(TRY(deal_advance(&fx.ctx, d, &o, &fx.err)),
			  "exit-criteria", "step 'discover' needs a recorded problem",
			  NULL);
	fx_want(d, "problem", 2);
	fx_assert_refused(TRY(deal_advance(&fx.ctx, d, &o, &fx.err)),
			  "exit-criteria", "step 'present' needs a fit", NULL);
	free(before);
	fx_fit(fx_int("SELECT id FROM wants WHERE deal_id = %lld AND importance = 3",
		      (long long)d), fx_offering("W"));
	OK(deal_advance(&fx.ctx, d, &o, &fx.err));
	assert_step(d, "agree");
	/* unknown and current steps */
	o = to("nowhere");
	fx_assert_fail(TRY(deal_advance(&fx.ctx, d, &o, &fx.err)), FC_EINVAL,
		       "has no step 'nowhere'");
	o = to("agree");
	fx_assert_fail(TRY(deal_advance(&fx.ctx, d, &o, &fx.err)), FC_ECONFLICT,
		       "already at step 'agree'");
	o = to("follow_up");
	fx_assert_refused(TRY(deal_advance(&fx.ctx, d, &o, &fx.err)),
			  "exit-criteria", "use win", NULL);
}

/* ---- R3: the fulcrum ------------------------------------------------- */

static void r3_no_present_without_wants(void **state)
{
	(void)state;
	int64_t d = deal_at("discover");
	fx_as(MGR_EAST);
	char *before = fx_state();
	struct advance_opts o = { .force = 1, .reason = "urgent" };
	fx_assert_refused(TRY(deal_advance(&fx.ctx, d, &o, &fx.err)), "fulcrum",
			  "without recorded wants", "'present'", NULL);
	o.to = "agree";
	fx_assert_refused(TRY(deal_advance(&fx.ctx, d, &o, &fx.err)), "fulcrum",
			  "without recorded wants", NULL);
	assert_unchanged(before);
	/* the same from engage, jumping */
	fx_as(REP_EAST1);
	int64_t d2 = fx_deal_quick("D2", 1);
	fx_as(ADMIN);
	o.to = "present";
	fx_assert_refused(TRY(deal_advance(&fx.ctx, d2, &o, &fx.err)), "fulcrum",
			  NULL);
	/* one want and force gets there */
	fx_want(d, "motivation", 1);
	o.to = NULL;
	OK(deal_advance(&fx.ctx, d, &o, &fx.err));
	assert_step(d, "present");
}

static void r3_fit_needs_want(void **state)
{
	(void)state;
	int64_t d = deal_at("discover");
	int64_t o = fx_offering("Widget");
	char *before = fx_state();
	json_t *in = json_pack("{s:I, s:s}", "offering_id", (json_int_t)o, "how",
			       "fast");
	fx_assert_refused(TRY(fit_add(&fx.ctx, in, NULL, &fx.err)), "fulcrum",
			  "a fit needs a recorded want", NULL);
	json_object_set_new(in, "want_id", json_integer(987654));
	fx_assert_refused(TRY(fit_add(&fx.ctx, in, NULL, &fx.err)), "fulcrum",
			  "no want 987654", NULL);
	/* a want of a deal the user cannot see is no want to them */
	int64_t w = fx_want(d, "objective", 3);
	fx_as(REP_WEST);
	json_object_set_new(in, "want_id", json_integer(w));
	fx_assert_refused(TRY(fit_add(&fx.ctx, in, NULL, &fx.err)), "fulcrum",
			  "no want", NULL);
	json_decref(in);
	free(before);
	fx_as(REP_EAST1);
	int64_t f = fx_fit(w, o);
	assert_int_equal(fx_int("SELECT deal_id FROM fits WHERE id = %lld",
				(long long)f), d);
}

/* ---- R4: follow-up --------------------------------------------------- */

static void r4_win_schedules_check(void **state)
{
	(void)state;
	int64_t d = deal_at("agree");
	fx_order(d, "kick-off", 2);
	OK(deal_win(&fx.ctx, d, "2024-06-10", 0, NULL, 0, &fx.err));
	char *s = fx_text("checks", fx_int("SELECT id FROM checks WHERE deal_id = "
					   "%lld", (long long)d), "due");
	assert_string_equal(s, "2024-06-24");
	free(s);
	s = fx_text("deals", d, "status");
	assert_string_equal(s, "won");
	free(s);
	s = fx_text("deals", d, "delivered_on");
	assert_string_equal(s, "2024-06-10");
	free(s);
	assert_step(d, "follow_up");
	/* won deals keep no open next step; the account became a customer */
	assert_int_equal(fx_int("SELECT COUNT(*) FROM next_steps WHERE deal_id = "
				"%lld AND status = 'open'", (long long)d), 0);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM accounts a JOIN deals d ON "
				"d.account_id = a.id WHERE d.id = %lld AND a.status "
				"= 'customer'", (long long)d), 1);
	/* delivered defaults to today */
	int64_t d2 = deal_at("agree");
	fx_order(d2, "kick-off", 2);
	OK(deal_win(&fx.ctx, d2, NULL, 0, NULL, 0, &fx.err));
	s = fx_text("checks", fx_int("SELECT id FROM checks WHERE deal_id = %lld",
				     (long long)d2), "due");
	assert_string_equal(s, fx_date(14));
	free(s);
	/* bad delivery date */
	int64_t d3 = deal_at("agree");
	fx_agree(d3, "order", 2);
	fx_assert_fail(TRY(deal_win(&fx.ctx, d3, "June 10", 0, NULL, 0, &fx.err)),
		       FC_EINVAL, "'delivered' must be a date");
	/* a closed deal cannot be won again */
	fx_assert_fail(TRY(deal_win(&fx.ctx, d, NULL, 0, NULL, 0, &fx.err)),
		       FC_ECONFLICT, "not open");
}

static const char *custom_process =
	"{\"key\": \"quick\", \"name\": \"Quick sale\", \"check_days\": 30,"
	" \"steps\": ["
	"  {\"key\": \"qualify\", \"name\": \"Qualify\", \"phase\": \"engage\","
	"   \"criteria\": {}, \"probability\": 10, \"stall_days\": 7},"
	"  {\"key\": \"learn\", \"name\": \"Learn\", \"phase\": \"discover\","
	"   \"criteria\": {\"wants\": [\"objective\"]}, \"probability\": 30},"
	"  {\"key\": \"propose\", \"name\": \"Propose\", \"phase\": \"present\","
	"   \"criteria\": {}, \"probability\": 50},"
	"  {\"key\": \"close\", \"name\": \"Close\", \"phase\": \"agree\","
	"   \"criteria\": {}, \"probability\": 80},"
	"  {\"key\": \"after\", \"name\": \"After\", \"phase\": \"follow_up\","
	"   \"criteria\": {\"check_done\": true}, \"probability\": 100}]}";

static int64_t import_text(const char *text)
{
	json_t *in = json_loads(text, 0, NULL);
	int64_t id = 0;
	assert_non_null(in);
	OK(process_import(&fx.ctx, in, &id, &fx.err));
	json_decref(in);
	return id;
}

static void r4_custom_check_days(void **state)
{
	(void)state;
	fx_as(ADMIN);
	import_text(custom_process);
	fx_as(REP_EAST1);
	int64_t a = fx_account("A"), c = fx_contact(a, "C");
	json_t *in = json_pack("{s:s, s:I, s:I, s:s, s:{s:s, s:s}}", "title", "Q",
			       "account_id", (json_int_t)a, "contact_id",
			       (json_int_t)c, "process", "quick", "next_step",
			       "what", "call", "due", fx_date(1));
	int64_t d = 0;
	OK(deal_create(&fx.ctx, in, &d, &fx.err));
	json_decref(in);
	assert_step(d, "qualify");
	OK(advance(d));
	fx_assert_refused(advance(d), "fulcrum", "without recorded wants", NULL);
	fx_want(d, "problem", 1);
	fx_assert_refused(advance(d), "exit-criteria",
			  "step 'learn' needs a recorded objective", NULL);
	fx_want(d, "objective", 1);
	OK(advance(d));
	OK(advance(d));
	assert_step(d, "close");
	fx_order(d, "kick-off", 2);
	OK(deal_win(&fx.ctx, d, "2024-06-05", 0, NULL, 0, &fx.err));
	assert_step(d, "after");
	char *s = fx_text("checks", fx_int("SELECT id FROM checks WHERE deal_id = "
					   "%lld", (long long)d), "due");
	assert_string_equal(s, "2024-07-05");
	free(s);
	/* an unknown process is bad input */
	in = json_pack("{s:s, s:I, s:I, s:s, s:{s:s, s:s}}", "title", "Q",
		       "account_id", (json_int_t)a, "contact_id", (json_int_t)c,
		       "process", "nope", "next_step", "what", "call", "due",
		       fx_date(1));
	fx_assert_fail(TRY(deal_create(&fx.ctx, in, NULL, &fx.err)), FC_EINVAL,
		       "no process 'nope'");
	json_decref(in);
}

static void r4_win_before_agree(void **state)
{
	(void)state;
	int64_t d = deal_at("present");
	fx_agree(d, "order", 2);
	char *before = fx_state();
	fx_assert_refused(TRY(deal_win(&fx.ctx, d, NULL, 0, NULL, 0, &fx.err)),
			  "exit-criteria", "a deal is won from step 'agree'",
			  "'present'", NULL);
	assert_unchanged(before);
}

static void r4_reopen(void **state)
{
	(void)state;
	int64_t d = deal_at("agree");
	fx_order(d, "kick-off", 2);
	OK(deal_win(&fx.ctx, d, NULL, 0, NULL, 0, &fx.err));
	assert_int_equal(fx_int("SELECT COUNT(*) FROM checks WHERE deal_id = %lld",
				(long long)d), 1);
	fx_assert_fail(TRY(advance(d)), FC_ECONFLICT, "reopen it first");
	OK(deal_reopen(&fx.ctx, d, 0, &fx.err));
	assert_step(d, "agree");
	char *s = fx_text("deals", d, "status");
	assert_string_equal(s, "open");
	free(s);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM checks WHERE deal_id = %lld",
				(long long)d), 0);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM deals WHERE id = %lld AND "
				"delivered_on IS NULL AND closed_at IS NULL",
				(long long)d), 1);
	fx_assert_fail(TRY(deal_reopen(&fx.ctx, d, 0, &fx.err)), FC_ECONFLICT,
		       "already open");
	/* a lost deal goes back to the step it was lost at */
	int64_t d2 = deal_at("discover");
	fx_assert_fail(TRY(deal_lose(&fx.ctx, d2, "", 0, &fx.err)), FC_EINVAL,
		       "needs a reason");
	OK(deal_lose(&fx.ctx, d2, "went with a rival", 0, &fx.err));
	s = fx_text("deals", d2, "lost_reason");
	assert_string_equal(s, "went with a rival");
	free(s);
	OK(deal_reopen(&fx.ctx, d2, 0, &fx.err));
	assert_step(d2, "discover");
	s = fx_text("deals", d2, "lost_reason");
	assert_string_equal(s, "");
	free(s);
}

/* ---- R5: leverage ---------------------------------------------------- */

static void r5_check_creates_asks(void **state)
{
	(void)state;
	int64_t d = deal_at("agree");
	fx_win(d);
	int64_t cid = 0;
	OK(check_add(&fx.ctx, d, 5, "delighted", &cid, &fx.err));
	assert_int_equal(fx_int("SELECT COUNT(*) FROM asks WHERE deal_id = %lld AND "
				"kind = 'referral' AND status = 'open' AND check_id = "
				"%lld", (long long)d, (long long)cid), 1);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM asks WHERE deal_id = %lld AND "
				"kind = 'expansion' AND status = 'open'",
				(long long)d), 1);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM checks WHERE id = %lld AND "
				"score = 5 AND done_at IS NOT NULL", (long long)cid), 1);
	int64_t d4 = deal_at("agree");
	fx_win(d4);
	OK(check_add(&fx.ctx, d4, 4, NULL, NULL, &fx.err));
	assert_int_equal(fx_int("SELECT COUNT(*) FROM asks WHERE deal_id = %lld",
				(long long)d4), 2);
	int64_t d3 = deal_at("agree");
	fx_win(d3);
	OK(check_add(&fx.ctx, d3, 3, NULL, NULL, &fx.err));
	assert_int_equal(fx_int("SELECT COUNT(*) FROM asks WHERE deal_id = %lld",
				(long long)d3), 0);
	fx_assert_fail(TRY(check_add(&fx.ctx, d3, 6, NULL, NULL, &fx.err)),
		       FC_EINVAL, "between 1 and 5");
	fx_assert_fail(TRY(check_add(&fx.ctx, d3, 0, NULL, NULL, &fx.err)),
		       FC_EINVAL, "between 1 and 5");
}

static void r5_check_on_open_deal(void **state)
{
	(void)state;
	int64_t d = deal_at("agree");
	char *before = fx_state();
	fx_assert_refused(TRY(check_add(&fx.ctx, d, 5, NULL, NULL, &fx.err)),
			  "follow-up", "follows a won deal", "is open", NULL);
	assert_unchanged(before);
	OK(deal_lose(&fx.ctx, d, "budget", 0, &fx.err));
	fx_assert_refused(TRY(check_add(&fx.ctx, d, 5, NULL, NULL, &fx.err)),
			  "follow-up", "is lost", NULL);
}

static void r5_referral_closes_ask(void **state)
{
	(void)state;
	int64_t d = deal_at("agree");
	fx_win(d);
	OK(check_add(&fx.ctx, d, 5, NULL, NULL, &fx.err));
	int64_t from = fx_int("SELECT contact_id FROM deals WHERE id = %lld",
			      (long long)d);
	int64_t to_c = fx_contact(0, "Friend");
	json_t *in = json_pack("{s:I, s:I}", "from_contact_id", (json_int_t)from,
			       "contact_id", (json_int_t)from);
	fx_assert_fail(TRY(referral_add(&fx.ctx, in, NULL, &fx.err)), FC_EINVAL,
		       "cannot refer themselves");
	json_object_set_new(in, "contact_id", json_integer(to_c));
	json_object_set_new(in, "source_deal_id", json_integer(d));
	int64_t rid = 0;
	OK(referral_add(&fx.ctx, in, &rid, &fx.err));
	json_decref(in);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM asks WHERE deal_id = %lld AND "
				"kind = 'referral' AND status = 'done'", (long long)d), 1);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM asks WHERE deal_id = %lld AND "
				"kind = 'expansion' AND status = 'open'",
				(long long)d), 1);
	assert_int_equal(fx_int("SELECT referred_by_id FROM contacts WHERE id = "
				"%lld", (long long)to_c), from);
	/* the expansion ask is closed by hand */
	int64_t ask = fx_int("SELECT id FROM asks WHERE deal_id = %lld AND kind = "
			     "'expansion'", (long long)d);
	OK(ask_done(&fx.ctx, ask, &fx.err));
	fx_assert_fail(TRY(ask_done(&fx.ctx, ask, &fx.err)), FC_ECONFLICT,
		       "already done");
}

/* An ask declined leaves open asks alone, keeps its reason and goes in
 * the deal's history; the won deal stays in the follow-up column while an
 * ask or the check is open. */
static int64_t follow_up_count(int64_t deal)
{
	struct board_query bq = { .step = "follow_up", .limit = 100 };
	json_t *out = NULL, *it;
	size_t i;
	int64_t n = 0;
	OK(board_column(&fx.ctx, &bq, &out, &fx.err));
	json_array_foreach(json_object_get(out, "items"), i, it)
		n += json_integer_value(json_object_get(it, "id")) == deal;
	json_decref(out);
	return n;
}

static void r5_ask_declined(void **state)
{
	(void)state;
	int64_t d = deal_at("agree");
	fx_win(d);
	assert_int_equal(follow_up_count(d), 1);	/* the check is due */
	OK(check_add(&fx.ctx, d, 5, NULL, NULL, &fx.err));
	assert_int_equal(follow_up_count(d), 1);	/* two asks open */
	int64_t ref = fx_int("SELECT id FROM asks WHERE deal_id = %lld AND kind = "
			     "'referral'", (long long)d);
	int64_t exp = fx_int("SELECT id FROM asks WHERE deal_id = %lld AND kind = "
			     "'expansion'", (long long)d);
	fx_assert_fail(TRY(ask_decline(&fx.ctx, ref, "", &fx.err)), FC_EINVAL,
		       "'reason' is required");
	OK(ask_decline(&fx.ctx, ref, "they are new in the job", &fx.err));
	assert_int_equal(fx_int("SELECT COUNT(*) FROM asks WHERE id = %lld AND "
				"status = 'declined' AND declined_reason = 'they are "
				"new in the job'", (long long)ref), 1);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM events WHERE entity = 'deal' "
				"AND entity_id = %lld AND action = 'ask-declined'",
				(long long)d), 1);
	fx_assert_fail(TRY(ask_decline(&fx.ctx, ref, "again", &fx.err)),
		       FC_ECONFLICT, "no longer open");
	fx_assert_fail(TRY(ask_done(&fx.ctx, ref, &fx.err)), FC_ECONFLICT,
		       "declined");
	assert_int_equal(follow_up_count(d), 1);	/* the expansion ask */
	OK(ask_done(&fx.ctx, exp, &fx.err));
	assert_int_equal(follow_up_count(d), 0);	/* follow-up over */
}

/* A contact to engage is disqualified for one of the known reasons only,
 * once, and never when a deal was made with them. */
static void engage_disqualified(void **state)
{
	(void)state;
	int64_t c = fx_contact(0, "Eve Engage");
	fx_qualify(c, "faster invoicing", -3, 30, 0);
	fx_assert_fail(TRY(contact_disqualify(&fx.ctx, c, "bored", NULL, &fx.err)),
		       FC_EINVAL, "wrong_person, no_need, wrong_timing");
	OK(contact_disqualify(&fx.ctx, c, "no_need", "they built it", &fx.err));
	assert_int_equal(fx_int("SELECT COUNT(*) FROM contacts WHERE id = %lld AND "
				"disqualified_reason = 'no_need' AND disqualified_at "
				"IS NOT NULL", (long long)c), 1);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM events WHERE entity = "
				"'contact' AND entity_id = %lld AND action = "
				"'disqualified' AND reason = 'no_need'", (long long)c), 1);
	fx_assert_fail(TRY(contact_disqualify(&fx.ctx, c, "no_need", NULL, &fx.err)),
		       FC_ECONFLICT, "already disqualified");
	int64_t d = deal_at("engage");
	int64_t dc = fx_int("SELECT contact_id FROM deals WHERE id = %lld",
			    (long long)d);
	fx_assert_fail(TRY(contact_disqualify(&fx.ctx, dc, "no_need", NULL,
					      &fx.err)), FC_ECONFLICT, "has a deal");
}

/* ---- R6: history ----------------------------------------------------- */

static void r6_history(void **state)
{
	(void)state;
	int64_t d = deal_at("agree");
	fx_day(1);
	fx_order(d, "kick-off", 2);
	OK(deal_win(&fx.ctx, d, NULL, 0, NULL, 0, &fx.err));
	fx_day(2);
	OK(deal_reopen(&fx.ctx, d, 0, &fx.err));
	fx_as(MGR_EAST);
	struct advance_opts o = { .to = "discover", .force = 1, .reason = "rethink" };
	OK(deal_advance(&fx.ctx, d, &o, &fx.err));
	OK(deal_lose(&fx.ctx, d, "no budget", 0, &fx.err));

	json_t *h = NULL;
	OK(deal_history(&fx.ctx, d, 0, &h, &fx.err));
	static const char *const want[][4] = {
		{ "create", "", "engage", "" },
		{ "advance", "engage", "comfort", "" },
		{ "advance", "comfort", "discover", "" },
		{ "advance", "discover", "present", "" },
		{ "advance", "present", "agree", "" },
		{ "won", "agree", "follow_up", "" },
		{ "reopen", "follow_up", "agree", "" },
		{ "force", "agree", "discover", "rethink" },
		{ "lost", "discover", "discover", "no budget" },
	};
	size_t i, k = 0;
	json_t *e;
	int64_t last_id = 0;
	const char *last_at = "";
	json_array_foreach(h, i, e) {
		const char *action = json_string_value(json_object_get(e, "action"));
		if (strcmp(action, "create") && strcmp(action, "advance") &&
		    strcmp(action, "won") && strcmp(action, "reopen") &&
		    strcmp(action, "force") && strcmp(action, "lost"))
			continue;	/* stakeholder edits and the like */
		if (k >= ARRAY_SIZE(want))
			fail_msg("extra event '%s'", action);
		const char *from = json_string_value(json_object_get(e, "from_step"));
		const char *tos = json_string_value(json_object_get(e, "to_step"));
		const char *why = json_string_value(json_object_get(e, "reason"));
		assert_string_equal(action, want[k][0]);
		assert_string_equal(from ? from : "", want[k][1]);
		assert_string_equal(tos ? tos : "", want[k][2]);
		assert_string_equal(why ? why : "", want[k][3]);
		int64_t actor = json_integer_value(json_object_get(e, "actor_id"));
		assert_int_equal(actor, k >= 7 ? fx.mgr_east : fx.rep_east1);
		assert_non_null(json_string_value(json_object_get(e, "actor")));
		const char *at = json_string_value(json_object_get(e, "at"));
		assert_non_null(at);
		assert_true(strcmp(at, last_at) >= 0);
		assert_true(json_integer_value(json_object_get(e, "id")) > last_id);
		last_id = json_integer_value(json_object_get(e, "id"));
		last_at = at;
		k++;
	}
	assert_int_equal(k, ARRAY_SIZE(want));
	/* the time is the clock's: the win happened on day 1 */
	json_t *won = json_array_get(h, 0);
	json_array_foreach(h, i, e)
		if (!strcmp(json_string_value(json_object_get(e, "action")), "won"))
			won = e;
	assert_string_equal(json_string_value(json_object_get(won, "at")),
			    "2024-06-04T12:00:00Z");
	json_decref(h);
	/* the history of a deal one cannot see is not found */
	fx_as(REP_WEST);
	fx_assert_fail(TRY(deal_history(&fx.ctx, d, 0, &h, &fx.err)), FC_ENOTFOUND,
		       NULL);
}

/* ---- processes ------------------------------------------------------- */

/* Keeping promises: a promise past its grace days is missed once per due
 * day, by a sweep that acts for nobody; moving it needs its reason. */
static void promises_missed_once(void **state)
{
	(void)state;
	int64_t n = -1;
	int64_t d = fx_deal_quick("M", 10);	/* due on day 5 */
	int64_t lost = fx_deal_quick("L", 10);
	OK(deal_lose(&fx.ctx, lost, "no budget", 0, &fx.err));
	fx_day(7);	/* two grace days: still kept */
	OK(promise_sweep_missed(&fx.ctx, &n, &fx.err));
	assert_int_equal(n, 0);
	fx_day(8);
	OK(promise_sweep_missed(&fx.ctx, &n, &fx.err));
	assert_int_equal(n, 1);
	OK(promise_sweep_missed(&fx.ctx, &n, &fx.err));
	assert_int_equal(n, 0);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM events WHERE entity = "
				"'next_step' AND action = 'missed' AND actor_id IS "
				"NULL"), 1);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM missed_promises WHERE "
				"deal_id = %lld AND due = '%s' AND missed_on = '%s'",
				(long long)d, fx_date(5), fx_date(8)), 1);
	/* a move without its reason is refused by name; with it, recorded */
	char *before = fx_state();
	fx_assert_refused(TRY(next_step_move(&fx.ctx, d, fx_date(10), NULL, 0,
					     &fx.err)), "promise-move-reason",
			  "say why", NULL);
	assert_unchanged(before);
	OK(next_step_move(&fx.ctx, d, fx_date(10), "their CFO is away", 0,
			  &fx.err));
	/* the new due day is a new promise: missed again, counted again */
	fx_day(13);
	OK(promise_sweep_missed(&fx.ctx, &n, &fx.err));
	assert_int_equal(n, 1);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM missed_promises WHERE "
				"deal_id = %lld", (long long)d), 2);
	assert_int_equal(fx_int("SELECT COUNT(*) FROM missed_promises WHERE "
				"deal_id = %lld", (long long)lost), 0);
}

static void process_round_trip(void **state)
{
	(void)state;
	fx_as(ADMIN);
	json_t *out = NULL, *again = NULL;
	OK(process_export(&fx.ctx, "default", &out, &fx.err));
	assert_int_equal(json_array_size(json_object_get(out, "steps")), 6);
	assert_int_equal(json_integer_value(json_object_get(out, "check_days")), 14);
	json_t *copy = json_deep_copy(out);
	json_object_set_new(copy, "key", json_string("copy"));
	json_object_set_new(copy, "check_days", json_integer(21));
	json_object_del(copy, "id");
	int64_t id = 0;
	OK(process_import(&fx.ctx, copy, &id, &fx.err));
	OK(process_export(&fx.ctx, "copy", &again, &fx.err));
	assert_int_equal(json_integer_value(json_object_get(again, "id")), id);
	json_object_del(again, "id");
	assert_true(json_equal(copy, again));
	/* a second import of the same file replaces it in place */
	int64_t id2 = 0;
	OK(process_import(&fx.ctx, again, &id2, &fx.err));
	assert_int_equal(id, id2);
	json_decref(out);
	json_decref(again);
	json_decref(copy);
	json_t *list = NULL;
	OK(process_list(&fx.ctx, &list, &fx.err));
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0),
							      "key")), "default");
	json_decref(list);
}

static void import_fails(const char *patch_path, json_t *value, int code,
			 const char *needle)
{
	json_t *p = json_loads(custom_process, 0, NULL);
	json_t *target = p;
	char path[64], *save = NULL, *last = NULL;
	snprintf(path, sizeof(path), "%s", patch_path);
	for (char *tok = strtok_r(path, ".", &save); tok;
	     tok = strtok_r(NULL, ".", &save)) {
		if (last)
			target = json_is_array(target) ?
				 json_array_get(target, (size_t)strtol(last, NULL, 10)) :
				 json_object_get(target, last);
		last = tok;
	}
	json_object_set_new(target, last, value);
	char *before = fx_state();
	fx_assert_fail(TRY(process_import(&fx.ctx, p, NULL, &fx.err)), code, needle);
	assert_unchanged(before);
	json_decref(p);
}

static void process_validation(void **state)
{
	(void)state;
	fx_as(ADMIN);
	import_fails("colour", json_string("red"), FC_EINVAL,
		     "unknown field 'colour'");
	import_fails("steps.1.colour", json_string("red"), FC_EINVAL,
		     "unknown field 'colour' in steps[1]");
	import_fails("steps.2.phase", json_string("pitch"), FC_EINVAL,
		     "'phase' must be one of");
	import_fails("steps.3.phase", json_string("engage"), FC_EINVAL,
		     "in order");
	import_fails("steps.2.key", json_string("qualify"), FC_EINVAL,
		     "'qualify' is used twice");
	import_fails("steps.0.probability", json_integer(101), FC_EINVAL,
		     "'probability' must be 0 to 100");
	import_fails("steps.0.probability", json_integer(-1), FC_EINVAL,
		     "'probability' must be 0 to 100");
	import_fails("steps.0.key", json_string("Bad Key"), FC_EINVAL,
		     "may hold only");
	import_fails("check_days", json_integer(400), FC_EINVAL, "'check_days'");
	import_fails("steps", json_array(), FC_EINVAL, "1 to 30 steps");
	import_fails("steps.0.criteria", json_string("x"), FC_EINVAL,
		     "'criteria' must be an object");
	import_fails("steps.0.criteria", json_pack("{s:b}", "neeed", 1), FC_EINVAL,
		     "unknown exit criterion 'neeed' (known: need, timing");
	import_fails("steps.0.criteria", json_pack("{s:i}", "comfort_min", 9),
		     FC_EINVAL, "criterion 'comfort_min' must be a level from 0 to 5");
	import_fails("steps.0.criteria", json_pack("{s:s}", "need", "yes"),
		     FC_EINVAL, "criterion 'need' must be true or false");
	fx_as(MGR_EAST);
	json_t *p = json_loads(custom_process, 0, NULL);
	fx_assert_fail(TRY(process_import(&fx.ctx, p, NULL, &fx.err)), FC_EFORBIDDEN,
		       "only admins");
	json_decref(p);
}

static void process_replace_with_deals(void **state)
{
	(void)state;
	fx_as(ADMIN);
	import_text(custom_process);
	fx_as(REP_EAST1);
	int64_t a = fx_account("A"), c = fx_contact(a, "C");
	json_t *in = json_pack("{s:s, s:I, s:I, s:s, s:{s:s, s:s}}", "title", "Q",
			       "account_id", (json_int_t)a, "contact_id",
			       (json_int_t)c, "process", "quick", "next_step",
			       "what", "call", "due", fx_date(1));
	int64_t d = 0;
	OK(deal_create(&fx.ctx, in, &d, &fx.err));
	json_decref(in);
	fx_as(ADMIN);
	/* dropping 'qualify', where the deal stands, is refused */
	json_t *p = json_loads(custom_process, 0, NULL);
	json_array_remove(json_object_get(p, "steps"), 0);
	char *before = fx_state();
	fx_assert_fail(TRY(process_import(&fx.ctx, p, NULL, &fx.err)), FC_ECONFLICT,
		       "deals stand on step 'qualify'");
	assert_unchanged(before);
	json_decref(p);
	/* dropping another step is fine, and the deal keeps its step */
	p = json_loads(custom_process, 0, NULL);
	json_array_remove(json_object_get(p, "steps"), 2);
	OK(process_import(&fx.ctx, p, NULL, &fx.err));
	json_decref(p);
	assert_step(d, "qualify");
	json_t *out = NULL;
	OK(process_export(&fx.ctx, "quick", &out, &fx.err));
	assert_int_equal(json_array_size(json_object_get(out, "steps")), 4);
	json_decref(out);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(r1_deal_needs_next_step),
		T(r1_log_needs_outcome),
		T(r1_agreement_not_known),
		T(r1_agreement_replaces_next_step),
		T(r1_next_step_done),
		T(r1_past_due_refused),
		T(r2_engage_needs_need),
		T(r2_engage_needs_timing),
		T(r2_timing_follows_fulcrum_now),
		T(r2_comfort_threshold),
		T(r2_discover_wants),
		T(r2_present_fits),
		T(r2_agree_needs_agreement_in_step),
		T(r2_force),
		T(r2_back_and_skip),
		T(r3_no_present_without_wants),
		T(r3_fit_needs_want),
		T(r4_win_schedules_check),
		T(r4_custom_check_days),
		T(r4_win_before_agree),
		T(r4_reopen),
		T(r5_check_creates_asks),
		T(r5_check_on_open_deal),
		T(r5_referral_closes_ask),
		T(r5_ask_declined),
		T(engage_disqualified),
		T(r6_history),
		T(promises_missed_once),
		T(process_round_trip),
		T(process_validation),
		T(process_replace_with_deals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
