/* Webhook signatures and the retry schedule; see webhook-sign.h. */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/webhook-sign.h"
#include "util/banned.h"

void webhook_sign(const char *secret, int64_t t, const char *body, size_t len,
		  char out[WEBHOOK_SIGNATURE_MAX])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char hex[crypto_auth_hmacsha256_BYTES * 2 + 1], stamp[24];
	crypto_auth_hmacsha256_state st;
	int n = snprintf(stamp, sizeof(stamp), "%" PRId64 ".", t);

	/* the secret's own bytes are the key, as HMAC keys of any length are
	 * taken (RFC 2104), so a receiver signs with the text it was shown */
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
				    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)stamp,
				      (unsigned long long)n);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	snprintf(out, WEBHOOK_SIGNATURE_MAX, "t=%" PRId64 ",v1=%s", t, hex);
	sodium_memzero(&st, sizeof(st));
}

int64_t webhook_backoff_ms(int64_t base_ms, int n, double jitter)
{
	int64_t bases = 1;
	if (n < 1)
		n = 1;
	for (int i = 1; i < n && bases < WEBHOOK_BACKOFF_CAP; i++)
		bases *= 2;
	if (bases > WEBHOOK_BACKOFF_CAP)
		bases = WEBHOOK_BACKOFF_CAP;
	if (jitter < 0 || jitter >= 1)
		jitter = 0;
	int64_t d = base_ms * bases;
	return d + (int64_t)(jitter * (double)(d / 2));
}

int64_t webhook_retry_base_ms(void)
{
	const char *s = getenv("FULCRUM_WEBHOOK_RETRY_BASE_MS");
	char *end;
	long long v;
	if (!s || !*s)
		return WEBHOOK_RETRY_BASE_MS;
	v = strtoll(s, &end, 10);
	if (*end || v < 1 || v > 3600000)
		return WEBHOOK_RETRY_BASE_MS;
	return v;
}
