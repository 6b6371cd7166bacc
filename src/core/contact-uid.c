/* The UID of a contact's vCard; see contact-uid.h. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/contact-uid.h"
#include "store/db.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* "fulcrum-ORG-STAMP-contact-": STAMP is the digits of the organisation's
 * created_at ("2026-03-02T12:00:00Z" gives 20260302120000). */
static int prefix(struct fc_ctx *ctx, char *out, size_t size,
		  struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT created_at FROM orgs "
					"WHERE id = ?");
	char stamp[32];
	size_t n = 0;
	int rc;

	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "i", ctx->org_id);
	if ((rc = db_step(st)) > 0 && db_col_text(st, 0))
		for (const char *p = db_col_text(st, 0); *p && n + 1 < sizeof(stamp); p++)
			if (isdigit((unsigned char)*p))
				stamp[n++] = *p;
	stamp[n] = '\0';
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	snprintf(out, size, "fulcrum-%" PRId64 "-%s-contact-", ctx->org_id, stamp);
	return 0;
}

int contact_uid(struct fc_ctx *ctx, int64_t id, char **out,
		struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT vcard_uid FROM contacts "
					"WHERE org_id = ? AND id = ?");
	char made[96];
	int rc;

	*out = NULL;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, id);
	if ((rc = db_step(st)) > 0 && db_col_text(st, 0) && *db_col_text(st, 0))
		*out = xstrdup(db_col_text(st, 0));
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (*out)
		return 0;
	if ((rc = prefix(ctx, made, sizeof(made), err)))
		return rc;
	*out = xasprintf("%s%" PRId64, made, id);
	return 0;
}

int contact_uid_made_here(struct fc_ctx *ctx, const char *uid, int64_t *id,
			  struct fc_error *err)
{
	char made[96];
	size_t len;
	int rc;

	*id = 0;
	if ((rc = prefix(ctx, made, sizeof(made), err)))
		return rc;
	len = strlen(made);
	if (strncmp(uid, made, len) || !uid[len] || strlen(uid + len) > 18)
		return 0;
	for (const char *p = uid + len; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	*id = strtoll(uid + len, NULL, 10);
	return 0;
}
