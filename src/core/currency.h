/* Currencies: the active ISO 4217 codes with their exponents, the one
 * table every currency field (deals, offerings, import, the demo, exchange
 * rates, the organisation's base currency) is checked against, and the one
 * that says how many decimals a currency's minor unit has (JPY 0, USD 2,
 * KWD 3): amounts are kept, read, converted and shown in those minor units
 * (docs/money.md; core/money.h). */
#ifndef FC_CORE_CURRENCY_H
#define FC_CORE_CURRENCY_H

#include "util/error.h"

/* The number of minor-unit digits of the active ISO 4217 code CODE (exactly
 * three upper-case letters), or -1 when CODE is not one. */
int currency_digits(const char *code);

/* 0 when CODE is an active ISO 4217 code; else FC_EINVAL naming FIELD and
 * the rule ("'currency' must be an ISO 4217 code such as USD or EUR, not
 * 'XYZ'"). */
int currency_check(const char *code, const char *field, struct fc_error *err);

/* The number of codes in the table, and the Ith (in alphabetical order). */
int currency_count(void);
const char *currency_code(int i);

#endif
