/* Converting amounts to the organisation's base currency for totals,
 * reports and the forecast (docs/money.md, docs/reports.md). An amount of
 * currency X dated D converts at the latest rate of X valid on or before D,
 * else (D before every rate of X) the latest valid on or before today; an
 * amount of a currency without such a rate is not converted but counted
 * apart, per currency, never summed with the others. A conversion keeps the
 * rates it used and the amounts it could not convert, for the report to
 * say. */
#ifndef FC_CORE_CONVERT_H
#define FC_CORE_CONVERT_H

#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"

struct convert;

/* Loads the base currency and the rates of ctx's organisation. */
int convert_load(struct fc_ctx *ctx, struct convert **out,
		 struct fc_error *err);
void convert_free(struct convert *cv);
const char *convert_base(const struct convert *cv);

/* Converts MINOR (minor units of CURRENCY, the sum of DEALS deals) dated
 * DAY ("YYYY-MM-DD"; NULL or "" for today) into *BASE_MINOR (minor units
 * of the base currency) and returns 1; or, without a rate, adds them to the
 * unconverted amounts and returns 0. */
int convert_amount(struct convert *cv, const char *currency, const char *day,
		   int64_t minor, int64_t deals, int64_t *base_minor);

/* The same for an amount already counted by convert_amount(): converts,
 * but never lists it apart again. */
int convert_again(struct convert *cv, const char *currency, const char *day,
		  int64_t minor, int64_t *base_minor);

/* Sets REP's "currency" (the base), "rates" ([{currency, valid_from, rate}]
 * used, sorted) and "unconverted" ([{currency, deals, value_minor}]). */
void convert_report(struct convert *cv, json_t *rep);

/* MINOR units of a currency of FROM_DIGITS decimals at RATE_MICROS
 * (millionths of a base unit per unit) in minor units of a base currency of
 * TO_DIGITS decimals, rounded half away from zero, saturating at
 * INT64_MIN / INT64_MAX: JPY 1,000,000 (1000000) at 0.0062 is USD 6,200.00
 * (620000). */
int64_t convert_minor(int64_t minor, int from_digits, int to_digits,
		      int64_t rate_micros);

#endif
