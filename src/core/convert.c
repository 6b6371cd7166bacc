/* Conversion to the base currency; see convert.h. The rates of an
 * organisation are at most RATE_COUNT_MAX, loaded once per report, sorted
 * by currency and date. */
#include <stdlib.h>
#include <string.h>

#include "core/convert.h"
#include "core/money.h"
#include "core/rate.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct fx_rate {
	char currency[4];
	char valid_from[DATE_LEN];
	int64_t micros;
	int used;
};

struct fx_apart {
	char currency[4];
	int64_t deals, minor;
};

struct convert {
	char base[4];
	char today[DATE_LEN];
	struct fx_rate *rates;
	size_t nrates, alloc;
	struct fx_apart *apart;
	size_t napart, apart_alloc;
};

int64_t convert_minor(int64_t minor, int from_digits, int to_digits,
		      int64_t rate_micros)
{
	/* an amount up to 2^63 times a rate up to 10^12 times 10^4 (from no
	 * decimals to four) needs 116 bits; the divisor is at most 10^10 */
	__extension__ typedef __int128 wide;
	wide p = (wide)minor * rate_micros, div = RATE_SCALE;
	for (int i = from_digits; i < to_digits; i++)
		p *= 10;
	for (int i = to_digits; i < from_digits; i++)
		div *= 10;
	wide half = div / 2;
	wide q = (p >= 0 ? p + half : p - half) / div;
	if (q > INT64_MAX)
		return INT64_MAX;
	if (q < INT64_MIN)
		return INT64_MIN;
	return (int64_t)q;
}

int convert_load(struct fc_ctx *ctx, struct convert **out,
		 struct fc_error *err)
{
	struct convert *cv = xcalloc(1, sizeof(*cv));
	struct db_stmt *st;
	int rc;
	ctx_today(ctx, cv->today);
	if ((rc = rate_base_currency(ctx, cv->base, err)))
		goto fail;
	st = db_prepare(ctx->db, "SELECT currency, valid_from, rate FROM "
			"exchange_rates WHERE org_id = ? ORDER BY currency, "
			"valid_from");
	if (!st) {
		rc = db_error(ctx->db, err);
		goto fail;
	}
	db_bind_int(st, 1, ctx->org_id);
	while ((rc = db_step(st)) > 0) {
		int64_t micros;
		if (rate_parse(db_col_text(st, 2), "rate", &micros, NULL))
			continue;	/* every stored rate passed rate_parse() */
		ALLOC_GROW(cv->rates, cv->nrates + 1, cv->alloc);
		struct fx_rate *r = &cv->rates[cv->nrates++];
		memset(r, 0, sizeof(*r));
		snprintf(r->currency, sizeof(r->currency), "%s", db_col_text(st, 0));
		snprintf(r->valid_from, sizeof(r->valid_from), "%s",
			 db_col_text(st, 1));
		r->micros = micros;
	}
	db_done(st);
	if (rc < 0) {
		rc = db_error(ctx->db, err);
		goto fail;
	}
	*out = cv;
	return 0;
fail:
	convert_free(cv);
	return rc;
}

void convert_free(struct convert *cv)
{
	if (!cv)
		return;
	free(cv->rates);
	free(cv->apart);
	free(cv);
}

const char *convert_base(const struct convert *cv)
{
	return cv->base;
}

/* The latest rate of CURRENCY valid on or before DAY, or NULL. */
static struct fx_rate *rate_on(struct convert *cv, const char *currency,
			       const char *day)
{
	struct fx_rate *best = NULL;
	for (size_t i = 0; i < cv->nrates; i++) {
		struct fx_rate *r = &cv->rates[i];
		if (!strcmp(r->currency, currency) && strcmp(r->valid_from, day) <= 0)
			best = r;	/* sorted by date: the last one wins */
	}
	return best;
}

int convert_again(struct convert *cv, const char *currency, const char *day,
		  int64_t minor, int64_t *base_minor)
{
	struct fx_rate *r;
	*base_minor = 0;
	if (!currency || !strcmp(currency, cv->base)) {
		*base_minor = minor;
		return 1;
	}
	if (!day || !*day)
		day = cv->today;
	if ((r = rate_on(cv, currency, day)) ||
	    (r = rate_on(cv, currency, cv->today))) {
		r->used = 1;
		*base_minor = convert_minor(minor, money_digits(currency),
					    money_digits(cv->base), r->micros);
		return 1;
	}
	return 0;
}

int convert_amount(struct convert *cv, const char *currency, const char *day,
		   int64_t minor, int64_t deals, int64_t *base_minor)
{
	if (convert_again(cv, currency, day, minor, base_minor))
		return 1;
	for (size_t i = 0; i < cv->napart; i++)
		if (!strcmp(cv->apart[i].currency, currency)) {
			cv->apart[i].deals = money_add(cv->apart[i].deals, deals);
			cv->apart[i].minor = money_add(cv->apart[i].minor, minor);
			return 0;
		}
	ALLOC_GROW(cv->apart, cv->napart + 1, cv->apart_alloc);
	struct fx_apart *a = &cv->apart[cv->napart++];
	snprintf(a->currency, sizeof(a->currency), "%s", currency);
	a->deals = deals;
	a->minor = minor;
	return 0;
}

static int apart_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fx_apart *)a)->currency,
		      ((const struct fx_apart *)b)->currency);
}

void convert_report(struct convert *cv, json_t *rep)
{
	json_t *rates = json_array(), *apart = json_array();
	char text[32];
	for (size_t i = 0; i < cv->nrates; i++) {
		const struct fx_rate *r = &cv->rates[i];
		if (!r->used)
			continue;
		rate_format(r->micros, text);
		json_array_append_new(rates, json_pack("{s:s, s:s, s:s}",
			"currency", r->currency, "valid_from", r->valid_from,
			"rate", text));
	}
	if (cv->napart)
		qsort(cv->apart, cv->napart, sizeof(*cv->apart), apart_cmp);
	for (size_t i = 0; i < cv->napart; i++)
		json_array_append_new(apart, json_pack("{s:s, s:I, s:I}",
			"currency", cv->apart[i].currency,
			"deals", (json_int_t)cv->apart[i].deals,
			"value_minor", (json_int_t)cv->apart[i].minor));
	json_object_set_new(rep, "currency", json_string(cv->base));
	json_object_set_new(rep, "rates", rates);
	json_object_set_new(rep, "unconverted", apart);
}
