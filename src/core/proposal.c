/* Proposals built from a deal, versioned and sent; see proposal.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/history.h"
#include "core/interaction.h"
#include "core/money.h"
#include "core/proposal.h"
#include "core/record.h"
#include "util/date.h"
#include "util/banned.h"

static json_t *col_text(struct db_stmt *st, int i)
{
	return db_col_is_null(st, i) ? json_null() : json_string(db_col_text(st, i));
}

/* The deal's name, parties and currency into M; 0 or a store error. */
static int model_header(struct fc_ctx *ctx, int64_t deal_id, json_t *m)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT d.title, d.currency, "
		"d.value_cents, a.name, c.name, u.name FROM deals d LEFT JOIN "
		"accounts a ON a.org_id = d.org_id AND a.id = d.account_id LEFT JOIN "
		"contacts c ON c.org_id = d.org_id AND c.id = d.contact_id LEFT JOIN "
		"users u ON u.org_id = d.org_id AND u.id = d.owner_id WHERE "
		"d.org_id = ? AND d.id = ?");
	int rc;
	if (!st)
		return ctx->db->last_error;
	db_bindf(st, "ii", ctx->org_id, deal_id);
	if ((rc = db_step(st)) > 0) {
		json_object_set_new(m, "title", col_text(st, 0));
		json_object_set_new(m, "currency", col_text(st, 1));
		json_object_set_new(m, "total_minor", json_integer(db_col_int(st, 2)));
		json_object_set_new(m, "account", col_text(st, 3));
		json_object_set_new(m, "contact", col_text(st, 4));
		json_object_set_new(m, "owner", col_text(st, 5));
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* The wants by importance, each with its fits. */
static int model_wants(struct fc_ctx *ctx, int64_t deal_id, json_t *m)
{
	json_t *wants = json_array();
	struct db_stmt *st;
	int rc;
	json_object_set_new(m, "wants", wants);
	st = db_prepare(ctx->db, "SELECT w.id, w.kind, w.importance, w.text, "
		"c.name FROM wants w LEFT JOIN contacts c ON c.org_id = w.org_id AND "
		"c.id = w.contact_id WHERE w.org_id = ? AND w.deal_id = ? ORDER BY "
		"w.importance DESC, w.id");
	if (!st)
		return ctx->db->last_error;
	db_bindf(st, "ii", ctx->org_id, deal_id);
	while ((rc = db_step(st)) > 0)
		json_array_append_new(wants, json_pack("{s:I, s:o, s:I, s:o, s:o, "
			"s:[]}", "id", (json_int_t)db_col_int(st, 0), "kind",
			col_text(st, 1), "importance", (json_int_t)db_col_int(st, 2),
			"text", col_text(st, 3), "contact", col_text(st, 4), "fits"));
	db_done(st);
	if (rc < 0)
		return rc;
	st = db_prepare(ctx->db, "SELECT f.want_id, o.name, f.how FROM fits f "
		"JOIN offerings o ON o.org_id = f.org_id AND o.id = f.offering_id "
		"WHERE f.org_id = ? AND f.deal_id = ? ORDER BY f.id");
	if (!st)
		return ctx->db->last_error;
	db_bindf(st, "ii", ctx->org_id, deal_id);
	while ((rc = db_step(st)) > 0) {
		size_t i;
		json_t *w;
		json_array_foreach(wants, i, w)
			if (json_integer_value(json_object_get(w, "id")) ==
			    db_col_int(st, 0))
				json_array_append_new(json_object_get(w, "fits"),
					json_pack("{s:o, s:o}", "offering",
						  col_text(st, 1), "how",
						  col_text(st, 2)));
	}
	db_done(st);
	return rc < 0 ? rc : 0;
}

/* The line items and the totals they make; without items the total stays
 * the deal's value. */
static int model_items(struct fc_ctx *ctx, int64_t deal_id, json_t *m)
{
	json_t *items = json_array();
	int64_t subtotal = 0, total = 0;
	int rc;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT o.name, li.quantity, "
		"li.unit_price_minor, li.discount, li.total_minor FROM line_items li "
		"JOIN offerings o ON o.org_id = li.org_id AND o.id = li.offering_id "
		"WHERE li.org_id = ? AND li.deal_id = ? ORDER BY li.id");
	json_object_set_new(m, "items", items);
	if (!st)
		return ctx->db->last_error;
	db_bindf(st, "ii", ctx->org_id, deal_id);
	while ((rc = db_step(st)) > 0) {
		int64_t q = db_col_int(st, 1), unit = db_col_int(st, 2);
		subtotal = money_add(subtotal, money_mul(q, unit));
		total = money_add(total, db_col_int(st, 4));
		json_array_append_new(items, json_pack("{s:o, s:I, s:I, s:I, s:I}",
			"offering", col_text(st, 0), "quantity", (json_int_t)q,
			"unit_price_minor", (json_int_t)unit, "discount",
			(json_int_t)db_col_int(st, 3), "total_minor",
			(json_int_t)db_col_int(st, 4)));
	}
	db_done(st);
	if (rc < 0)
		return rc;
	if (json_array_size(items)) {
		json_object_set_new(m, "subtotal_minor", json_integer(subtotal));
		json_object_set_new(m, "discount_minor", json_integer(subtotal - total));
		json_object_set_new(m, "total_minor", json_integer(total));
	}
	return 0;
}

int proposal_build(struct fc_ctx *ctx, int64_t deal_id, int64_t *number,
		   struct fc_error *err)
{
	json_t *m = json_object();
	struct buf html = BUF_INIT;
	char now[TIME_LEN], today[DATE_LEN];
	int64_t n = 0;
	int rc;

	buf_init(&html, PROPOSAL_HTML_MAX);
	ctx_now_time(ctx, now);
	ctx_today(ctx, today);
	if ((rc = db_begin(ctx->db, 1))) {
		rc = db_error(ctx->db, err);
		goto out_nt;
	}
	if ((rc = db_lock_row(ctx->db, "deals", ctx->org_id, deal_id))) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if ((rc = record_check_access(ctx, &entity_deal, deal_id, 1, err)))
		goto out;
	if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM proposals WHERE "
			 "org_id = ? AND deal_id = ?", "ii", ctx->org_id, deal_id) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (n >= PROPOSAL_MAX_VERSIONS) {
		rc = fc_fail(err, FC_ECONFLICT, NULL, "deal %" PRId64 " has %d proposal "
			     "versions, the most a deal keeps", deal_id,
			     PROPOSAL_MAX_VERSIONS);
		goto out;
	}
	if (db_query_int(ctx->db, &n, "SELECT COALESCE(MAX(number), 0) + 1 FROM "
			 "proposals WHERE org_id = ? AND deal_id = ?", "ii",
			 ctx->org_id, deal_id) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	json_object_set_new(m, "number", json_integer(n));
	json_object_set_new(m, "date", json_string(today));
	if ((rc = model_header(ctx, deal_id, m)) ||
	    (rc = model_wants(ctx, deal_id, m)) ||
	    (rc = model_items(ctx, deal_id, m))) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	proposal_html(m, &html);
	if (html.overflow) {
		rc = fc_fail(err, FC_EINVAL, NULL, "the proposal of deal %" PRId64
			     " would be longer than %zu bytes", deal_id,
			     PROPOSAL_HTML_MAX);
		goto out;
	}
	const char *cur = json_string_value(json_object_get(m, "currency"));
	int64_t total = json_integer_value(json_object_get(m, "total_minor"));
	if (db_run(ctx->db, "INSERT INTO proposals (org_id, deal_id, number, html, "
		   "total_minor, currency, created_by, created_at) VALUES (?, ?, ?, ?, "
		   "?, ?, ?, ?)", "iiisisis", ctx->org_id, deal_id, n, html.s, total,
		   cur ? cur : "USD", ctx->user.id, now) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	json_t *data = json_pack("{s:I, s:I, s:s}", "number", (json_int_t)n,
				 "total_minor", (json_int_t)total, "currency",
				 cur ? cur : "USD");
	struct history_event ev = { .entity = "deal", .entity_id = deal_id,
				    .action = "proposal", .data = data };
	rc = history_record(ctx, &ev, err);
	json_decref(data);
	if (!rc && number)
		*number = n;
out:
	rc = ctx_tx_end(ctx, rc, err);
out_nt:
	buf_release(&html);
	json_decref(m);
	return rc;
}

#define PROPOSAL_COLS "SELECT number, created_at, created_by, total_minor, " \
	"currency, sent_at, interaction_id, html FROM proposals WHERE org_id = ? " \
	"AND deal_id = ? "

static json_t *proposal_row(struct db_stmt *st)
{
	return json_pack("{s:I, s:o, s:I, s:I, s:o, s:o, s:o}",
		"number", (json_int_t)db_col_int(st, 0), "created_at", col_text(st, 1),
		"created_by", (json_int_t)db_col_int(st, 2), "total_minor",
		(json_int_t)db_col_int(st, 3), "currency", col_text(st, 4),
		"sent_at", col_text(st, 5), "interaction_id", db_col_is_null(st, 6) ?
		json_null() : json_integer(db_col_int(st, 6)));
}

int proposal_list(struct fc_ctx *ctx, int64_t deal_id, json_t **out,
		  struct fc_error *err)
{
	int rc = record_check_access(ctx, &entity_deal, deal_id, 0, err);
	json_t *rows;
	if (rc)
		return rc;
	struct db_stmt *st = db_prepare(ctx->db, PROPOSAL_COLS "ORDER BY number");
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, deal_id);
	rows = json_array();
	while ((rc = db_step(st)) > 0)
		json_array_append_new(rows, proposal_row(st));
	db_done(st);
	if (rc < 0) {
		json_decref(rows);
		return db_error(ctx->db, err);
	}
	*out = rows;
	return 0;
}

int proposal_get(struct fc_ctx *ctx, int64_t deal_id, int64_t number,
		 json_t **out, struct buf *html, struct fc_error *err)
{
	int rc = record_check_access(ctx, &entity_deal, deal_id, 0, err);
	struct db_stmt *st;
	if (rc)
		return rc;
	if (number > 0) {
		st = db_prepare(ctx->db, PROPOSAL_COLS "AND number = ?");
		if (st)
			db_bindf(st, "iii", ctx->org_id, deal_id, number);
	} else {
		st = db_prepare(ctx->db, PROPOSAL_COLS "ORDER BY number DESC LIMIT 1");
		if (st)
			db_bindf(st, "ii", ctx->org_id, deal_id);
	}
	if (!st)
		return db_error(ctx->db, err);
	rc = db_step(st);
	if (rc > 0) {
		if (out)
			*out = proposal_row(st);
		if (html)
			buf_adds(html, db_col_text(st, 7));
	}
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (rc == 0 && number > 0)
		return fc_fail(err, FC_ENOTFOUND, NULL, "deal %" PRId64 " has no "
			       "proposal version %" PRId64, deal_id, number);
	if (rc == 0)
		return fc_fail(err, FC_ENOTFOUND, NULL, "deal %" PRId64 " has no "
			       "proposal yet", deal_id);
	return 0;
}

int proposal_send(struct fc_ctx *ctx, int64_t deal_id, int64_t number,
		  const char *due, int64_t *interaction_id,
		  struct fc_error *err)
{
	json_t *p = NULL, *in = NULL;
	char now[TIME_LEN], purpose[64];
	int64_t iid = 0, n;
	int rc;

	if (!due || !*due)
		return fc_fail(err, FC_EINVAL, "due", "sending a proposal agrees when "
			       "it is reviewed: give 'due'");
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = record_check_access(ctx, &entity_deal, deal_id, 1, err)))
		goto out;
	if ((rc = proposal_get(ctx, deal_id, number, &p, NULL, err))) {
		if (rc == FC_ENOTFOUND && number <= 0)
			rc = fc_refuse(err, "proposal", "deal %" PRId64 " has no "
				       "proposal to send: build one first", deal_id);
		goto out;
	}
	n = json_integer_value(json_object_get(p, "number"));
	snprintf(purpose, sizeof(purpose), "proposal v%" PRId64, n);
	in = json_pack("{s:I, s:s, s:s, s:b, s:{s:s, s:s, s:s}}", "deal_id",
		       (json_int_t)deal_id, "kind", "email", "purpose", purpose,
		       "agreement", 1, "next_step", "what", PROPOSAL_REVIEW, "due",
		       due, "type", "proposal");
	if ((rc = interaction_log(ctx, in, &iid, err)))
		goto out;
	if (db_run(ctx->db, "UPDATE proposals SET sent_at = ?, interaction_id = ? "
		   "WHERE org_id = ? AND deal_id = ? AND number = ?", "siiii", now,
		   iid, ctx->org_id, deal_id, n) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	json_t *data = json_pack("{s:I, s:I}", "number", (json_int_t)n,
				 "interaction_id", (json_int_t)iid);
	struct history_event ev = { .entity = "deal", .entity_id = deal_id,
				    .action = "proposal_sent", .data = data };
	rc = history_record(ctx, &ev, err);
	json_decref(data);
	if (!rc && interaction_id)
		*interaction_id = iid;
out:
	json_decref(p);
	json_decref(in);
	return ctx_tx_end(ctx, rc, err);
}
