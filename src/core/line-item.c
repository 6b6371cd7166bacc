/* A deal's line items and the value they set; see line-item.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/deal-internal.h"
#include "core/history.h"
#include "core/line-item.h"
#include "core/money.h"
#include "core/record.h"
#include "util/date.h"
#include "util/banned.h"

int64_t line_item_total(int64_t quantity, int64_t unit_minor, int64_t discount)
{
	if (quantity <= 0 || unit_minor <= 0 || discount >= 100)
		return 0;
	if (discount < 0)
		discount = 0;
	/* at most 10^6 x 10^12 x 100: far inside 128 bits */
	__extension__ typedef unsigned __int128 wide;
	wide n = (wide)quantity * (uint64_t)unit_minor * (uint64_t)(100 - discount);
	wide total = (n + 50) / 100;
	if (total > (wide)MONEY_MAX_MINOR)
		return MONEY_MAX_MINOR + 1;
	return (int64_t)total;
}

/* The deal's currency into CUR. */
static int deal_currency(struct fc_ctx *ctx, int64_t deal_id, char cur[4],
			 struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT currency FROM deals "
					"WHERE org_id = ? AND id = ?");
	int rc;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, deal_id);
	rc = db_step(st);
	snprintf(cur, 4, "%s", rc > 0 && db_col_text(st, 0) ? db_col_text(st, 0)
							   : "USD");
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

static int open_deal(const struct deal_state *d, struct fc_error *err)
{
	if (strcmp(d->status, "open"))
		return fc_fail(err, FC_ECONFLICT, "deal_id", "deal %" PRId64 " is %s: "
			       "reopen it to change its line items", d->id, d->status);
	return 0;
}

/* Recomputes item ID's total from its row. */
static int item_total_write(struct fc_ctx *ctx, int64_t id, const char *cur,
			    struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT quantity, "
		"unit_price_minor, discount FROM line_items WHERE org_id = ? AND "
		"id = ?");
	int64_t total = 0;
	int rc;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, id);
	rc = db_step(st);
	if (rc > 0)
		total = line_item_total(db_col_int(st, 0), db_col_int(st, 1),
					db_col_int(st, 2));
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if ((rc = money_check(total, cur, "total", err)))
		return rc;
	if (db_run(ctx->db, "UPDATE line_items SET total_minor = ? WHERE org_id = ? "
		   "AND id = ?", "iii", total, ctx->org_id, id) < 0)
		return db_error(ctx->db, err);
	return 0;
}

/* The deal's value follows its items: their sum, when it has any (the
 * last one removed leaves the value as it was). The change is the deal's
 * own history event, as an edit by hand would be. */
static int deal_value_follow(struct fc_ctx *ctx, const struct deal_state *d,
			     const char *cur, struct fc_error *err)
{
	int64_t n = 0, sum = 0;
	char now[TIME_LEN];
	int rc;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT COUNT(*), "
		"COALESCE(SUM(total_minor), 0) FROM line_items WHERE org_id = ? AND "
		"deal_id = ?");
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, d->id);
	rc = db_step(st);
	if (rc > 0) {
		n = db_col_int(st, 0);
		sum = db_col_int(st, 1);
	}
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (n > LINE_ITEM_MAX_PER_DEAL)
		return fc_fail(err, FC_EINVAL, "deal_id", "deal %" PRId64 " has %d "
			       "line items, the most a deal may have",
			       d->id, LINE_ITEM_MAX_PER_DEAL);
	if (!n || sum == d->value_minor)
		return 0;
	if ((rc = money_check(sum, cur, "value", err)))
		return rc;
	ctx_now_time(ctx, now);
	if (db_run(ctx->db, "UPDATE deals SET value_cents = ?, updated_at = ?, "
		   "version = version + 1 WHERE org_id = ? AND id = ?", "isii", sum,
		   now, ctx->org_id, d->id) < 0)
		return db_error(ctx->db, err);
	json_t *data = json_pack("{s:{s:I}, s:{s:I}}", "before", "value_minor",
				 (json_int_t)d->value_minor, "after", "value_minor",
				 (json_int_t)sum);
	struct history_event ev = { .entity = "deal", .entity_id = d->id,
				    .action = "update", .reason = "line items",
				    .data = data };
	rc = history_record(ctx, &ev, err);
	json_decref(data);
	return rc;
}

/* A deactivated offering is no longer sold: no new line names it, as no
 * new fit does (fit.c). */
static int offering_sold(struct fc_ctx *ctx, json_t *offering,
			 struct fc_error *err)
{
	int64_t active = 1;
	if (json_is_integer(offering) &&
	    db_query_int(ctx->db, &active, "SELECT active FROM offerings WHERE "
			 "org_id = ? AND id = ?", "ii", ctx->org_id,
			 json_integer_value(offering)) == 0 && !active)
		return fc_fail(err, FC_EINVAL, "offering_id", "offering %"
			       JSON_INTEGER_FORMAT " is deactivated: it takes no new "
			       "line item", json_integer_value(offering));
	return 0;
}

/* The offering's price as an amount of CUR, when it has one in CUR. */
static int offering_price(struct fc_ctx *ctx, int64_t offering_id,
			  const char *cur, int64_t *minor)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT price_cents, currency "
		"FROM offerings WHERE org_id = ? AND id = ?");
	int found = 0;
	if (!st)
		return 0;
	db_bindf(st, "ii", ctx->org_id, offering_id);
	if (db_step(st) > 0 && !db_col_is_null(st, 0) && db_col_text(st, 1) &&
	    !strcmp(db_col_text(st, 1), cur)) {
		*minor = db_col_int(st, 0);
		found = 1;
	}
	db_done(st);
	return found;
}

int line_item_add(struct fc_ctx *ctx, json_t *in, int64_t *id,
		  struct fc_error *err)
{
	struct deal_state d;
	json_t *fields = NULL, *extra = NULL;
	int64_t deal_id, iid = 0;
	char cur[4];
	int rc;

	memset(&d, 0, sizeof(d));
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "a line item must be a JSON object");
	deal_id = json_integer_value(json_object_get(in, "deal_id"));
	if (!deal_id)
		return fc_fail(err, FC_EINVAL, "deal_id", "'deal_id' is required");
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = deal_state_load(ctx, deal_id, 1, &d, err))) {
		if (rc == FC_ENOTFOUND && err) {
			err->code = rc = FC_EINVAL;
			snprintf(err->field, sizeof(err->field), "deal_id");
		}
		goto out;
	}
	if ((rc = open_deal(&d, err)) || (rc = deal_currency(ctx, deal_id, cur, err)))
		goto out;
	json_t *offering = json_object_get(in, "offering_id");
	if ((rc = offering_sold(ctx, offering, err)))
		goto out;
	fields = json_deep_copy(in);
	if (!json_object_get(in, "unit_price") && json_is_integer(offering)) {
		int64_t price;
		char text[32];
		if (!offering_price(ctx, json_integer_value(offering), cur, &price)) {
			rc = fc_fail(err, FC_EINVAL, "unit_price", "'unit_price' is "
				     "required: offering %" JSON_INTEGER_FORMAT " has no "
				     "price in %s", json_integer_value(offering), cur);
			goto out;
		}
		money_format(price, cur, text, sizeof(text));
		json_object_set_new(fields, "unit_price", json_string(text));
	}
	extra = json_pack("{s:s}", "currency", cur);
	if ((rc = record_create(ctx, &entity_line_item, fields, extra, &iid, err)) ||
	    (rc = item_total_write(ctx, iid, cur, err)) ||
	    (rc = deal_value_follow(ctx, &d, cur, err)))
		goto out;
	if (id)
		*id = iid;
out:
	deal_state_release(&d);
	json_decref(fields);
	json_decref(extra);
	return ctx_tx_end(ctx, rc, err);
}

/* The deal of item ID, loaded for writing, with its currency. */
static int item_deal(struct fc_ctx *ctx, int64_t id, struct deal_state *d,
		     char cur[4], struct fc_error *err)
{
	int64_t deal_id = 0;
	int rc;
	if ((rc = record_check_access(ctx, &entity_line_item, id, 1, err)))
		return rc;
	if (db_query_int(ctx->db, &deal_id, "SELECT deal_id FROM line_items WHERE "
			 "org_id = ? AND id = ?", "ii", ctx->org_id, id))
		return fc_fail(err, FC_ENOTFOUND, NULL, "no line item %" PRId64, id);
	if ((rc = deal_state_load(ctx, deal_id, 1, d, err)) ||
	    (rc = open_deal(d, err)))
		return rc;
	return deal_currency(ctx, deal_id, cur, err);
}

int line_item_update(struct fc_ctx *ctx, int64_t id, json_t *patch,
		     int64_t if_version, struct fc_error *err)
{
	struct deal_state d;
	char cur[4];
	int rc;
	memset(&d, 0, sizeof(d));
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = item_deal(ctx, id, &d, cur, err)) ||
	    (rc = offering_sold(ctx, json_object_get(patch, "offering_id"), err)) ||
	    (rc = record_update(ctx, &entity_line_item, id, patch, NULL,
				if_version, err)) ||
	    (rc = item_total_write(ctx, id, cur, err)))
		goto out;
	rc = deal_value_follow(ctx, &d, cur, err);
out:
	deal_state_release(&d);
	return ctx_tx_end(ctx, rc, err);
}

int line_item_remove(struct fc_ctx *ctx, int64_t id, int64_t if_version,
		     struct fc_error *err)
{
	struct deal_state d;
	json_t *was = NULL;
	char cur[4];
	int rc;
	memset(&d, 0, sizeof(d));
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = item_deal(ctx, id, &d, cur, err)) ||
	    (rc = record_get(ctx, &entity_line_item, id, &was, err)) ||
	    (rc = record_delete(ctx, &entity_line_item, id, if_version, err)))
		goto out;
	/* the item's row is gone, and with it the way from its events to the
	 * deal: the deal's own history keeps what was removed */
	json_t *data = json_pack("{s:I, s:O, s:O, s:O, s:O, s:O}", "line_item_id",
				 (json_int_t)id, "offering_id",
				 json_object_get(was, "offering_id"), "quantity",
				 json_object_get(was, "quantity"), "unit_price_minor",
				 json_object_get(was, "unit_price_minor"), "discount",
				 json_object_get(was, "discount"), "total_minor",
				 json_object_get(was, "total_minor"));
	struct history_event ev = { .entity = "deal", .entity_id = d.id,
				    .action = "line_item_removed", .data = data };
	rc = history_record(ctx, &ev, err);
	json_decref(data);
	if (!rc)
		rc = deal_value_follow(ctx, &d, cur, err);
out:
	deal_state_release(&d);
	json_decref(was);
	return ctx_tx_end(ctx, rc, err);
}

int line_item_guard_deal(struct fc_ctx *ctx, int64_t deal_id, json_t *patch,
			 struct fc_error *err)
{
	json_t *value = json_object_get(patch, "value");
	const char *currency = json_string_value(json_object_get(patch, "currency"));
	int64_t n = 0, was = 0, minor;
	char cur[4];
	int rc;
	if (!value && !currency)
		return 0;
	if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM line_items WHERE "
			 "org_id = ? AND deal_id = ?", "ii", ctx->org_id, deal_id) < 0)
		return db_error(ctx->db, err);
	if (!n)
		return 0;
	if ((rc = deal_currency(ctx, deal_id, cur, err)))
		return rc;
	if (currency && strcasecmp(currency, cur))
		return fc_refuse(err, "line-items", "deal %" PRId64 "'s line items "
				 "are in %s: remove them to change its currency",
				 deal_id, cur);
	if (db_query_int(ctx->db, &was, "SELECT value_cents FROM deals WHERE "
			 "org_id = ? AND id = ?", "ii", ctx->org_id, deal_id) < 0)
		return db_error(ctx->db, err);
	/* a value echoed back unchanged is no change; one that does not read
	 * is left for the record layer to refuse */
	if (value && !json_is_null(value) &&
	    money_from_json(value, cur, "value", &minor, NULL) == 0 && minor == was)
		return 0;
	if (value)
		return fc_refuse(err, "line-items", "deal %" PRId64 "'s value is the "
				 "sum of its %" PRId64 " line item%s: change them "
				 "instead", deal_id, n, n == 1 ? "" : "s");
	return 0;
}
