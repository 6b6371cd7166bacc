/* Exchange rates and the base currency; see rate.h. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/currency.h"
#include "core/rate.h"
#include "core/record.h"
#include "io/csv-reader.h"
#include "util/date.h"
#include "util/banned.h"

int rate_parse(const char *s, const char *field, int64_t *micros,
	       struct fc_error *err)
{
	int64_t whole = 0, frac = 0;
	int nwhole = 0, nfrac = 0;
	const char *p = s ? s : "";
	for (; isdigit((unsigned char)*p) && nwhole < 8; p++, nwhole++)
		whole = whole * 10 + (*p - '0');
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p) && nfrac < RATE_DIGITS;
		     p++, nfrac++)
			frac = frac * 10 + (*p - '0');
	while (nfrac == RATE_DIGITS && *p == '0')
		p++;	/* zeros past the last decimal kept say nothing */
	if (*p || (!nwhole && !nfrac))
		return fc_fail(err, FC_EINVAL, field, "'%s' must be a decimal "
			       "number with at most %d decimals, such as 1.085, "
			       "not '%.32s'", field, RATE_DIGITS, s ? s : "");
	for (int i = nfrac; i < RATE_DIGITS; i++)
		frac *= 10;
	*micros = whole * RATE_SCALE + frac;
	if (*micros <= 0 || *micros > RATE_MAX * RATE_SCALE)
		return fc_fail(err, FC_EINVAL, field, "'%s' must be above 0 and "
			       "at most %" PRId64, field, RATE_MAX);
	return 0;
}

void rate_format(int64_t micros, char out[32])
{
	snprintf(out, 32, "%" PRId64 ".%06" PRId64, micros / RATE_SCALE,
		 micros % RATE_SCALE);
	char *end = out + strlen(out) - 1;
	while (*end == '0')
		*end-- = '\0';
	if (*end == '.')
		*end = '\0';
}

/* Replaces the "rate" of IN (when given) by its canonical form. */
static int canonical_rate(json_t *in, struct fc_error *err)
{
	json_t *v = json_object_get(in, "rate");
	char text[32];
	int64_t micros;
	int rc;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_number(v)) {
		/* a JSON number: its shortest decimal form, then the rule */
		snprintf(text, sizeof(text), "%.*f", RATE_DIGITS, json_number_value(v));
	} else if (json_is_string(v)) {
		snprintf(text, sizeof(text), "%s", json_string_value(v));
	} else {
		return fc_fail(err, FC_EINVAL, "rate", "'rate' must be a decimal "
			       "number such as 1.085");
	}
	if ((rc = rate_parse(text, "rate", &micros, err)))
		return rc;
	rate_format(micros, text);
	json_object_set_new(in, "rate", json_string(text));
	return 0;
}

int rate_on_create(struct fc_ctx *ctx, json_t *in, struct fc_error *err)
{
	const char *cur = json_string_value(json_object_get(in, "currency"));
	char base[4];
	int64_t n = 0;
	int rc;
	if ((rc = canonical_rate(in, err)) ||
	    (rc = rate_base_currency(ctx, base, err)))
		return rc;
	if (cur && !strcasecmp(cur, base))
		return fc_fail(err, FC_EINVAL, "currency", "'currency' %s is the "
			       "base currency: its rate is always 1", base);
	if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM exchange_rates "
			 "WHERE org_id = ?", "i", ctx->org_id))
		return db_error(ctx->db, err);
	if (n >= RATE_COUNT_MAX)
		return fc_fail(err, FC_ELIMIT, "rate", "an organisation keeps at "
			       "most %d exchange rates", RATE_COUNT_MAX);
	return 0;
}

int rate_on_update(struct fc_ctx *ctx, int64_t id, json_t *before,
		   json_t *patch, struct fc_error *err)
{
	(void)ctx;
	(void)id;
	(void)before;
	return patch ? canonical_rate(patch, err) : 0;
}

int rate_base_currency(struct fc_ctx *ctx, char out[4], struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT base_currency FROM orgs "
					"WHERE id = ?");
	int rc;
	if (!st)
		return db_error(ctx->db, err);
	db_bind_int(st, 1, ctx->org_id);
	snprintf(out, 4, "USD");
	if ((rc = db_step(st)) > 0 && db_col_text(st, 0))
		snprintf(out, 4, "%s", db_col_text(st, 0));
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

int rate_set_base_currency(struct fc_ctx *ctx, const char *code,
			   struct fc_error *err)
{
	char cur[4], base[4];
	int64_t n = 0;
	int rc;
	if (ctx->user.role != ROLE_ADMIN)
		return fc_fail(err, FC_EFORBIDDEN, NULL, "only admins change the "
			       "base currency");
	snprintf(cur, sizeof(cur), "%s", code ? code : "");
	for (char *p = cur; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if (!code || strlen(code) != 3 || currency_digits(cur) < 0)
		return currency_check(code ? code : "", "base_currency", err);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = rate_base_currency(ctx, base, err)))
		goto out;
	if (!strcmp(base, cur))
		goto out;
	if ((rc = db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM exchange_rates "
			       "WHERE org_id = ?", "i", ctx->org_id))) {
		rc = db_error(ctx->db, err);
	} else if (n) {
		rc = fc_fail(err, FC_ECONFLICT, "base_currency", "the %" PRId64
			     " exchange rate(s) are in %s: remove them before "
			     "changing the base currency", n, base);
	} else if (db_run(ctx->db, "UPDATE orgs SET base_currency = ? WHERE id = ?",
			  "si", cur, ctx->org_id)) {
		rc = db_error(ctx->db, err);
	}
out:
	return ctx_tx_end(ctx, rc, err);
}

int rate_put(struct fc_ctx *ctx, const char *currency, const char *date,
	     const char *rate, int64_t *id, struct fc_error *err)
{
	char cur[4];
	int64_t old = 0;
	int rc;
	snprintf(cur, sizeof(cur), "%s", currency ? currency : "");
	for (char *p = cur; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if (date && (db_query_int(ctx->db, &old, "SELECT COALESCE(MAX(id), 0) "
				  "FROM exchange_rates WHERE org_id = ? AND "
				  "currency = ? AND valid_from = ?", "iss",
				  ctx->org_id, cur, date)))
		rc = db_error(ctx->db, err);
	if (!rc && old) {
		json_t *patch = json_pack("{s:s}", "rate", rate ? rate : "");
		rc = record_update(ctx, &entity_rate, old, patch, NULL, 0, err);
		json_decref(patch);
		*id = old;
	} else if (!rc) {
		json_t *in = json_pack("{s:s, s:s, s:s}", "currency",
				       currency ? currency : "", "valid_from",
				       date ? date : "", "rate", rate ? rate : "");
		rc = record_create(ctx, &entity_rate, in, NULL, id, err);
		json_decref(in);
	}
	return ctx_tx_end(ctx, rc, err);
}

/* ---- CSV import ---- */

#define RATE_CSV_MAX_ROWS RATE_COUNT_MAX

struct rate_csv {
	struct fc_ctx *ctx;
	struct fc_error *err;
	int col[3];		/* currency, date, rate: field index */
	int header;		/* the header was read */
	int64_t count;
};

static int rate_csv_row(const struct csv_record *rec, void *data)
{
	static const char *const names[] = { "currency", "date", "rate" };
	struct rate_csv *c = data;
	const char *v[3];
	int64_t id;
	int rc;
	if (rec->index == 0) {
		for (int k = 0; k < 3; k++) {
			c->col[k] = -1;
			for (size_t i = 0; i < rec->nfields; i++)
				if (!strcasecmp(rec->fields[i], names[k]))
					c->col[k] = (int)i;
			if (c->col[k] < 0)
				return fc_fail(c->err, FC_EINVAL, names[k],
					       "line 1: the header needs the "
					       "columns currency, date, rate "
					       "(no '%s')", names[k]);
		}
		c->header = 1;
		return 0;
	}
	if (rec->nfields == 1 && !rec->lens[0])
		return 0;	/* a blank line */
	if (rec->index > RATE_CSV_MAX_ROWS)
		return fc_fail(c->err, FC_ELIMIT, NULL, "a file of rates holds at "
			       "most %d rows", RATE_CSV_MAX_ROWS);
	for (int k = 0; k < 3; k++)
		v[k] = (size_t)c->col[k] < rec->nfields ? rec->fields[c->col[k]]
							 : "";
	rc = rate_put(c->ctx, v[0], v[1], v[2], &id, c->err);
	if (rc) {
		char msg[sizeof(c->err->message) - 32];
		memcpy(msg, c->err->message, sizeof(msg) - 1);
		msg[sizeof(msg) - 1] = '\0';
		snprintf(c->err->message, sizeof(c->err->message), "line %lu: %s",
			 rec->line, msg);
		return rc;
	}
	c->count++;
	return 0;
}

int rate_import_csv(struct fc_ctx *ctx, const char *data, size_t len,
		    int64_t *count, struct fc_error *err)
{
	struct rate_csv c = { .ctx = ctx, .err = err };
	int rc;
	if (ctx->user.role != ROLE_ADMIN)
		return fc_fail(err, FC_EFORBIDDEN, NULL, "only admins change rates");
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	rc = csv_parse_buffer(data, len, NULL, rate_csv_row, &c, err);
	if (!rc && !c.header)
		rc = fc_fail(err, FC_EINVAL, NULL, "the file is empty: it needs "
			     "the header currency,date,rate");
	if ((rc = ctx_tx_end(ctx, rc, err)))
		return rc;
	*count = c.count;
	return 0;
}
