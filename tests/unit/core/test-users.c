/* Users, owners and signing in (core/user.c, core/auth.c, core/record.c):
 * who may give a record away, the organisation's last admin, e-mail
 * addresses whatever their case, sessions and tokens ended by a new password
 * or a deactivation, and the login limit's counters.
 * Rerun alone: meson test -C BUILD core-users -v */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/record.h"
#include "core/user.h"

#define TRY(call) (fc_error_clear(&fx.err), (call))
#define PW "a password 1"

static json_t *obj(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	return j;
}

/* Applies TEXT to record ID of E as the acting user. */
static int patch(const struct entity *e, int64_t id, const char *text)
{
	json_t *in = obj(text);
	int rc = TRY(record_update(&fx.ctx, e, id, in, NULL, 0, &fx.err));
	json_decref(in);
	return rc;
}

static void owners(void **state)
{
	(void)state;
	fx_as(REP_EAST1);
	int64_t account = fx_account("Kept");
	int64_t contact = fx_contact(account, "Kim");
	int64_t deal = fx_deal("Kept deal", account, contact, 100, 3);
	char json[64];
	char *before = fx_state();

	/* a rep neither clears the owner nor hands the record away */
	fx_assert_fail(patch(&entity_account, account, "{\"owner_id\": null}"),
		       FC_EFORBIDDEN, "refused (record-owner)");
	assert_string_equal(fx.err.field, "owner_id");
	snprintf(json, sizeof(json), "{\"owner_id\": %lld}", (long long)fx.rep_east2);
	fx_assert_fail(patch(&entity_contact, contact, json), FC_EFORBIDDEN,
		       "refused (record-owner)");
	fx_assert_fail(patch(&entity_deal, deal, json), FC_EFORBIDDEN,
		       "refused (record-owner)");
	fx_assert_fail(patch(&entity_deal, deal, "{\"owner_id\": null}"),
		       FC_EINVAL, "'owner_id' cannot be empty");
	char *after = fx_state();
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* a manager assigns within the team but does not clear */
	fx_as(MGR_EAST);
	OK(patch(&entity_account, account, json));
	fx_assert_fail(patch(&entity_contact, contact, "{\"owner_id\": null}"),
		       FC_EFORBIDDEN, "refused (record-owner)");
	/* an admin clears what may be nobody's, never a deal's owner */
	fx_as(ADMIN);
	OK(patch(&entity_contact, contact, "{\"owner_id\": null}"));
	fx_assert_fail(patch(&entity_deal, deal, "{\"owner_id\": null}"),
		       FC_EINVAL, "'owner_id' cannot be empty");
	assert_int_equal(fx_int("SELECT owner_id FROM accounts WHERE id = %lld",
				(long long)account), fx.rep_east2);
}

static void last_admin(void **state)
{
	(void)state;
	fx_as(ADMIN);
	fx_assert_fail(patch(&entity_user, fx.admin, "{\"role\": \"manager\"}"),
		       FC_ECONFLICT, "refused (last-admin)");
	fx_assert_fail(patch(&entity_user, fx.admin, "{\"active\": false}"),
		       FC_ECONFLICT, "refused (last-admin)");
	/* an admin of another organisation does not count */
	assert_int_equal(fx_int("SELECT COUNT(*) FROM users WHERE role = 'admin' "
				"AND active = 1"), 2);
	OK(patch(&entity_user, fx.mgr_west, "{\"role\": \"admin\"}"));
	OK(patch(&entity_user, fx.admin, "{\"role\": \"rep\"}"));
	fx_as(MGR_WEST);
	fx_assert_fail(patch(&entity_user, fx.mgr_west, "{\"active\": false}"),
		       FC_ECONFLICT, "refused (last-admin)");
	OK(patch(&entity_user, fx.admin, "{\"role\": \"admin\", \"active\": true}"));
	OK(patch(&entity_user, fx.mgr_west, "{\"active\": false}"));
}

static void email_case(void **state)
{
	(void)state;
	fx_as(ADMIN);
	int64_t id = 0;
	json_t *in = obj("{\"email\": \"Mixed.Case@ACME.test\", \"name\": \"M\", "
			 "\"role\": \"rep\"}");
	OK(record_create(&fx.ctx, &entity_user, in, NULL, &id, &fx.err));
	json_decref(in);
	char *email = fx_text("users", id, "email");
	assert_string_equal(email, "mixed.case@acme.test");
	free(email);
	/* a list filtered by the address finds it whatever the case */
	json_t *list = NULL;
	struct list_query lq = { .filters = obj("{\"email\": \"MIXED.Case@acme.TEST\"}") };
	OK(record_list(&fx.ctx, &entity_user, &lq, &list, &fx.err));
	assert_int_equal(json_array_size(json_object_get(list, "items")), 1);
	json_decref(list);
	json_decref(lq.filters);
	in = obj("{\"email\": \"MIXED.case@acme.test\", \"name\": \"Twin\", "
		 "\"role\": \"rep\"}");
	fx_assert_fail(TRY(record_create(&fx.ctx, &entity_user, in, NULL, NULL,
					 &fx.err)), FC_ECONFLICT,
		       "a user with this e-mail already exists");
	json_decref(in);
	assert_null(strstr(fx.err.message, "constraint"));
	fx_assert_fail(patch(&entity_user, fx.rep_east1,
			     "{\"email\": \"Mixed.CASE@acme.test\"}"),
		       FC_ECONFLICT, "a user with this e-mail already exists");
	/* the same address in another organisation is another user */
	fx_as(ADMIN_OTHER);
	in = obj("{\"email\": \"mixed.case@acme.test\", \"name\": \"Elsewhere\", "
		 "\"role\": \"rep\"}");
	OK(record_create(&fx.ctx, &entity_user, in, NULL, NULL, &fx.err));
	json_decref(in);
}

static void revoke(void **state)
{
	(void)state;
	struct auth_session s;
	int64_t org, user;
	char *token = NULL;

	fx_as(ADMIN);
	OK(auth_set_password(&fx.ctx, REP_EAST1, PW, &fx.err));
	OK(auth_login(fx.db, REP_EAST1, PW, "192.0.2.1", fx.ctx.now, &s, &fx.err));
	fx_as(REP_EAST1);
	OK(auth_token_create(&fx.ctx, "t", NULL, &token, &fx.err));
	char tok[AUTH_HEX_LEN];
	snprintf(tok, sizeof(tok), "%s", s.token);
	OK(auth_session_lookup(fx.db, tok, fx.ctx.now, &s, &fx.err));
	OK(auth_token_lookup(fx.db, token, fx.ctx.now, &org, &user, &fx.err));

	/* deactivated, then active again: both stay dead */
	fx_as(ADMIN);
	OK(patch(&entity_user, fx.rep_east1, "{\"active\": false}"));
	OK(patch(&entity_user, fx.rep_east1, "{\"active\": true}"));
	fx_assert_fail(TRY(auth_session_lookup(fx.db, tok, fx.ctx.now, &s,
					       &fx.err)), FC_EAUTH, NULL);
	fx_assert_fail(TRY(auth_token_lookup(fx.db, token, fx.ctx.now, &org,
					     &user, &fx.err)), FC_EAUTH, NULL);
	free(token);

	/* a new password ends the new ones too */
	OK(auth_login(fx.db, REP_EAST1, PW, "192.0.2.1", fx.ctx.now, &s, &fx.err));
	snprintf(tok, sizeof(tok), "%s", s.token);
	fx_as(REP_EAST1);
	OK(auth_token_create(&fx.ctx, "t2", NULL, &token, &fx.err));
	OK(auth_set_password(&fx.ctx, REP_EAST1, PW " new", &fx.err));
	fx_assert_fail(TRY(auth_session_lookup(fx.db, tok, fx.ctx.now, &s,
					       &fx.err)), FC_EAUTH, NULL);
	fx_assert_fail(TRY(auth_token_lookup(fx.db, token, fx.ctx.now, &org,
					     &user, &fx.err)), FC_EAUTH, NULL);
	free(token);
}

static int login(const char *email, const char *pw, const char *addr)
{
	struct auth_session s;
	return TRY(auth_login(fx.db, email, pw, addr, fx.ctx.now, &s, &fx.err));
}

static void login_limit(void **state)
{
	(void)state;
	char email[64];
	fx_as(ADMIN);
	OK(auth_set_password(&fx.ctx, ADMIN, PW, &fx.err));
	OK(auth_set_password(&fx.ctx, REP_EAST1, PW, &fx.err));

	/* one guesser at one account: locked after the pair's limit, and
	 * then even the right password is refused from there */
	OK(login(ADMIN, PW, "192.0.2.1"));	/* a known address: no waits */
	for (int i = 0; i < AUTH_PAIR_LIMIT; i++)
		fx_assert_fail(login(ADMIN, "wrong", "192.0.2.1"), FC_EAUTH, NULL);
	fx_assert_fail(login(ADMIN, PW, "192.0.2.1"), FC_ELIMIT,
		       "too many failed logins");
	/* the owner elsewhere is not locked out: at most a short wait,
	 * told in the refusal, for the email's many failures */
	fx_assert_fail(login(ADMIN, PW, "192.0.2.2"), FC_ELIMIT,
		       "for this email: try again in 4 seconds");
	fx.ctx.now += AUTH_EMAIL_GAP_MAX;
	OK(login(ADMIN, PW, "192.0.2.2"));

	/* a spray over many emails from one address; a valid account there
	 * does not wipe the address's failures */
	for (int i = 0; i < AUTH_ADDR_LIMIT - 1; i++) {
		snprintf(email, sizeof(email), "nobody%d@acme.test", i);
		fx_assert_fail(login(email, "wrong", "198.51.100.7"), FC_EAUTH, NULL);
	}
	OK(login(REP_EAST1, PW, "198.51.100.7"));
	fx_assert_fail(login("last@acme.test", "wrong", "198.51.100.7"), FC_EAUTH,
		       NULL);
	fx_assert_fail(login(REP_EAST1, PW, "198.51.100.7"), FC_ELIMIT, NULL);

	/* the window passes: the address may try again */
	fx.ctx.now += AUTH_LIMIT_WINDOW + 1;
	OK(login(REP_EAST1, PW, "198.51.100.7"));

	/* one email guessed from many addresses: never locked, but past
	 * AUTH_EMAIL_SLOW_AFTER failures an unknown address waits a gap
	 * that doubles, and a refused attempt holds nothing up */
	for (int i = 0; i <= AUTH_EMAIL_SLOW_AFTER; i++) {
		snprintf(email, sizeof(email), "203.0.113.%d", i + 1);
		fx_assert_fail(login(REP_EAST1, "wrong", email), FC_EAUTH, NULL);
	}
	fx_assert_fail(login(REP_EAST1, PW, "203.0.113.99"), FC_ELIMIT,
		       "for this email: try again in 1 seconds");
	/* the owner's own address is not kept waiting */
	OK(login(REP_EAST1, PW, "198.51.100.7"));
	fx.ctx.now += 1;
	OK(login(REP_EAST1, PW, "203.0.113.99"));
	for (int i = 0; i < AUTH_EMAIL_SLOW_AFTER + 3; i++) {
		fx.ctx.now += AUTH_EMAIL_GAP_MAX;
		fx_assert_fail(login(REP_EAST1, "wrong", "203.0.113.50"), FC_EAUTH,
			       NULL);
	}
	/* the gap grew, up to its bound: three seconds on are not enough */
	fx.ctx.now += AUTH_EMAIL_GAP_MAX - 1;
	fx_assert_fail(login(REP_EAST1, PW, "203.0.113.98"), FC_ELIMIT, NULL);
	fx.ctx.now += 1;
	OK(login(REP_EAST1, PW, "203.0.113.98"));
}

static int64_t add_user(const char *email, const char *name)
{
	json_t *in = json_pack("{s:s, s:s, s:s}", "email", email, "name", name,
			       "role", "rep");
	int64_t id = 0;
	OK(TRY(record_create(&fx.ctx, &entity_user, in, NULL, &id, &fx.err)));
	json_decref(in);
	return id;
}

/* One resolver for owners: an id, an e-mail whatever its case, or a full
 * name whatever its case, accents and spacing, unique in the organisation. */
static void find_user(void **state)
{
	int64_t id = 0;
	(void)state;
	fx_as(ADMIN);
	int64_t jose = add_user("jose@acme.test", "José Núñez");
	int64_t dana = add_user("dana@acme.test", "Dana Whitfield");
	int64_t dana_w = add_user("dana.w@acme.test", "Dána WHITFIELD");
	add_user("dana@other.test", "Zoë Œlberg");

	OK(TRY(user_find(&fx.ctx, "owner", "Rae East", &id, &fx.err)));
	assert_int_equal(id, fx.rep_east1);
	OK(TRY(user_find(&fx.ctx, "owner", "  rae   EAST ", &id, &fx.err)));
	assert_int_equal(id, fx.rep_east1);
	OK(TRY(user_find(&fx.ctx, "owner", "RAE@acme.test", &id, &fx.err)));
	assert_int_equal(id, fx.rep_east1);
	OK(TRY(user_find(&fx.ctx, "owner", "jose nunez", &id, &fx.err)));
	assert_int_equal(id, jose);
	OK(TRY(user_find(&fx.ctx, "owner", "JOSÉ NÚÑEZ", &id, &fx.err)));
	assert_int_equal(id, jose);
	OK(TRY(user_find(&fx.ctx, "owner", "zoe oelberg", &id, &fx.err)));
	char ref[24];
	snprintf(ref, sizeof(ref), "%lld", (long long)dana_w);
	OK(TRY(user_find(&fx.ctx, "owner", ref, &id, &fx.err)));
	assert_int_equal(id, dana_w);
	OK(TRY(user_find(&fx.ctx, "owner", "dana@acme.test", &id, &fx.err)));
	assert_int_equal(id, dana);

	/* two users answer to the name: refused, naming both */
	fx_assert_fail(TRY(user_find(&fx.ctx, "owner", "Dana Whitfield", &id,
				     &fx.err)), FC_EINVAL,
		       "owner 'Dana Whitfield' is ambiguous: dana.w@acme.test, "
		       "dana@acme.test");
	assert_string_equal(fx.err.field, "owner");
	fx_assert_fail(TRY(user_find(&fx.ctx, "owner", "Dana", &id, &fx.err)),
		       FC_ENOTFOUND, "no user 'Dana'");
	fx_assert_fail(TRY(user_find(&fx.ctx, "owner", "nobody@acme.test", &id,
				     &fx.err)), FC_ENOTFOUND, "no user");
	/* another organisation's users are no one here */
	fx_assert_fail(TRY(user_find(&fx.ctx, "owner", "Rita Other", &id,
				     &fx.err)), FC_ENOTFOUND, "no user");
	fx_assert_fail(TRY(user_find(&fx.ctx, "owner", "", &id, &fx.err)),
		       FC_EINVAL, "a user id, an email or a full name");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(owners), T(last_admin), T(email_case), T(revoke), T(login_limit),
		T(find_user),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
