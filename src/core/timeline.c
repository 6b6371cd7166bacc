/* Contact and account timelines; see timeline.h. One query: the
 * interactions and the deals' events of the record, and its merges, merged
 * by time. */
#include <string.h>

#include "core/query.h"
#include "core/timeline.h"
#include "util/banned.h"

static const char *const int_cols[] = { "id", "deal_id", "contact_id",
					"actor_id", NULL };

/* "the deals of the record": SQL selecting deal ids, binding ID */
static void deals_of(struct qb *q, const struct fc_ctx *ctx, int account,
		     int64_t id)
{
	qb_sql(q, "SELECT dd.id FROM deals dd WHERE dd.org_id = ? AND dd.%s = ?",
	       account ? "account_id" : "contact_id");
	qb_int(q, ctx->org_id);
	qb_int(q, id);
}

static void build(struct qb *q, struct fc_ctx *ctx, int account, int64_t id,
		  int limit)
{
	qb_sql(q, "SELECT * FROM (SELECT 'interaction' AS source, i.id, i.at, "
	       "i.kind AS what, i.notes AS text, i.deal_id, d.title AS deal, "
	       "i.contact_id, c.name AS contact, i.owner_id AS actor_id, "
	       "u.name AS actor, i.step AS from_step, NULL AS to_step "
	       "FROM interactions i "
	       "LEFT JOIN deals d ON d.org_id = i.org_id AND d.id = i.deal_id "
	       "LEFT JOIN contacts c ON c.org_id = i.org_id AND c.id = i.contact_id "
	       "LEFT JOIN users u ON u.org_id = i.org_id AND u.id = i.owner_id "
	       "WHERE i.org_id = ? AND (");
	qb_int(q, ctx->org_id);
	if (account) {
		qb_sql(q, "i.contact_id IN (SELECT cc.id FROM contacts cc WHERE "
		       "cc.org_id = ? AND cc.account_id = ?)");
		qb_int(q, ctx->org_id);
		qb_int(q, id);
	} else {
		qb_sql(q, "i.contact_id = ?");
		qb_int(q, id);
	}
	qb_sql(q, " OR i.deal_id IN (");
	deals_of(q, ctx, account, id);
	qb_sql(q, "))");
	qb_deal_visible(q, ctx, "i", 1);
	qb_sql(q, " UNION ALL SELECT 'event' AS source, e.id, e.at, "
	       "e.action AS what, e.reason AS text, e.entity_id AS deal_id, "
	       "d.title AS deal, d.contact_id, c.name AS contact, e.actor_id, "
	       "u.name AS actor, e.from_step, e.to_step FROM events e "
	       "JOIN deals d ON d.org_id = e.org_id AND d.id = e.entity_id "
	       "LEFT JOIN contacts c ON c.org_id = d.org_id AND c.id = d.contact_id "
	       "LEFT JOIN users u ON u.org_id = e.org_id AND u.id = e.actor_id "
	       "WHERE e.org_id = ? AND e.entity = 'deal' AND d.%s = ?",
	       account ? "account_id" : "contact_id");
	qb_int(q, ctx->org_id);
	qb_int(q, id);
	qb_owner_visible(q, ctx, "d", "deal");
	/* the record's merges and their undos, its posts through a lead form
	 * (core/form.h), and every event of a record merged into it
	 * (core/merge.h) but the one saying so, which its "merge" tells
	 * already: both histories read from here */
	qb_sql(q, " UNION ALL SELECT 'event' AS source, e.id, e.at, "
	       "e.action AS what, e.reason AS text, NULL AS deal_id, NULL AS deal, "
	       "NULL AS contact_id, NULL AS contact, e.actor_id, u.name AS actor, "
	       "NULL AS from_step, NULL AS to_step FROM events e "
	       "LEFT JOIN users u ON u.org_id = e.org_id AND u.id = e.actor_id "
	       "WHERE e.org_id = ? AND e.entity = ? AND ((e.entity_id = ? AND "
	       "e.action IN ('merge', 'merged', 'unmerge', 'unmerged', "
	       "'form_submission')) OR "
	       "(e.entity_id IN (SELECT m.merged_id FROM merges m WHERE "
	       "m.org_id = e.org_id AND m.entity = e.entity AND m.survivor_id = ? "
	       "AND m.undone_at IS NULL) AND e.action <> 'merged'))");
	qb_int(q, ctx->org_id);
	qb_text(q, account ? "account" : "contact");
	qb_int(q, id);
	qb_int(q, id);
	qb_sql(q, ") t ORDER BY at DESC, source, id DESC LIMIT ?");
	qb_int(q, limit);
}

int timeline_list(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		  int limit, json_t **out, struct fc_error *err)
{
	int account = e == &entity_account, rc;
	struct qb q;
	struct db_stmt *st;
	json_t *items;

	if (e != &entity_account && e != &entity_contact)
		return fc_fail(err, FC_EINVAL, NULL, "only contacts and accounts "
			       "have a timeline");
	if (limit < 1 || limit > TIMELINE_LIMIT_MAX)
		return fc_fail(err, FC_EINVAL, "limit", "'limit' must be 1-%d",
			       TIMELINE_LIMIT_MAX);
	if ((rc = record_check_access(ctx, e, id, 0, err)))
		return rc;
	qb_init(&q);
	build(&q, ctx, account, id, limit);
	st = qb_prepare(&q, ctx->db);
	if (!st) {
		qb_release(&q);
		return db_error(ctx->db, err);
	}
	items = json_array();
	while ((rc = db_step(st)) > 0) {
		json_t *o = json_object();
		for (int i = 0; i < db_col_count(st); i++) {
			const char *name = db_col_name(st, i);
			int is_int = 0;
			for (int k = 0; int_cols[k]; k++)
				is_int |= !strcmp(int_cols[k], name);
			json_object_set_new(o, name, db_col_is_null(st, i) ?
					    json_null() : is_int ?
					    json_integer(db_col_int(st, i)) :
					    json_string(db_col_text(st, i)));
		}
		json_array_append_new(items, o);
	}
	db_done(st);
	qb_release(&q);	/* after the steps: the statement may hold its binds */
	if (rc < 0) {
		json_decref(items);
		return db_error(ctx->db, err);
	}
	*out = json_pack("{s:o}", "items", items);
	return 0;
}
