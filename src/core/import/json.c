/* Restore of a JSON backup (export_json()) into an empty database, ids kept,
 * in one transaction: either the whole organisation lands or nothing does.
 * Every member is checked against the table's columns and types first, so
 * a damaged file is refused with the table, row and column at fault, and
 * an edited history with the first event that breaks its chain
 * (core/verify.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/chain.h"
#include "core/duplicate.h"
#include "core/currency.h"
#include "core/export.h"
#include "core/import/import.h"
#include "core/money.h"
#include "core/verify.h"
#include "util/buf.h"
#include "util/banned.h"

static int col_index(char names[][32], int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], key))
			return i;
	return -1;
}

static int columns_of(const char *spec, char names[][32], char *types)
{
	int n = 0;
	const char *p = spec;
	while (*p && n < 40) {
		size_t len = strcspn(p, " ");
		const char *colon = memchr(p, ':', len);
		size_t nl = colon ? (size_t)(colon - p) : len;
		memcpy(names[n], p, nl < 31 ? nl : 31);
		names[n][nl < 31 ? nl : 31] = '\0';
		types[n++] = colon ? colon[1] : 's';
		p += len;
		while (*p == ' ')
			p++;
	}
	return n;
}

/* Puts ROW's amounts under their columns' names: "value_minor" (minor
 * units of the row's currency) as it is; "value_cents" of a backup made
 * before sql/012, in hundredths whatever the currency, as sql/012 converted
 * the stored amounts (to the yen, half away from zero; times 10 for three
 * decimals). */
static int amounts_of_row(const struct export_table *t, json_t *row,
			  char names[][32], const char *types, int n, size_t i,
			  struct fc_error *err)
{
	const char *currency = json_string_value(json_object_get(row, "currency"));
	for (int c = 0; c < n; c++) {
		char member[40];
		if (types[c] != 'm')
			continue;
		export_member(names[c], types[c], member, sizeof(member));
		/* a column named in minor units from the start (a line item's
		 * unit_price_minor) has no older form to convert */
		if (!strcmp(member, names[c]))
			continue;
		json_t *minor = json_object_get(row, member);
		json_t *old = json_object_get(row, names[c]);
		if (minor && old)
			return fc_fail(err, FC_EINVAL, member, "%s row %zu: both '%s' "
				       "and '%s'", t->name, i + 1, member, names[c]);
		if (minor) {
			json_object_set(row, names[c], minor);
			json_object_del(row, member);
		} else if (json_is_integer(old)) {
			json_object_set_new(row, names[c], json_integer(
				money_from_hundredths(json_integer_value(old),
						      currency)));
		}
	}
	return 0;
}

/* The currency of each record of TABLE in BACKUP: {"id": "JPY", ...}. */
static json_t *currencies_of(json_t *backup, const char *table)
{
	json_t *map = json_object(), *row;
	size_t i;
	char key[32];
	json_array_foreach(json_object_get(backup, table), i, row) {
		json_t *cur = json_object_get(row, "currency");
		json_t *id = json_object_get(row, "id");
		if (!json_is_string(cur) || !json_is_integer(id))
			continue;
		snprintf(key, sizeof(key), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(id));
		json_object_set(map, key, cur);
	}
	return map;
}

/* In the object SIDE of an event: NAME_cents (hundredths) -> NAME_minor
 * of SIDE's currency, else CURRENCY. */
static void side_to_minor(json_t *side, const char *currency)
{
	static const char *const names[] = { "value", "price", NULL };
	const char *own = json_string_value(json_object_get(side, "currency"));
	char old[32], now[32];
	for (int i = 0; names[i]; i++) {
		snprintf(old, sizeof(old), "%s_cents", names[i]);
		snprintf(now, sizeof(now), "%s_minor", names[i]);
		json_t *v = json_object_get(side, old);
		if (!v)
			continue;
		json_object_set_new(side, now, json_is_integer(v) ?
			json_integer(money_from_hundredths(json_integer_value(v),
							   own ? own : currency)) :
			json_null());
		json_object_del(side, old);
	}
}

/* The history events of a backup made before sql/012 keep amounts in
 * hundredths under *_cents: they come in as sql/012 turned the stored
 * ones, in minor units under *_minor, in the event's currency or else its
 * record's. */
static void events_to_minor(json_t *backup)
{
	json_t *deals = currencies_of(backup, "deals");
	json_t *offerings = currencies_of(backup, "offerings"), *row;
	size_t i;
	char key[32];
	json_array_foreach(json_object_get(backup, "events"), i, row) {
		const char *entity = json_string_value(json_object_get(row, "entity"));
		const char *text = json_string_value(json_object_get(row, "data"));
		json_t *id = json_object_get(row, "entity_id");
		if (!entity || !text || !strstr(text, "_cents\"") ||
		    (strcmp(entity, "deal") && strcmp(entity, "offering")))
			continue;
		json_t *data = json_loads(text, 0, NULL);
		if (!json_is_object(data)) {
			json_decref(data);
			continue;	/* restored as it is */
		}
		snprintf(key, sizeof(key), "%" JSON_INTEGER_FORMAT,
			 json_integer_value(id));
		const char *currency = json_string_value(json_object_get(
			!strcmp(entity, "deal") ? deals : offerings, key));
		const char *top = json_string_value(json_object_get(data,
								    "currency"));
		side_to_minor(data, currency);
		if (json_is_object(json_object_get(data, "after")))
			side_to_minor(json_object_get(data, "after"), top ? top :
				      currency);
		if (json_is_object(json_object_get(data, "before")))
			side_to_minor(json_object_get(data, "before"), currency);
		char *out = json_dumps(data, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (out)
			json_object_set_new(row, "data", json_string(out));
		free(out);
		json_decref(data);
	}
	json_decref(deals);
	json_decref(offerings);
}

/* Inserts the rows of one table; with SKIP_COL set (contacts'
 * referred_by_id) that column is written NULL and filled by a second pass,
 * as rows may refer to later rows. */
static int restore_table(struct fc_ctx *ctx, const struct export_table *t,
			 json_t *rows, int64_t org, const char *skip_col,
			 struct fc_error *err)
{
	char names[40][32], types[40];
	int n = columns_of(t->columns, names, types), rc = 0;
	struct buf sql = BUF_INIT;
	size_t i;
	json_t *row;

	if (!rows)
		return 0;
	if (!json_is_array(rows))
		return fc_fail(err, FC_EINVAL, t->name, "'%s' must be an array", t->name);
	json_array_foreach(rows, i, row) {
		const char *key;
		json_t *v;
		if (!json_is_object(row)) {
			rc = fc_fail(err, FC_EINVAL, t->name, "%s row %zu is not an "
				     "object", t->name, i + 1);
			break;
		}
		if ((rc = amounts_of_row(t, row, names, types, n, i, err)))
			break;
		json_object_foreach(row, key, v) {
			int c = col_index(names, n, key);
			if (c < 0) {
				rc = fc_fail(err, FC_EINVAL, key, "%s row %zu: unknown "
					     "column '%s'", t->name, i + 1, key);
				break;
			}
			if (!json_is_null(v) && (types[c] != 's' ? !json_is_integer(v) :
						 !json_is_string(v))) {
				rc = fc_fail(err, FC_EINVAL, key, "%s row %zu: '%s' must be "
					     "%s", t->name, i + 1, key, types[c] != 's' ?
					     "an integer" : "a string");
				break;
			}
			/* currencies and amounts meet the rules of every
			 * other way in */
			struct fc_error ce;
			if (!strcmp(key, "currency") && json_is_string(v) &&
			    currency_check(json_string_value(v), key, &ce)) {
				rc = fc_fail(err, FC_EINVAL, key, "%s row %zu: %.200s",
					     t->name, i + 1, ce.message);
				break;
			}
			struct fc_error me;
			char member[40];
			export_member(key, types[c], member, sizeof(member));
			if (json_is_integer(v) && types[c] == 'm' &&
			    money_check(json_integer_value(v), json_string_value(
					json_object_get(row, "currency")), member, &me)) {
				rc = fc_fail(err, FC_EINVAL, key, "%s row %zu: %.200s",
					     t->name, i + 1, me.message);
				break;
			}
		}
		if (rc)
			break;
		/* the columns the row has: one a backup predates (written
		 * before its migration) takes the column's default */
		int used[40], nused = 0;
		buf_clear(&sql);
		buf_addf(&sql, "INSERT INTO %s (org_id", t->name);
		for (int c = 0; c < n; c++)
			if (json_object_get(row, names[c])) {
				used[nused++] = c;
				buf_addf(&sql, ", %s", names[c]);
			}
		buf_adds(&sql, ") VALUES (?");
		for (int u = 0; u < nused; u++)
			buf_adds(&sql, ", ?");
		buf_adds(&sql, ")");
		struct db_stmt *st = db_prepare(ctx->db, sql.s);
		if (!st) {
			rc = db_error(ctx->db, err);
			break;
		}
		db_bind_int(st, 1, org);
		for (int u = 0; u < nused; u++) {
			int c = used[u];
			v = json_object_get(row, names[c]);
			if (json_is_null(v) || (skip_col && !strcmp(names[c], skip_col)))
				db_bind_null(st, u + 2);
			else if (json_is_integer(v))
				db_bind_int(st, u + 2, json_integer_value(v));
			else
				db_bind_text(st, u + 2, json_string_value(v));
		}
		int r = db_step(st);
		db_done(st);
		if (r < 0) {
			rc = db_error(ctx->db, err);
			if (err) {
				char m[sizeof(err->message) + 64];
				snprintf(m, sizeof(m), "%s row %zu: %s", t->name, i + 1,
					 err->message);
				snprintf(err->message, sizeof(err->message), "%.*s",
					 (int)sizeof(err->message) - 1, m);
			}
			break;
		}
	}
	if (!rc && skip_col) {
		json_array_foreach(rows, i, row) {
			json_t *v = json_object_get(row, skip_col);
			if (!json_is_integer(v))
				continue;
			buf_clear(&sql);
			buf_addf(&sql, "UPDATE %s SET %s = ? WHERE org_id = ? AND id = ?",
				 t->name, skip_col);
			if (db_run(ctx->db, sql.s, "iii", (int64_t)json_integer_value(v), org,
				   (int64_t)json_integer_value(json_object_get(row, "id"))) < 0) {
				rc = db_error(ctx->db, err);
				break;
			}
		}
	}
	buf_release(&sql);
	return rc;
}

/* PostgreSQL's identity columns must continue after the restored ids. */
static int identity_reset(struct fc_ctx *ctx, const char *table,
			  struct fc_error *err)
{
	char sql[256];
	if (db_dialect(ctx->db) != DB_PG)
		return 0;
	snprintf(sql, sizeof(sql), "SELECT setval(pg_get_serial_sequence('%s', "
		 "'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM %s), false)",
		 table, table);
	if (db_exec(ctx->db, sql))
		return db_error(ctx->db, err);
	return 0;
}

int import_json(struct fc_ctx *ctx, json_t *backup, int64_t *org_id,
		struct fc_error *err)
{
	json_t *org = json_object_get(backup, "org");
	const char *key;
	json_t *v;
	int64_t have = 0;
	struct verify_report chain;
	struct chain_head head;
	int rc, unchained = 0;

	if (!json_is_object(backup) ||
	    strcmp(json_string_value(json_object_get(backup, "format")) ?
		   json_string_value(json_object_get(backup, "format")) : "",
		   "fulcrum-backup"))
		return fc_fail(err, FC_EINVAL, "format", "not a Fulcrum backup (no "
			       "\"format\": \"fulcrum-backup\")");
	if (json_integer_value(json_object_get(backup, "version")) != 1)
		return fc_fail(err, FC_EINVAL, "version", "backup version %"
			       JSON_INTEGER_FORMAT " is not known (this version "
			       "reads 1)", json_integer_value(json_object_get(backup,
			       "version")));
	json_object_foreach(backup, key, v) {
		int known = !strcmp(key, "format") || !strcmp(key, "version") ||
			    !strcmp(key, "exported_at") || !strcmp(key, "org");
		for (const struct export_table *t = export_tables; t->name && !known; t++)
			known = !strcmp(t->name, key);
		if (!known)
			return fc_fail(err, FC_EINVAL, key, "unknown member '%s' in the "
				       "backup", key);
	}
	if (!json_is_integer(json_object_get(org, "id")) ||
	    json_integer_value(json_object_get(org, "id")) <= 0 ||
	    !json_is_string(json_object_get(org, "name")) ||
	    !json_is_string(json_object_get(org, "created_at")))
		return fc_fail(err, FC_EINVAL, "org", "'org' must be {id, name, "
			       "created_at}");
	/* a backup of before currencies has no base currency: USD */
	json_t *base = json_object_get(org, "base_currency");
	if (base && (!json_is_string(base) ||
		     currency_check(json_string_value(base), "base_currency", err)))
		return json_is_string(base) ? FC_EINVAL :
			fc_fail(err, FC_EINVAL, "base_currency", "'org' "
				"'base_currency' must be an ISO 4217 code");
	*org_id = json_integer_value(json_object_get(org, "id"));
	/* an edited history is refused before anything is written, naming the
	 * first event at fault; a backup of before the chain is chained once
	 * restored */
	if ((rc = verify_backup(backup, 1, &chain, &unchained, err)))
		return rc;
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if (db_query_int(ctx->db, &have, "SELECT COUNT(*) FROM orgs", "") < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (have) {
		rc = fc_fail(err, FC_ECONFLICT, NULL, "the database already holds an "
			     "organisation: 'import json' restores into an empty "
			     "database");
		goto out;
	}
	if (db_run(ctx->db, "INSERT INTO orgs (id, name, created_at, "
		   "base_currency) VALUES (?, ?, ?, ?)", "isss", *org_id,
		   json_string_value(json_object_get(org, "name")),
		   json_string_value(json_object_get(org, "created_at")),
		   base ? json_string_value(base) : "USD") < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if ((rc = identity_reset(ctx, "orgs", err)))
		goto out;
	if (unchained)
		events_to_minor(backup);	/* a chained backup is newer */
	for (const struct export_table *t = export_tables; t->name; t++) {
		const char *skip = !strcmp(t->name, "contacts") ? "referred_by_id" : NULL;
		if ((rc = restore_table(ctx, t, json_object_get(backup, t->name),
					*org_id, skip, err)))
			goto out;
		if (!strncmp(t->columns, "id:", 3) &&
		    (rc = identity_reset(ctx, t->name, err)))
			goto out;
	}
	if (unchained &&
	    db_run(ctx->db, "INSERT INTO event_chains (org_id, last_id, hash) "
		   "VALUES (?, 0, NULL)", "i", *org_id) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	/* the duplicate keys are derived, not kept in a backup */
	struct fc_ctx restored = *ctx;
	restored.org_id = *org_id;
	if ((rc = duplicate_keys_rebuild(&restored, err)))
		goto out;
	rc = chain_head_lock(ctx->db, *org_id, &head, err);
out:
	return ctx_tx_end(ctx, rc, err);
}
