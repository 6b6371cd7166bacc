/* The duplicate_keys table (sql/023-duplicates.sql): each contact's and
 * account's normalised keys, written in the transaction of every write of
 * the record (record.c calls duplicate_keys_refresh), rebuilt whole after a
 * restore or the demo's bulk load, and written once for the records that
 * existed before the table did. Contacts' names are not keys: they are
 * compared within their account, whose contacts are few (duplicate.c). */
#include <stdlib.h>
#include <string.h>

#include "core/duplicate.h"
#include "util/xmalloc.h"
#include "util/banned.h"

typedef char *(*key_fn)(const char *);

static int put(struct fc_ctx *ctx, const char *kind, int64_t id,
	       const char *rule, key_fn fn, const char *value,
	       struct fc_error *err)
{
	char *k = fn(value);
	int rc = 0;
	if (k && db_run(ctx->db, "INSERT INTO duplicate_keys (org_id, kind, "
			"record_id, rule, norm) VALUES (?, ?, ?, ?, ?) ON CONFLICT "
			"DO NOTHING", "isiss", ctx->org_id, kind, id, rule, k) < 0)
		rc = db_error(ctx->db, err);
	free(k);
	return rc;
}

/* The strings of a stored JSON array (FT_JSONTEXT emails, phones): plain
 * strings, or objects' "value". */
static int put_list(struct fc_ctx *ctx, const char *kind, int64_t id,
		    const char *rule, key_fn fn, const char *text,
		    struct fc_error *err)
{
	json_t *a = text ? json_loads(text, 0, NULL) : NULL, *v;
	size_t i;
	int rc = 0;
	json_array_foreach(a, i, v) {
		if (json_is_object(v))
			v = json_object_get(v, "value");
		if (json_is_string(v) &&
		    (rc = put(ctx, kind, id, rule, fn, json_string_value(v), err)))
			break;
	}
	json_decref(a);
	return rc;
}

static int contact_keys(struct fc_ctx *ctx, int64_t id, const char *email,
			const char *emails, const char *phone,
			const char *phones, struct fc_error *err)
{
	int rc;
	if ((rc = put(ctx, "contact", id, "email", duplicate_email_key, email, err)) ||
	    (rc = put_list(ctx, "contact", id, "email", duplicate_email_key, emails,
			   err)) ||
	    (rc = put(ctx, "contact", id, "email_domain",
		      duplicate_email_domain_key, email, err)) ||
	    (rc = put_list(ctx, "contact", id, "email_domain",
			   duplicate_email_domain_key, emails, err)) ||
	    (rc = put(ctx, "contact", id, "phone", duplicate_phone_key, phone, err)))
		return rc;
	return put_list(ctx, "contact", id, "phone", duplicate_phone_key, phones,
			err);
}

static int account_keys(struct fc_ctx *ctx, int64_t id, const char *name,
			const char *domain, struct fc_error *err)
{
	int rc = put(ctx, "account", id, "domain", duplicate_domain_key, domain,
		     err);
	return rc ? rc : put(ctx, "account", id, "name",
			     duplicate_account_name_key, name, err);
}

/* Copies of a row's text columns, as reading on clobbers them. */
#define COLS_MAX 4
struct row {
	int64_t id;
	char *c[COLS_MAX];
};

static void row_release(struct row *r, int n)
{
	for (int i = 0; i < n; i++)
		free(r->c[i]);
}

static const char contact_sql[] = "SELECT id, email, emails, phone, phones "
	"FROM contacts WHERE org_id = ?";
static const char account_sql[] = "SELECT id, name, domain FROM accounts "
	"WHERE org_id = ?";

/* Keys of the rows SQL (with its " AND id = ?" when ID > 0) reads. Rows
 * are read a page at a time, so no statement stays open while writing. */
static int keys_of(struct fc_ctx *ctx, int contact, int64_t id,
		   struct fc_error *err)
{
	enum { PAGE = 500 };
	int ncols = contact ? 4 : 2;
	int64_t after = 0;
	char sql[256];
	snprintf(sql, sizeof(sql), "%s AND id %s ? ORDER BY id LIMIT %d",
		 contact ? contact_sql : account_sql, id > 0 ? "=" : ">", PAGE);
	for (;;) {
		/* one record's refresh (every write of it) reads one row */
		int cap = id > 0 ? 1 : PAGE;
		struct row *rows = xcalloc((size_t)cap, sizeof(*rows));
		int n = 0, rc = 0;
		struct db_stmt *st = db_prepare(ctx->db, sql);
		if (!st) {
			free(rows);
			return db_error(ctx->db, err);
		}
		db_bindf(st, "ii", ctx->org_id, id > 0 ? id : after);
		while (n < cap && (rc = db_step(st)) > 0) {
			rows[n].id = db_col_int(st, 0);
			for (int i = 0; i < ncols; i++) {
				const char *t = db_col_text(st, i + 1);
				rows[n].c[i] = t ? xstrdup(t) : NULL;
			}
			n++;
		}
		db_done(st);
		if (rc < 0)
			rc = db_error(ctx->db, err);
		else
			rc = 0;	/* a full page stops with a row in hand */
		for (int i = 0; i < n && !rc; i++)
			rc = contact ? contact_keys(ctx, rows[i].id, rows[i].c[0],
						    rows[i].c[1], rows[i].c[2],
						    rows[i].c[3], err)
				     : account_keys(ctx, rows[i].id, rows[i].c[0],
						    rows[i].c[1], err);
		if (n)
			after = rows[n - 1].id;
		for (int i = 0; i < n; i++)
			row_release(&rows[i], ncols);
		free(rows);
		if (rc || n < PAGE || id > 0)
			return rc;
	}
}

int duplicate_keys_refresh(struct fc_ctx *ctx, const struct entity *e,
			   int64_t id, struct fc_error *err)
{
	int contact = e == &entity_contact;
	if (!contact && e != &entity_account)
		return 0;
	if (db_run(ctx->db, "DELETE FROM duplicate_keys WHERE org_id = ? AND "
		   "kind = ? AND record_id = ?", "isi", ctx->org_id, e->name, id) < 0)
		return db_error(ctx->db, err);
	return keys_of(ctx, contact, id, err);
}

int duplicate_keys_rebuild(struct fc_ctx *ctx, struct fc_error *err)
{
	int rc;
	if (db_begin(ctx->db, 1))
		return db_error(ctx->db, err);
	if (db_run(ctx->db, "DELETE FROM duplicate_keys WHERE org_id = ?", "i",
		   ctx->org_id) < 0 ||
	    db_run(ctx->db, "DELETE FROM duplicate_keys_pending WHERE org_id = ?",
		   "i", ctx->org_id) < 0)
		rc = db_error(ctx->db, err);
	else if (!(rc = keys_of(ctx, 1, 0, err)))
		rc = keys_of(ctx, 0, 0, err);
	return ctx_tx_end(ctx, rc, err);
}

int duplicates_catch_up(struct db *db, struct fc_error *err)
{
	for (;;) {
		struct fc_ctx ctx;
		int64_t org = 0;
		ctx_init(&ctx, db);
		int rc = db_query_int(db, &org, "SELECT MIN(org_id) FROM "
				      "duplicate_keys_pending", "");
		if (rc == FC_ENOTFOUND || (!rc && !org))
			return 0;
		if (rc)
			return db_error(db, err);
		ctx.org_id = org;
		if ((rc = duplicate_keys_rebuild(&ctx, err)))
			return rc;
	}
}
