/* libFuzzer harness for what the server does with an Authorization
 * header's bearer token, a session cookie and a calendar feed token: each
 * is looked up as given (core/auth.c) in a store that holds one valid API
 * token, one session and one calendar token. Only those three secrets may
 * be accepted, and each names the admin; anything else is refused with
 * FC_EAUTH or FC_ENOTFOUND, never a store failure. The first byte picks
 * which lookup, and with its top bit set the input follows the valid
 * token's first bytes, so near misses are tried. Seeds: corpus/auth-token. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "fuzz-store.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *api_token, *cal_token;
static struct auth_session session;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct fc_error err;

	fuzz_store_open(1);
	if (auth_set_password(&fuzz_ctx, FUZZ_ADMIN, "correct horse", &err) ||
	    auth_token_create(&fuzz_ctx, "fuzz", NULL, &api_token, &err) ||
	    auth_calendar_token_rotate(&fuzz_ctx, &cal_token, &err) ||
	    auth_login(fuzz_ctx.db, FUZZ_ADMIN, "correct horse", NULL,
		       fuzz_ctx.now, &session, &err))
		abort();
	return 0;
}

static void check(int rc, const char *given, const char *secret,
		  int64_t org, int64_t user, const struct fc_error *err)
{
	if (rc == 0) {
		assert(!strcmp(given, secret));
		assert(org == fuzz_ctx.org_id && user == fuzz_ctx.user.id);
	} else {
		assert(rc == FC_EAUTH || rc == FC_ENOTFOUND);
		assert(err->message[0]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fc_error err = { 0 };
	struct auth_session s;
	int64_t org = 0, user = 0;
	const char *base;
	char *token;
	size_t keep;
	int rc;

	if (size == 0 || memchr(data + 1, '\0', size - 1))
		return 0;
	base = (data[0] & 3) == 0 ? api_token : (data[0] & 3) == 1 ?
	       cal_token : session.token;
	keep = data[0] & 0x80 ? strlen(base) * (data[0] & 0x7f) / 0x7f : 0;
	token = malloc(keep + size);
	memcpy(token, base, keep);
	memcpy(token + keep, data + 1, size - 1);
	token[keep + size - 1] = '\0';
	fuzz_store_begin();
	switch (data[0] & 3) {
	case 0:
		rc = auth_token_lookup(fuzz_ctx.db, token, fuzz_ctx.now, &org,
				       &user, &err);
		check(rc, token, api_token, org, user, &err);
		break;
	case 1:
		rc = auth_calendar_token_lookup(fuzz_ctx.db, token, &org, &user,
						&err);
		check(rc, token, cal_token, org, user, &err);
		break;
	default:
		rc = auth_session_lookup(fuzz_ctx.db, token, fuzz_ctx.now, &s,
					 &err);
		check(rc, token, session.token, s.org_id, s.user_id, &err);
		break;
	}
	fuzz_store_reset();
	free(token);
	return 0;
}
