/* Who each agenda item is about: the contact (with the e-mail and phone
 * Today links to) and the account, looked up for a whole page of items in
 * a few queries rather than one per item; see agenda.h. */
#include <inttypes.h>
#include <stdio.h>

#include "core/agenda.h"
#include "core/query.h"
#include "util/banned.h"

#define PEOPLE_CHUNK 80	/* ids per query, within QB_MAX_BINDS */

static json_t *text_or_null(struct db_stmt *st, int i)
{
	return db_col_is_null(st, i) ? json_null() : json_string(db_col_text(st, i));
}

/* Looks up IDS (N of them) of deals (BY_DEAL) or contacts into FOUND,
 * keyed "d<id>" or "c<id>". */
static int lookup(struct fc_ctx *ctx, int by_deal, const int64_t *ids, int n,
		  json_t *found)
{
	struct qb q;
	int rc;
	qb_init(&q);
	if (by_deal)
		qb_sql(&q, "SELECT d.id, c.id, c.name, c.email, c.phone, a.id, a.name "
		       "FROM deals d LEFT JOIN contacts c ON c.org_id = d.org_id AND "
		       "c.id = d.contact_id LEFT JOIN accounts a ON a.org_id = "
		       "d.org_id AND a.id = d.account_id WHERE d.org_id = ? AND "
		       "d.id IN (");
	else
		qb_sql(&q, "SELECT c.id, c.id, c.name, c.email, c.phone, a.id, a.name "
		       "FROM contacts c LEFT JOIN accounts a ON a.org_id = c.org_id "
		       "AND a.id = c.account_id WHERE c.org_id = ? AND c.id IN (");
	qb_int(&q, ctx->org_id);
	for (int i = 0; i < n; i++) {
		qb_sql(&q, i ? ", ?" : "?");
		qb_int(&q, ids[i]);
	}
	qb_sql(&q, ")");
	struct db_stmt *st = qb_prepare(&q, ctx->db);
	qb_release(&q);
	if (!st)
		return -1;
	while ((rc = db_step(st)) > 0) {
		char key[24];
		json_t *p = json_object();
		if (!db_col_is_null(st, 1))
			json_object_set_new(p, "contact", json_pack("{s:I, s:s, s:o, s:o}",
				"id", (json_int_t)db_col_int(st, 1), "name",
				db_col_text(st, 2) ? db_col_text(st, 2) : "",
				"email", text_or_null(st, 3), "phone", text_or_null(st, 4)));
		if (!db_col_is_null(st, 5))
			json_object_set_new(p, "account", json_pack("{s:I, s:s}", "id",
				(json_int_t)db_col_int(st, 5), "name",
				db_col_text(st, 6) ? db_col_text(st, 6) : ""));
		snprintf(key, sizeof(key), "%c%" PRId64, by_deal ? 'd' : 'c',
			 db_col_int(st, 0));
		json_object_set_new(found, key, p);
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int agenda_people(struct fc_ctx *ctx, json_t *items, struct fc_error *err)
{
	int64_t ids[2][PEOPLE_CHUNK];
	int n[2] = { 0, 0 }, rc = 0;
	json_t *found = json_object(), *it;
	size_t i;

	json_array_foreach(items, i, it) {
		json_int_t deal = json_integer_value(json_object_get(it, "deal_id"));
		json_int_t contact = json_integer_value(json_object_get(it, "contact_id"));
		int by_deal = deal != 0;
		if (!deal && !contact)
			continue;
		ids[by_deal][n[by_deal]++] = by_deal ? deal : contact;
		if (n[by_deal] == PEOPLE_CHUNK) {
			for (int k = 0; k < 2 && !rc; k++)
				if (n[k] && (rc = lookup(ctx, k, ids[k], n[k], found)))
					rc = db_error(ctx->db, err);
			n[0] = n[1] = 0;
		}
	}
	for (int k = 0; k < 2 && !rc; k++)	/* the last, partial chunks */
		if (n[k] && lookup(ctx, k, ids[k], n[k], found))
			rc = db_error(ctx->db, err);
	json_array_foreach(items, i, it) {
		char key[24];
		json_int_t deal = json_integer_value(json_object_get(it, "deal_id"));
		json_int_t contact = json_integer_value(json_object_get(it, "contact_id"));
		json_t *p;
		snprintf(key, sizeof(key), "%c%" PRId64, deal ? 'd' : 'c',
			 (int64_t)(deal ? deal : contact));
		if (!rc && (p = json_object_get(found, key)))
			json_object_update(it, p);
	}
	json_decref(found);
	return rc;
}
