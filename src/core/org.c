/* Creating an organisation; see org.h. */
#include <inttypes.h>
#include <string.h>

#include "core/org.h"
#include "core/process.h"
#include "core/record.h"
#include "util/date.h"
#include "util/banned.h"

int org_create(struct fc_ctx *ctx, const struct org_init *in,
	       struct fc_error *err)
{
	char now[TIME_LEN];
	int64_t org = 0, n = 0;
	int rc;
	json_t *admin = NULL, *extra = NULL;

	if (!in->name || !*in->name || strlen(in->name) > 200)
		return fc_fail(err, FC_EINVAL, "org", "an organisation needs a name of "
			       "1 to 200 bytes");
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM orgs WHERE name = ?",
			       "s", in->name))) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (n) {
		rc = fc_fail(err, FC_ECONFLICT, "org", "organisation '%s' already "
			     "exists in this database", in->name);
		goto out;
	}
	if ((rc = db_query_int(ctx->db, &org, "INSERT INTO orgs (name, created_at) "
			       "VALUES (?, ?) RETURNING id", "ss", in->name, now))) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	ctx->org_id = org;
	/* the admin is created by the system, acting as nobody yet */
	ctx->user.id = 0;
	ctx->user.role = ROLE_ADMIN;
	admin = json_pack("{s:s, s:s, s:s}", "email", in->admin_email, "name",
			  in->admin_name, "role", "admin");
	if ((rc = record_create(ctx, &entity_user, admin, NULL, &ctx->user.id, err)))
		goto out;
	if ((rc = process_create_default(ctx, err)))
		goto out;
out:
	json_decref(admin);
	json_decref(extra);
	if ((rc = ctx_tx_end(ctx, rc, err)))
		return rc;
	return ctx_act_as_id(ctx, org, ctx->user.id, err);
}
