/* The webhooks' outbox (core/webhook.h): an event a subscription wants is
 * written in the transaction of its change, so it commits with the change
 * and goes with a rollback; an event nobody subscribed to writes nothing;
 * each organisation's subscriptions see only its own events. */
#include <string.h>

#include "core/record.h"
#include "core/webhook.h"
#include "core/webhook-deliver.h"
#include "helpers.h"

static int64_t outbox(const char *name)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(fx.db, &n, "SELECT COUNT(*) FROM "
		"webhook_outbox WHERE name = ?", "s", name), 0);
	return n;
}

static int64_t subscribe(const char *event)
{
	char secret[WEBHOOK_SECRET_LEN];
	json_t *events = json_pack("[s]", event);
	int64_t id = 0;
	assert_int_equal(webhook_add(&fx.ctx, "https://hooks.example/in", events,
				     &id, secret, &fx.err), 0);
	json_decref(events);
	return id;
}

static void test_event_commits_with_its_change(void **state)
{
	(void)state;
	fx_as(ADMIN);
	subscribe("account.created");
	fx_account("Committed");
	assert_int_equal(outbox("account.created"), 1);
}

static void test_rolled_back_change_leaves_no_event(void **state)
{
	json_t *in = json_pack("{s:s}", "name", "Rolled back");
	int64_t id = 0;
	(void)state;
	fx_as(ADMIN);
	subscribe("account.created");
	assert_int_equal(db_begin(fx.db, 1), 0);
	assert_int_equal(record_create(&fx.ctx, &entity_account, in, NULL, &id,
				       &fx.err), 0);
	/* written inside the transaction ... */
	assert_int_equal(outbox("account.created"), 1);
	assert_int_equal(db_rollback(fx.db), 0);
	/* ... and gone with it */
	assert_int_equal(outbox("account.created"), 0);
	json_decref(in);
}

static void test_unsubscribed_event_writes_nothing(void **state)
{
	(void)state;
	fx_as(ADMIN);
	subscribe("deal.won");
	fx_account("Nobody listens");
	assert_int_equal(outbox("account.created"), 0);
}

static void test_other_organisation_sees_nothing(void **state)
{
	(void)state;
	fx_as(ADMIN_OTHER);
	subscribe("*");
	fx_as(ADMIN);
	fx_account("Acme's own");
	assert_int_equal(outbox("account.created"), 0);
}

static void test_payload_names_event_and_record(void **state)
{
	json_t *body;
	struct db_stmt *st;
	(void)state;
	fx_as(ADMIN);
	subscribe("*");
	int64_t acc = fx_account("Payload Ltd");
	st = db_prepare(fx.db, "SELECT body, event_id FROM webhook_outbox WHERE "
			"name = 'account.created'");
	assert_non_null(st);
	assert_int_equal(db_step(st), 1);
	body = json_loads(db_col_text(st, 0), 0, NULL);
	assert_non_null(body);
	assert_string_equal(json_string_value(json_object_get(body, "event")),
			    "account.created");
	assert_int_equal(json_integer_value(json_object_get(body, "id")),
			 db_col_int(st, 1));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
		body, "record"), "id")), acc);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		body, "record"), "name")), "Payload Ltd");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
		body, "organisation"), "id")), fx.org);
	db_done(st);
	json_decref(body);
}

static void test_subscriptions_are_for_admins(void **state)
{
	char secret[WEBHOOK_SECRET_LEN];
	json_t *events = json_pack("[s]", "*");
	int64_t id = 0;
	(void)state;
	fx_as(REP_EAST1);
	assert_int_equal(webhook_add(&fx.ctx, "https://hooks.example/in", events,
				     &id, secret, &fx.err), FC_EFORBIDDEN);
	json_decref(events);
}

static void test_subscriptions_are_bounded(void **state)
{
	char secret[WEBHOOK_SECRET_LEN];
	json_t *events = json_pack("[s]", "*");
	int64_t id = 0;
	(void)state;
	fx_as(ADMIN);
	for (int i = 0; i < WEBHOOK_MAX; i++)
		subscribe("*");
	assert_int_equal(webhook_add(&fx.ctx, "https://hooks.example/in", events,
				     &id, secret, &fx.err), FC_ELIMIT);
	/* every one of them still gets the event */
	fx_account("Many listeners");
	assert_int_equal(outbox("account.created"), WEBHOOK_MAX);
	json_decref(events);
}

static void test_log_is_pruned_by_age(void **state)
{
	volatile int stopping = 0;
	struct webhook_pass p = { .holder = "test", .base_ms = 1000,
				  .stopping = &stopping };
	int64_t left = -1;
	(void)state;
	fx_as(ADMIN);
	int64_t hook = subscribe("*");
	/* delivered long ago, given up long ago, delivered yesterday, and a
	 * pending one long ago that no age removes */
	const char *rows[][2] = { { "delivered", "2000-01-01T00:00:00Z" },
		{ "failed", "2000-01-01T00:00:00Z" },
		{ "delivered", "2099-01-01T00:00:00Z" },
		{ "pending", "2000-01-01T00:00:00Z" } };
	for (int i = 0; i < 4; i++)
		assert_true(db_run(fx.db, "INSERT INTO webhook_outbox (org_id, "
			"webhook_id, name, entity, entity_id, body, state, next_at, "
			"created_at) VALUES (?, ?, 'ping', 'webhook', ?, '{}', ?, "
			"4102444800000, ?)", "iiiss", fx.org, hook, (int64_t)i,
			rows[i][0], rows[i][1]) >= 0);
	assert_int_equal(webhook_deliver_pass(fx.db, &p, &fx.err), 0);
	assert_true(p.pruned_ms > 0);
	assert_int_equal(db_query_int(fx.db, &left, "SELECT COUNT(*) FROM "
		"webhook_outbox WHERE entity_id IN (2, 3)", ""), 0);
	assert_int_equal(left, 2);
	assert_int_equal(db_query_int(fx.db, &left, "SELECT COUNT(*) FROM "
		"webhook_outbox", ""), 0);
	assert_int_equal(left, 2);
	/* the pending delivery is due in 2100: the next one is told */
	assert_int_equal(p.next_ms, 4102444800000LL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_event_commits_with_its_change,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_rolled_back_change_leaves_no_event,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_unsubscribed_event_writes_nothing,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_other_organisation_sees_nothing,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_payload_names_event_and_record,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_subscriptions_are_for_admins,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_subscriptions_are_bounded,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_log_is_pruned_by_age,
						fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
