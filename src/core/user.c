/* Rules on changing a user; see user.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/auth.h"
#include "core/record.h"
#include "core/user.h"
#include "io/text.h"
#include "util/buf.h"
#include "util/banned.h"

static int truthy(json_t *v)
{
	return json_is_true(v) ||
	       (json_is_integer(v) && json_integer_value(v) != 0);
}

/* The other active admins of the organisation, locked on PostgreSQL until
 * the transaction ends: two admins demoting each other at once cannot
 * both see the other one still there. */
static int other_admins(struct fc_ctx *ctx, int64_t id, int64_t *n,
			struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, db_dialect(ctx->db) == DB_PG ?
		"SELECT id FROM users WHERE org_id = ? AND role = 'admin' AND "
		"active = 1 FOR UPDATE" :
		"SELECT id FROM users WHERE org_id = ? AND role = 'admin' AND "
		"active = 1");
	int rc;
	*n = 0;
	if (!st)
		return db_error(ctx->db, err);
	db_bind_int(st, 1, ctx->org_id);
	while ((rc = db_step(st)) > 0)
		if (db_col_int(st, 0) != id)
			(*n)++;
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

int user_on_update(struct fc_ctx *ctx, int64_t id, json_t *before,
		   json_t *patch, struct fc_error *err)
{
	json_t *role = json_object_get(patch, "role");
	json_t *active = json_object_get(patch, "active");
	const char *was_role = json_string_value(json_object_get(before, "role"));
	int was_admin = was_role && !strcmp(was_role, "admin");
	int was_active = truthy(json_object_get(before, "active"));
	int is_admin = role ? !strcmp(json_string_value(role), "admin") : was_admin;
	int is_active = active ? truthy(active) : was_active;
	int64_t others = 0;
	int rc;

	if (was_admin && was_active && !(is_admin && is_active)) {
		if ((rc = other_admins(ctx, id, &others, err)))
			return rc;
		if (!others)
			return fc_fail(err, FC_ECONFLICT, is_admin ? "active" : "role",
				       "refused (last-admin): '%s' is the last active "
				       "admin of the organisation: make another user "
				       "admin first",
				       json_string_value(json_object_get(before, "email")));
	}
	if (was_active && !is_active) {
		if ((rc = auth_revoke_user(ctx->db, ctx->org_id, id, err)))
			return rc;
		if (db_run(ctx->db, "UPDATE users SET calendar_token = NULL WHERE "
			   "org_id = ? AND id = ?", "ii", ctx->org_id, id) < 0)
			return db_error(ctx->db, err);
	}
	return 0;
}

int user_on_create(struct fc_ctx *ctx, json_t *in, struct fc_error *err)
{
	json_t *role = json_object_get(in, "role");
	(void)ctx;
	(void)err;
	if (in && (!role || json_is_null(role)))
		json_object_set_new(in, "role", json_string(USER_DEFAULT_ROLE));
	return 0;
}

/* The user of ctx's organisation whose full name folds (io/text.h) to the
 * same as NAME's; an organisation's users are few, so they are compared
 * here rather than by a collation each store spells its own way. */
static int find_by_name(struct fc_ctx *ctx, const char *field,
			const char *name, int64_t *id, struct fc_error *err)
{
	struct buf want = BUF_INIT, have = BUF_INIT, who = BUF_INIT;
	struct db_stmt *st;
	int n = 0, rc;

	text_fold(&want, name);
	st = db_prepare(ctx->db, "SELECT id, name, email FROM users WHERE "
			"org_id = ? ORDER BY email");
	if (!st) {
		buf_release(&want);
		return db_error(ctx->db, err);
	}
	db_bind_int(st, 1, ctx->org_id);
	while ((rc = db_step(st)) > 0) {
		buf_clear(&have);
		text_fold(&have, db_col_text(st, 1));
		if (have.len != want.len || memcmp(have.s, want.s, want.len))
			continue;
		if (n++ == 0)
			*id = db_col_int(st, 0);
		if (n <= USER_AMBIGUOUS_NAMED)
			buf_addf(&who, "%s%s", n > 1 ? ", " : "", db_col_text(st, 2));
	}
	db_done(st);
	buf_release(&want);
	buf_release(&have);
	if (rc < 0)
		rc = db_error(ctx->db, err);
	else if (!n)
		rc = fc_fail(err, FC_ENOTFOUND, field, "no user '%s'", name);
	else if (n > 1)
		rc = fc_fail(err, FC_EINVAL, field, "%s '%s' is ambiguous: %s%s",
			     field, name, who.s, n > USER_AMBIGUOUS_NAMED ?
			     ", ..." : "");
	buf_release(&who);
	return rc;
}

int user_find(struct fc_ctx *ctx, const char *field, const char *who,
	      int64_t *id, struct fc_error *err)
{
	char *end = NULL;
	long long n;
	int rc;
	if (!who || !*who)
		return fc_fail(err, FC_EINVAL, field, "'%s' must be a user id, an "
			       "email or a full name", field);
	if (strlen(who) > USER_REF_MAX)
		return fc_fail(err, FC_EINVAL, field, "'%s' is too long (at most %d "
			       "characters)", field, USER_REF_MAX);
	n = strtoll(who, &end, 10);
	if (!*end) {	/* all digits: an id */
		if (n <= 0)
			return fc_fail(err, FC_EINVAL, field, "'%s' must be a user id, "
				       "an email or a full name: '%.40s'", field, who);
		rc = db_query_int(ctx->db, id, "SELECT id FROM users WHERE org_id = "
				  "? AND id = ?", "ii", ctx->org_id, (int64_t)n);
	} else {
		rc = db_query_int(ctx->db, id, "SELECT id FROM users WHERE org_id = "
				  "? AND lower(email) = lower(?)", "is", ctx->org_id,
				  who);
		if (rc == FC_ENOTFOUND && !strchr(who, '@'))
			return find_by_name(ctx, field, who, id, err);
	}
	if (rc == FC_ENOTFOUND)
		return fc_fail(err, FC_ENOTFOUND, field, "no user '%s'", who);
	if (rc)
		return db_error(ctx->db, err);
	return 0;
}

/* Takes "password" and "must_change_password" out of IN (a copy the caller
 * releases in *REST) and hashes the password into *EXTRA for the record
 * layer; both NULL without a password. A password an admin gives another
 * user is a first one: they must change it at their next sign-in, unless
 * IN says "must_change_password": false. */
static int password_split(struct fc_ctx *ctx, int64_t id, json_t *in,
			  json_t **rest, json_t **extra, struct fc_error *err)
{
	char hash[AUTH_HASH_LEN];
	json_t *pw = json_object_get(in, "password");
	json_t *must = json_object_get(in, "must_change_password");
	int rc;
	*rest = *extra = NULL;
	if (must && !json_is_boolean(must))
		return fc_fail(err, FC_EINVAL, "must_change_password",
			       "'must_change_password' must be true or false");
	if (must && !pw)
		return fc_fail(err, FC_EINVAL, "must_change_password",
			       "'must_change_password' goes with a 'password'");
	if (!pw)
		return 0;
	if (!json_is_string(pw))
		return fc_fail(err, FC_EINVAL, "password",
			       "'password' must be a string");
	if ((rc = auth_password_hash(json_string_value(pw), hash, err)))
		return rc;
	*rest = json_copy(in);
	json_object_del(*rest, "password");
	json_object_del(*rest, "must_change_password");
	*extra = json_pack("{s:s, s:b}", "password_hash", hash,
			   "must_change_password", must ? json_is_true(must) :
			   ctx->user.id != 0 && ctx->user.id != id);
	sodium_memzero(hash, sizeof(hash));
	return 0;
}

int user_create(struct fc_ctx *ctx, json_t *in, int64_t *id,
		struct fc_error *err)
{
	json_t *rest, *extra;
	int rc = password_split(ctx, 0, in, &rest, &extra, err);
	if (!rc)
		rc = record_create(ctx, &entity_user, rest ? rest : in, extra, id,
				   err);
	json_decref(rest);
	json_decref(extra);
	return rc;
}

int user_update(struct fc_ctx *ctx, int64_t id, json_t *patch,
		int64_t if_version, struct fc_error *err)
{
	json_t *rest, *extra;
	int rc = password_split(ctx, id, patch, &rest, &extra, err);
	if (rc)
		return rc;
	if ((rc = db_begin(ctx->db, 1))) {
		rc = db_error(ctx->db, err);
		goto out_nt;
	}
	rc = record_update(ctx, &entity_user, id, rest ? rest : patch, extra,
			   if_version, err);
	if (!rc && extra)
		rc = auth_revoke_user(ctx->db, ctx->org_id, id, err);
	rc = ctx_tx_end(ctx, rc, err);
out_nt:
	json_decref(rest);
	json_decref(extra);
	return rc;
}

int user_password_change_required(struct fc_ctx *ctx, int *required,
				  struct fc_error *err)
{
	int64_t v = 0;
	int rc = db_query_int(ctx->db, &v, "SELECT must_change_password FROM "
			      "users WHERE org_id = ? AND id = ?", "ii",
			      ctx->org_id, ctx->user.id);
	*required = !rc && v != 0;
	return rc && rc != FC_ENOTFOUND ? db_error(ctx->db, err) : 0;
}
