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

/* Keys to write, of one record (every write of it) or of a page of records
 * (a rebuild): KEYS_STMT of them a statement rather than one each, as an
 * import writes thousands of records and a rebuild every one. */
#define KEYS_STMT 64
struct keyset {
	const char *kind;
	int64_t id;		/* the record whose keys put() adds */
	size_t n, cap;
	int64_t *ids;
	const char **rule;
	char **norm;
};

static void keyset_release(struct keyset *ks)
{
	for (size_t i = 0; i < ks->n; i++)
		free(ks->norm[i]);
	free(ks->ids);
	free(ks->rule);
	free(ks->norm);
}

static void put(struct keyset *ks, const char *rule, key_fn fn,
		const char *value)
{
	char *k = fn(value);
	if (!k)
		return;
	if (ks->n == ks->cap) {
		ks->cap = ks->cap ? ks->cap * 2 : 8;
		ks->ids = xrealloc(ks->ids, ks->cap * sizeof(*ks->ids));
		ks->rule = xrealloc(ks->rule, ks->cap * sizeof(*ks->rule));
		ks->norm = xrealloc(ks->norm, ks->cap * sizeof(*ks->norm));
	}
	ks->ids[ks->n] = ks->id;
	ks->rule[ks->n] = rule;
	ks->norm[ks->n++] = k;
}

/* The strings of a stored JSON array (FT_JSONTEXT emails, phones): plain
 * strings, or objects' "value". */
static void put_list(struct keyset *ks, const char *rule, key_fn fn,
		     const char *text)
{
	json_t *a = text ? json_loads(text, 0, NULL) : NULL, *v;
	size_t i;
	json_array_foreach(a, i, v) {
		if (json_is_object(v))
			v = json_object_get(v, "value");
		if (json_is_string(v))
			put(ks, rule, fn, json_string_value(v));
	}
	json_decref(a);
}

/* Inserts KS's keys, KEYS_STMT rows a statement; a key already there (the
 * same address twice in a record) is kept once. */
static int keyset_write(struct fc_ctx *ctx, const struct keyset *ks,
			struct fc_error *err)
{
	char sql[128 + KEYS_STMT * 24];
	int rc = 0;
	for (size_t at = 0; at < ks->n && !rc; at += KEYS_STMT) {
		size_t n = ks->n - at < KEYS_STMT ? ks->n - at : KEYS_STMT;
		size_t len = (size_t)snprintf(sql, sizeof(sql), "INSERT INTO "
			"duplicate_keys (org_id, kind, record_id, rule, norm) VALUES ");
		for (size_t i = 0; i < n; i++)
			len += (size_t)snprintf(sql + len, sizeof(sql) - len, "%s(?, ?, ?, ?, ?)",
					i ? ", " : "");
		snprintf(sql + len, sizeof(sql) - len, " ON CONFLICT DO NOTHING");
		struct db_stmt *st = db_prepare(ctx->db, sql);
		if (!st)
			return db_error(ctx->db, err);
		for (size_t i = 0; i < n; i++) {
			int b = (int)i * 5;
			db_bind_int(st, b + 1, ctx->org_id);
			db_bind_text(st, b + 2, ks->kind);
			db_bind_int(st, b + 3, ks->ids[at + i]);
			db_bind_text(st, b + 4, ks->rule[at + i]);
			db_bind_text(st, b + 5, ks->norm[at + i]);
		}
		if (db_step(st) < 0)
			rc = db_error(ctx->db, err);
		db_done(st);
	}
	return rc;
}

static void contact_keys(struct keyset *ks, const char *email,
			 const char *emails, const char *phone,
			 const char *phones)
{
	put(ks, "email", duplicate_email_key, email);
	put_list(ks, "email", duplicate_email_key, emails);
	put(ks, "email_domain", duplicate_email_domain_key, email);
	put_list(ks, "email_domain", duplicate_email_domain_key, emails);
	put(ks, "phone", duplicate_phone_key, phone);
	put_list(ks, "phone", duplicate_phone_key, phones);
}

static void account_keys(struct keyset *ks, const char *name,
			 const char *domain)
{
	put(ks, "domain", duplicate_domain_key, domain);
	put(ks, "name", duplicate_account_name_key, name);
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
		/* the page's keys go in together */
		struct keyset ks = { .kind = contact ? "contact" : "account" };
		for (int i = 0; i < n && !rc; i++) {
			ks.id = rows[i].id;
			if (contact)
				contact_keys(&ks, rows[i].c[0], rows[i].c[1],
					     rows[i].c[2], rows[i].c[3]);
			else
				account_keys(&ks, rows[i].c[0], rows[i].c[1]);
		}
		if (!rc)
			rc = keyset_write(ctx, &ks, err);
		keyset_release(&ks);
		if (n)
			after = rows[n - 1].id;
		for (int i = 0; i < n; i++)
			row_release(&rows[i], ncols);
		free(rows);
		if (rc || n < PAGE || id > 0)
			return rc;
	}
}

static int keys_forget(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		       struct fc_error *err)
{
	if (db_run(ctx->db, "DELETE FROM duplicate_keys WHERE org_id = ? AND "
		   "kind = ? AND record_id = ?", "isi", ctx->org_id, e->name, id) < 0)
		return db_error(ctx->db, err);
	return 0;
}

int duplicate_keys_refresh(struct fc_ctx *ctx, const struct entity *e,
			   int64_t id, struct fc_error *err)
{
	int contact = e == &entity_contact, rc;
	if (!contact && e != &entity_account)
		return 0;
	if ((rc = keys_forget(ctx, e, id, err)))
		return rc;
	return keys_of(ctx, contact, id, err);
}

int duplicate_keys_created(struct fc_ctx *ctx, const struct entity *e,
			   int64_t id, duplicate_column_fn col, void *arg,
			   struct fc_error *err)
{
	int contact = e == &entity_contact, rc;
	if (!contact && e != &entity_account)
		return 0;
	if ((rc = keys_forget(ctx, e, id, err)))
		return rc;
	struct keyset ks = { .kind = e->name, .id = id };
	if (contact)
		contact_keys(&ks, col(arg, "email"), col(arg, "emails"),
			     col(arg, "phone"), col(arg, "phones"));
	else
		account_keys(&ks, col(arg, "name"), col(arg, "domain"));
	rc = keyset_write(ctx, &ks, err);
	keyset_release(&ks);
	return rc;
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
