/* Who is calling: passwords (argon2id), login sessions with their CSRF
 * token, bearer API tokens, calendar feed tokens, and the login rate limit.
 * Everything lives in the database (sessions, api_tokens, login_attempts,
 * users.calendar_token) so several server processes share it. Secrets are
 * random (libsodium), handed out once as hex, stored only as their hash.
 * Read next: http/server.h, which authenticates each request with these. */
#ifndef FC_CORE_AUTH_H
#define FC_CORE_AUTH_H

#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"

#define AUTH_PASSWORD_MIN 8
#define AUTH_PASSWORD_MAX 1024
#define AUTH_EMAIL_MAX 320		/* bytes of a sign-in e-mail */
#define AUTH_TOKEN_NAME_MAX 200		/* bytes of an API token's name */
/* A session lasts AUTH_SESSION_IDLE seconds after its last use (sliding),
 * and never longer than AUTH_SESSION_MAX after login. */
#define AUTH_SESSION_IDLE (12 * 3600)
#define AUTH_SESSION_MAX (7 * 24 * 3600)
/* The login limit (core/login-limit.h, docs/scaling.md). Failures count
 * within a sliding AUTH_LIMIT_WINDOW: an (email, client address) pair is
 * locked after AUTH_PAIR_LIMIT and an address after AUTH_ADDR_LIMIT; an
 * email alone is never locked, but from AUTH_EMAIL_SLOW_AFTER failures an
 * address that has not signed in as that email within AUTH_KNOWN_SECONDS
 * may try it only once its last failure is 1 s old, doubling with each
 * further failure up to AUTH_EMAIL_GAP_MAX seconds (429 before). */
#define AUTH_LIMIT_WINDOW (15 * 60)
#define AUTH_PAIR_LIMIT 10
#define AUTH_ADDR_LIMIT 30
#define AUTH_EMAIL_SLOW_AFTER 5
#define AUTH_EMAIL_GAP_MAX 4
#define AUTH_KNOWN_SECONDS (30 * 24 * 3600)

#define AUTH_HEX_LEN 65		/* 32 random bytes as hex + NUL */
#define AUTH_TOKEN_PREFIX "fc_"	/* API tokens: "fc_" + 64 hex digits */
#define AUTH_CAL_PREFIX "cal_"	/* calendar tokens: "cal_" + 64 hex */

struct auth_session {
	int64_t org_id;
	int64_t user_id;
	char token[AUTH_HEX_LEN];	/* only filled by auth_login */
	char csrf[AUTH_HEX_LEN];
	int64_t expires_at;		/* epoch seconds */
	int64_t retry_after;		/* FC_ELIMIT: seconds until unlocked */
};

/* Room for a password's hash (libsodium's crypto_pwhash_STRBYTES). */
#define AUTH_HASH_LEN 128

/* The one check of a new password (AUTH_PASSWORD_MIN..AUTH_PASSWORD_MAX
 * bytes) and its argon2id hash into HASH; FC_EINVAL naming 'password'. */
int auth_password_hash(const char *password, char hash[AUTH_HASH_LEN],
		       struct fc_error *err);

/* Changes the acting user's own password: CURRENT must be their password
 * (else FC_EINVAL naming "current_password", and the session stays). Each
 * try counts against the login limit of their e-mail from ADDR: FC_ELIMIT
 * with *RETRY_AFTER seconds beyond it. Then as auth_set_password(), which
 * ends every session of theirs, this one too. */
int auth_change_password(struct fc_ctx *ctx, const char *current,
			 const char *password, const char *addr,
			 int64_t *retry_after, struct fc_error *err);

/* Sets the password of user EMAIL of ctx's organisation, ending their
 * sessions and API tokens (auth_revoke_user) and clearing their
 * must_change_password. The acting user must be that
 * user or an admin (a ctx with no user, the CLI's bootstrap, may too).
 * PASSWORD is 8..1024 bytes. */
int auth_set_password(struct fc_ctx *ctx, const char *email,
		      const char *password, struct fc_error *err);

/* Ends every session of user USER_ID and revokes their API tokens, in the
 * caller's transaction: after a new password, or when the user is
 * deactivated (core/user.c). Nothing brings them back. */
int auth_revoke_user(struct db *db, int64_t org_id, int64_t user_id,
		     struct fc_error *err);

/* Signs in: finds the active user with EMAIL (in any organisation; when the
 * same email has a password in several organisations the first one, by
 * organisation id, whose password matches wins), checks the password, and
 * opens a session. Every attempt is counted by the login limit before the
 * password is checked. Refusals: FC_EAUTH "wrong email or password" (never
 * saying which), FC_ELIMIT while CLIENT_ADDR or the pair (EMAIL,
 * CLIENT_ADDR) is locked, with out->retry_after set. Distributed guessing
 * at EMAIL makes the call wait before it checks. CLIENT_ADDR may be
 * NULL. */
int auth_login(struct db *db, const char *email, const char *password,
	       const char *client_addr, int64_t now, struct auth_session *out,
	       struct fc_error *err);
/* The session of TOKEN (hex from auth_login): org, user, csrf and expiry,
 * sliding the expiry forward. FC_EAUTH when unknown or expired. */
int auth_session_lookup(struct db *db, const char *token, int64_t now,
			struct auth_session *out, struct fc_error *err);
/* Ends the session of TOKEN; unknown tokens are not an error. */
int auth_logout(struct db *db, const char *token, struct fc_error *err);

/* A new API token for ctx->user named NAME (may be NULL, at most 200
 * bytes). *TOKEN_OUT (heap, free()) is the only copy of the secret; *ID
 * (optional) the token's id. */
int auth_token_create(struct fc_ctx *ctx, const char *name, int64_t *id,
		      char **token_out, struct fc_error *err);
/* The org and user of an unrevoked API token; FC_EAUTH otherwise. */
int auth_token_lookup(struct db *db, const char *token, int64_t now,
		      int64_t *org_id, int64_t *user_id, struct fc_error *err);
/* ctx->user's tokens (an admin's list covers the organisation):
 * [{id, name, user_id, created_at, last_used_at, revoked}], never the
 * secret. */
int auth_token_list(struct fc_ctx *ctx, json_t **out, struct fc_error *err);
/* Revokes token ID: one's own, or any of the org for an admin.
 * FC_ENOTFOUND otherwise. */
int auth_token_revoke(struct fc_ctx *ctx, int64_t id, struct fc_error *err);

/* A new calendar feed token for ctx->user, replacing the old one (which
 * stops working). *TOKEN_OUT is heap, free(). */
int auth_calendar_token_rotate(struct fc_ctx *ctx, char **token_out,
			       struct fc_error *err);
int auth_calendar_token_lookup(struct db *db, const char *token,
			       int64_t *org_id, int64_t *user_id,
			       struct fc_error *err);

/* Hex of the BLAKE2b hash of S, as stored for every secret. */
void auth_hash_hex(const char *s, char out[AUTH_HEX_LEN]);

#endif
