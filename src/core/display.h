/* How values read to people: amounts with their currency and thousands
 * separators, rates as percentages. The CLI's tables and the CSV exports
 * print through these (the web UI's web/js/ui.js money() and pct() follow
 * the same forms); --json and the API keep the exact values. */
#ifndef FC_CORE_DISPLAY_H
#define FC_CORE_DISPLAY_H

#include <stddef.h>
#include <stdint.h>

/* Long enough for any int64_t amount with separators and a currency. */
#define DISPLAY_MONEY_MAX 40

/* An amount in minor units with its currency's decimals: 123450000, "USD"
 * -> "USD 1,234,500.00"; 1000000, "JPY" -> "JPY 1,000,000"; 1234, "KWD" ->
 * "KWD 1.234". A NULL or empty CURRENCY leaves the code out and reads as
 * two decimals ("1,234,500.00"). Negative amounts start with '-' after the
 * code ("USD -12.00"). Cut to fit N. */
void money_display(int64_t minor, const char *currency, char *out, size_t n);

/* A fraction as a percentage: 0.425 -> "42.5%", 0.5 -> "50%" (one decimal
 * at most, none when it is .0). */
void rate_display(double fraction, char *out, size_t n);

/* A number already in percent: 40 -> "40%", 12.5 -> "12.5%". */
void percent_display(double percent, char *out, size_t n);

#endif
