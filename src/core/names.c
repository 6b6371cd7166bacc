/* Names beside ids. See names.h. Each distinct id is looked up once per
 * call (a list or an export page repeats the same few owners). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/names.h"
#include "util/banned.h"

/* One id field, the table it points into and the fields it adds. */
struct id_field {
	const char *field;	/* "owner_id" */
	const char *sql;	/* the name (and e-mail) of one row */
	const char *name;	/* "owner_name" */
	const char *email;	/* "owner_email", or NULL */
};

static const struct id_field id_fields[] = {
	{ "owner_id", "SELECT name, email FROM users WHERE org_id = ? AND id = ?",
	  "owner_name", "owner_email" },
	{ "user_id", "SELECT name, email FROM users WHERE org_id = ? AND id = ?",
	  "user_name", "user_email" },
	{ "account_id", "SELECT name FROM accounts WHERE org_id = ? AND id = ?",
	  "account_name", NULL },
	{ "contact_id", "SELECT name FROM contacts WHERE org_id = ? AND id = ?",
	  "contact_name", NULL },
	{ "deal_id", "SELECT title FROM deals WHERE org_id = ? AND id = ?",
	  "deal_title", NULL },
	/* a referral's introducer, the contact who referred a contact or an
	 * account, the deal a referral came from */
	{ "from_contact_id", "SELECT name FROM contacts WHERE org_id = ? AND "
	  "id = ?", "from_contact_name", NULL },
	{ "from_account_id", "SELECT name FROM accounts WHERE org_id = ? AND "
	  "id = ?", "from_account_name", NULL },
	{ "referred_by_id", "SELECT name FROM contacts WHERE org_id = ? AND "
	  "id = ?", "referred_by_name", NULL },
	{ "source_deal_id", "SELECT title FROM deals WHERE org_id = ? AND id = ?",
	  "source_deal_title", NULL },
	{ "offering_id", "SELECT name FROM offerings WHERE org_id = ? AND id = ?",
	  "offering_name", NULL },
	{ "want_id", "SELECT text FROM wants WHERE org_id = ? AND id = ?",
	  "want_text", NULL },
	{ "process_id", "SELECT name FROM processes WHERE org_id = ? AND id = ?",
	  "process_name", NULL },
	{ "actor_id", "SELECT name, email FROM users WHERE org_id = ? AND id = ?",
	  "actor_name", "actor_email" },
	/* the user a lead form gives its leads to (core/form.h) */
	{ "lead_owner_id", "SELECT name, email FROM users WHERE org_id = ? AND "
	  "id = ?", "lead_owner_name", "lead_owner_email" },
	{ NULL, NULL, NULL, NULL }
};

const char *names_field(const char *id_field)
{
	for (const struct id_field *f = id_fields; f->field; f++)
		if (!strcmp(f->field, id_field))
			return f->name;
	return NULL;
}

/* The first column(s) of SQL's row for ID as a JSON array [name, email],
 * cached in CACHE under KEY; NULL (not cached) when the store fails. */
static json_t *lookup(struct fc_ctx *ctx, json_t *cache, const char *key,
		      const char *sql, int64_t id, const char *entity)
{
	json_t *hit = json_object_get(cache, key);
	if (hit)
		return hit;
	struct db_stmt *st = db_prepare(ctx->db, sql);
	if (!st)
		return NULL;
	if (entity)
		db_bindf(st, "isi", ctx->org_id, entity, id);
	else
		db_bindf(st, "ii", ctx->org_id, id);
	int rc = db_step(st);
	json_t *row = json_array();
	if (rc > 0)
		for (int c = 0; c < db_col_count(st); c++) {
			const char *s = db_col_text(st, c);
			json_array_append_new(row, s ? json_string(s) : json_null());
		}
	db_done(st);
	if (rc < 0) {
		json_decref(row);
		return NULL;
	}
	json_object_set_new(cache, key, row);
	return row;
}

static json_t *col(json_t *row, size_t i)
{
	json_t *v = json_array_get(row, i);
	return v ? json_incref(v) : json_null();
}

int names_add(struct fc_ctx *ctx, json_t *items, const char *entity,
	      struct fc_error *err)
{
	json_t *cache = json_object();
	size_t i;
	json_t *item;
	char key[64];
	int rc = 0;

	json_array_foreach(items, i, item) {
		for (const struct id_field *f = id_fields; f->field; f++) {
			json_t *idv = json_object_get(item, f->field);
			if (!json_is_integer(idv))
				continue;
			snprintf(key, sizeof(key), "%s:%" JSON_INTEGER_FORMAT,
				 f->field, json_integer_value(idv));
			json_t *row = lookup(ctx, cache, key, f->sql,
					     json_integer_value(idv), NULL);
			if (!row)
				goto fail;
			json_object_set_new(item, f->name, col(row, 0));
			if (f->email)
				json_object_set_new(item, f->email, col(row, 1));
		}
		json_t *idv = json_object_get(item, "id");
		if (!entity || !json_is_integer(idv))
			continue;
		snprintf(key, sizeof(key), "ext:%" JSON_INTEGER_FORMAT,
			 json_integer_value(idv));
		/* several imports may have named the record: the first wins */
		json_t *row = lookup(ctx, cache, key, "SELECT MIN(ext_id) FROM "
				     "import_keys WHERE org_id = ? AND entity = ? "
				     "AND id = ?", json_integer_value(idv), entity);
		if (!row)
			goto fail;
		json_object_set_new(item, "external_id", col(row, 0));
	}
	goto out;
fail:
	rc = db_error(ctx->db, err);
out:
	json_decref(cache);
	return rc;
}
