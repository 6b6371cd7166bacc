/* The pure parts of webhook delivery: the signature a receiver checks and
 * the schedule of retries. No database, no network: unit-tested alone
 * (tests/unit/core/test-webhook-sign.c). */
#ifndef FC_CORE_WEBHOOK_SIGN_H
#define FC_CORE_WEBHOOK_SIGN_H

#include <stddef.h>
#include <stdint.h>

/* "t=<T>,v1=<64 hex digits>" + NUL, T at most 20 digits */
#define WEBHOOK_SIGNATURE_MAX 96

/* The signature header's value for BODY (LEN bytes) sent at unix time T:
 * "t=T,v1=" and the hex HMAC-SHA256, keyed with SECRET (the text as
 * given, "whsec_..." whole), of "T." followed by BODY. */
void webhook_sign(const char *secret, int64_t t, const char *body, size_t len,
		  char out[WEBHOOK_SIGNATURE_MAX]);

/* Attempts of one delivery before it is given up: the first and the
 * retries whose nominal delays add up to a day at the default base (see
 * webhook_backoff_ms). */
#define WEBHOOK_ATTEMPTS 14
/* The default base of the schedule: FULCRUM_WEBHOOK_RETRY_BASE_MS. */
#define WEBHOOK_RETRY_BASE_MS 60000
/* The longest nominal delay, in bases (4 hours at the default base). */
#define WEBHOOK_BACKOFF_CAP 240

/* The delay before retry N (1 after the first failed attempt): BASE_MS *
 * 2^(N-1), at most WEBHOOK_BACKOFF_CAP bases, plus a jitter of JITTER
 * (0 <= JITTER < 1) times half of it, so receivers that failed together
 * are not all retried at once. Each delay is longer than the one before
 * whatever the jitters (until the cap). */
int64_t webhook_backoff_ms(int64_t base_ms, int n, double jitter);

/* The base in force: FULCRUM_WEBHOOK_RETRY_BASE_MS when it is a whole
 * number of milliseconds from 1 to 3600000, else WEBHOOK_RETRY_BASE_MS. */
int64_t webhook_retry_base_ms(void);

#endif
