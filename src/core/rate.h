/* Exchange rates and the organisation's base currency (docs/money.md). A
 * rate says what 1 unit of a currency is worth in the base currency from a
 * date on; rates are records (entity_rate: everyone reads, admins write)
 * with the rules here. Conversion itself: core/convert.h. */
#ifndef FC_CORE_RATE_H
#define FC_CORE_RATE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

/* A rate has at most RATE_DIGITS decimals and lies in (0, RATE_MAX]. */
#define RATE_DIGITS 6
#define RATE_SCALE INT64_C(1000000)	/* 10^RATE_DIGITS */
#define RATE_MAX INT64_C(1000000)	/* whole units */
/* An organisation keeps at most this many rates. */
#define RATE_COUNT_MAX 20000

/* "1.085" -> 1085000 millionths. 0, or FC_EINVAL naming FIELD. */
int rate_parse(const char *s, const char *field, int64_t *micros,
	       struct fc_error *err);
/* 1085000 -> "1.085" (no trailing zeros). */
void rate_format(int64_t micros, char out[32]);

/* The record hooks of entity_rate: check the currency against the base
 * currency and the count bound, and write the rate in its canonical form. */
int rate_on_create(struct fc_ctx *ctx, json_t *in, struct fc_error *err);
int rate_on_update(struct fc_ctx *ctx, int64_t id, json_t *before,
		   json_t *patch, struct fc_error *err);

/* The organisation's base currency, "USD" unless an admin set another. */
int rate_base_currency(struct fc_ctx *ctx, char out[4], struct fc_error *err);
/* Sets it (admins only; an ISO 4217 code). Refused while the organisation
 * has rates: they are worth so much of the old base currency. */
int rate_set_base_currency(struct fc_ctx *ctx, const char *code,
			   struct fc_error *err);

/* Adds or replaces (same currency and date) the rate of CURRENCY from DATE;
 * *ID gets the rate's id. Admins only. */
int rate_put(struct fc_ctx *ctx, const char *currency, const char *date,
	     const char *rate, int64_t *id, struct fc_error *err);

/* Reads a CSV of rates (header "currency,date,rate", in any order and case)
 * from DATA and puts every row, in one transaction: one bad row refuses
 * the whole file, naming its line. *COUNT gets the rows put. */
int rate_import_csv(struct fc_ctx *ctx, const char *data, size_t len,
		    int64_t *count, struct fc_error *err);

#endif
