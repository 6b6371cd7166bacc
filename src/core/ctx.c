/* The acting user and the clock; see ctx.h. */
#include <stdio.h>
#include <string.h>

#include "core/ctx.h"
#include "core/memo.h"
#include "util/date.h"
#include "util/banned.h"

static const char *const role_names[] = { "rep", "manager", "admin" };

const char *role_name(enum fc_role r)
{
	return (unsigned)r < 3 ? role_names[r] : "rep";
}

int role_parse(const char *s, enum fc_role *r)
{
	for (int i = 0; i < 3; i++) {
		if (s && !strcmp(s, role_names[i])) {
			*r = (enum fc_role)i;
			return 0;
		}
	}
	return -1;
}

void ctx_init(struct fc_ctx *ctx, struct db *db)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->db = db;
	ctx->now = clock_now();
}

static int load_user(struct fc_ctx *ctx, struct db_stmt *st,
		     struct fc_error *err, const char *who)
{
	int rc = db_step(st);
	if (rc < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (rc == 0) {
		rc = fc_fail(err, FC_ENOTFOUND, "as", "no user '%s'", who);
		goto out;
	}
	ctx->org_id = db_col_int(st, 0);
	ctx->user.id = db_col_int(st, 1);
	snprintf(ctx->user.email, sizeof(ctx->user.email), "%s",
		 db_col_text(st, 2));
	snprintf(ctx->user.name, sizeof(ctx->user.name), "%s",
		 db_col_text(st, 3));
	if (role_parse(db_col_text(st, 4), &ctx->user.role))
		ctx->user.role = ROLE_REP;
	snprintf(ctx->user.team, sizeof(ctx->user.team), "%s",
		 db_col_text(st, 5) ? db_col_text(st, 5) : "");
	rc = 0;
out:
	db_done(st);
	return rc;
}

#define USER_COLS "SELECT org_id, id, email, name, role, team FROM users "

int ctx_act_as(struct fc_ctx *ctx, const char *email, struct fc_error *err)
{
	struct db_stmt *st;
	if (email && *email) {
		st = db_prepare(ctx->db, USER_COLS
				"WHERE lower(email) = lower(?) AND active = 1 "
				"ORDER BY org_id LIMIT 1");
		if (!st)
			return db_error(ctx->db, err);
		db_bind_text(st, 1, email);
		return load_user(ctx, st, err, email);
	}
	st = db_prepare(ctx->db, USER_COLS "WHERE role = 'admin' AND active = 1 "
			"ORDER BY org_id, id LIMIT 1");
	if (!st)
		return db_error(ctx->db, err);
	return load_user(ctx, st, err, "(first admin)");
}

int ctx_act_as_id(struct fc_ctx *ctx, int64_t org_id, int64_t user_id,
		  struct fc_error *err)
{
	struct db_stmt *st;
	char who[32];
	int rc;
	if (memo_user_get(ctx->db, org_id, user_id, &ctx->user)) {
		ctx->org_id = org_id;
		return 0;
	}
	st = db_prepare(ctx->db, USER_COLS
			"WHERE org_id = ? AND id = ? AND active = 1");
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", org_id, user_id);
	snprintf(who, sizeof(who), "#%lld", (long long)user_id);
	if (!(rc = load_user(ctx, st, err, who)))
		memo_user_put(ctx->db, org_id, &ctx->user);
	return rc;
}

void ctx_now_time(const struct fc_ctx *ctx, char out[21])
{
	time_format(ctx->now, out);
}

void ctx_today(const struct fc_ctx *ctx, char out[11])
{
	date_format(date_from_time(ctx->now), out);
}

int ctx_tx_end(struct fc_ctx *ctx, int rc, struct fc_error *err)
{
	if (rc) {
		db_rollback(ctx->db);
		return rc;
	}
	if (db_commit(ctx->db))
		return db_error(ctx->db, err);
	return 0;
}
