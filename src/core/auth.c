/* Passwords, sessions, API and calendar tokens; see auth.h (the login
 * limit is login-limit.c). Secrets never reach the database: only their
 * BLAKE2b hash does, so a leaked database opens no session. Lookups go by
 * that hash through a unique index and the match is confirmed with
 * sodium_memcmp. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/auth.h"
#include "core/login-limit.h"
#include "core/memo.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

_Static_assert(AUTH_HASH_LEN == crypto_pwhash_STRBYTES,
	       "AUTH_HASH_LEN is libsodium's hash length");


static int crypto_ready(struct fc_error *err)
{
	if (sodium_init() < 0)
		return fc_fail(err, FC_ESTORE, NULL,
			       "cannot initialise the crypto library");
	return 0;
}

void auth_hash_hex(const char *s, char out[AUTH_HEX_LEN])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)s, strlen(s),
			   NULL, 0);
	sodium_bin2hex(out, AUTH_HEX_LEN, h, sizeof(h));
}

static void random_hex(char out[AUTH_HEX_LEN])
{
	unsigned char r[32];
	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(out, AUTH_HEX_LEN, r, sizeof(r));
	sodium_memzero(r, sizeof(r));
}

static int is_hex64(const char *s)
{
	size_t i;
	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return i == 64;
}

/* The one check of a secret's shape (PREFIX, then 64 lower-case hex
 * digits) before it is hashed into HASH for a lookup: 0, or -1 when
 * TOKEN cannot be one of ours. */
static int secret_hash(const char *token, const char *prefix,
		       char hash[AUTH_HEX_LEN])
{
	size_t plen = strlen(prefix);
	if (!token || strncmp(token, prefix, plen) || !is_hex64(token + plen))
		return -1;
	auth_hash_hex(token, hash);
	return 0;
}

static void fmt_time(int64_t t, char out[TIME_LEN])
{
	time_format(t, out);
}

static int64_t parse_time(const char *s)
{
	int64_t t = 0;
	if (!s || time_parse(s, &t))
		return 0;
	return t;
}

int auth_password_hash(const char *password, char hash[AUTH_HASH_LEN],
		       struct fc_error *err)
{
	size_t len;
	int rc;

	if ((rc = crypto_ready(err)))
		return rc;
	if (!password)
		return fc_fail(err, FC_EINVAL, "password", "'password' is required");
	len = strlen(password);
	if (len < AUTH_PASSWORD_MIN)
		return fc_fail(err, FC_EINVAL, "password",
			       "'password' is too short (at least %d characters)",
			       AUTH_PASSWORD_MIN);
	if (len > AUTH_PASSWORD_MAX)
		return fc_fail(err, FC_EINVAL, "password",
			       "'password' is too long (at most %d bytes)",
			       AUTH_PASSWORD_MAX);
	if (crypto_pwhash_str(hash, password, len,
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return fc_fail(err, FC_ESTORE, NULL,
			       "cannot hash the password: out of memory");
	return 0;
}

int auth_set_password(struct fc_ctx *ctx, const char *email,
		      const char *password, struct fc_error *err)
{
	char hash[AUTH_HASH_LEN];
	char now[TIME_LEN];
	int64_t uid = 0;
	int rc;

	if (!email || !*email)
		return fc_fail(err, FC_EINVAL, "email", "'email' is required");
	if ((rc = auth_password_hash(password, hash, err)))
		return rc;
	rc = db_query_int(ctx->db, &uid,
			  "SELECT id FROM users WHERE org_id = ? AND "
			  "lower(email) = lower(?)", "is", ctx->org_id, email);
	if (rc == FC_ENOTFOUND || (rc == 0 && uid <= 0))
		return fc_fail(err, FC_ENOTFOUND, "email", "no user '%s'", email);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (ctx->user.id && ctx->user.id != uid && ctx->user.role != ROLE_ADMIN)
		return fc_fail(err, FC_EFORBIDDEN, "email",
			       "only an admin may set the password of '%s'",
			       email);
	fmt_time(ctx->now, now);
	rc = db_begin(ctx->db, 1);
	if (rc)
		return db_error(ctx->db, err);
	rc = db_run(ctx->db, "UPDATE users SET password_hash = ?, updated_at = ?, "
		    "must_change_password = 0, version = version + 1 WHERE "
		    "org_id = ? AND id = ?",
		    "ssii", hash, now, ctx->org_id, uid);
	if (rc < 0) {
		rc = db_error(ctx->db, err);
		db_rollback(ctx->db);
		return rc;
	}
	/* A new password ends every open session and API token of the user. */
	if ((rc = auth_revoke_user(ctx->db, ctx->org_id, uid, err))) {
		db_rollback(ctx->db);
		return rc;
	}
	if (db_commit(ctx->db))
		return db_error(ctx->db, err);
	return 0;
}

int auth_change_password(struct fc_ctx *ctx, const char *current,
			 const char *password, const char *addr,
			 int64_t *retry_after, struct fc_error *err)
{
	char email[AUTH_EMAIL_MAX + 1] = "", stored[AUTH_HASH_LEN] = "";
	struct login_limit limit;
	struct db_stmt *st;
	int rc;

	*retry_after = 0;
	if ((rc = crypto_ready(err)))
		return rc;
	if (!ctx->user.id)
		return fc_fail(err, FC_EAUTH, NULL, "no acting user");
	if (!current || strlen(current) > AUTH_PASSWORD_MAX)
		return fc_fail(err, FC_EINVAL, "current_password",
			       "the current password is wrong");
	st = db_prepare(ctx->db, "SELECT email, password_hash FROM users WHERE "
			"org_id = ? AND id = ?");
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, ctx->user.id);
	if ((rc = db_step(st)) > 0) {
		snprintf(email, sizeof(email), "%s", db_col_text(st, 0));
		if (db_col_text(st, 1))
			snprintf(stored, sizeof(stored), "%s", db_col_text(st, 1));
	}
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	/* guessing the current password is guessing a sign-in */
	if ((rc = login_limit_begin(ctx->db, email, addr, ctx->now, &limit,
				    err))) {
		*retry_after = limit.retry_after;
		return rc;
	}
	if (!stored[0] || crypto_pwhash_str_verify(stored, current,
						    strlen(current)) != 0)
		return fc_fail(err, FC_EINVAL, "current_password",
			       "the current password is wrong");
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if (!(rc = login_limit_success(ctx->db, &limit, ctx->now, err)))
		rc = auth_set_password(ctx, email, password, err);
	return ctx_tx_end(ctx, rc, err);
}

int auth_revoke_user(struct db *db, int64_t org_id, int64_t user_id,
		     struct fc_error *err)
{
	if (db_run(db, "DELETE FROM sessions WHERE org_id = ? AND user_id = ?",
		   "ii", org_id, user_id) < 0 ||
	    db_run(db, "UPDATE api_tokens SET revoked = 1 WHERE org_id = ? AND "
		   "user_id = ? AND revoked = 0", "ii", org_id, user_id) < 0)
		return db_error(db, err);
	return 0;
}

/* --- signing in --------------------------------------------------------- */

/* A hash of a random password, checked when the email matches nobody so
 * that a wrong email takes as long as a wrong password. */
static const char *dummy_hash(void)
{
	static char hash[crypto_pwhash_STRBYTES];
	static int done;
	if (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) {
		char pw[AUTH_HEX_LEN];
		char h[crypto_pwhash_STRBYTES];
		random_hex(pw);
		if (crypto_pwhash_str(h, pw, strlen(pw),
				      crypto_pwhash_OPSLIMIT_INTERACTIVE,
				      crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0) {
			static int claimed;
			if (!__atomic_exchange_n(&claimed, 1, __ATOMIC_ACQ_REL)) {
				memcpy(hash, h, sizeof(hash));
				__atomic_store_n(&done, 1, __ATOMIC_RELEASE);
			} else {
				return NULL;
			}
		} else {
			return NULL;
		}
	}
	return hash;
}

struct candidate {
	int64_t org_id, user_id;
	char hash[crypto_pwhash_STRBYTES];
};

#define MAX_CANDIDATES 16

static int open_session(struct db *db, int64_t org_id, int64_t user_id,
			int64_t now, struct auth_session *out)
{
	char hash[AUTH_HEX_LEN], created[TIME_LEN], expires[TIME_LEN];
	int rc;
	random_hex(out->token);
	random_hex(out->csrf);
	auth_hash_hex(out->token, hash);
	out->org_id = org_id;
	out->user_id = user_id;
	out->expires_at = now + AUTH_SESSION_IDLE;
	fmt_time(now, created);
	fmt_time(out->expires_at, expires);
	rc = db_run(db, "DELETE FROM sessions WHERE expires_at < ?", "s", created);
	if (rc < 0)
		return rc;
	return db_run(db, "INSERT INTO sessions (org_id, user_id, token_hash, "
		      "csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, "
		      "?, ?)", "iissss", org_id, user_id, hash, out->csrf,
		      created, expires);
}

int auth_login(struct db *db, const char *email, const char *password,
	       const char *client_addr, int64_t now, struct auth_session *out,
	       struct fc_error *err)
{
	struct candidate *cands = NULL;
	struct login_limit limit;
	struct db_stmt *st = NULL;
	int ncand = 0, match = -1, rc;
	size_t pwlen;

	memset(out, 0, sizeof(*out));
	if ((rc = crypto_ready(err)))
		goto out;
	if (!email || !*email) {
		rc = fc_fail(err, FC_EINVAL, "email", "'email' is required");
		goto out;
	}
	if (strlen(email) > AUTH_EMAIL_MAX) {
		rc = fc_fail(err, FC_EINVAL, "email", "'email' is too long");
		goto out;
	}
	if (!password || !*password) {
		rc = fc_fail(err, FC_EINVAL, "password", "'password' is required");
		goto out;
	}
	pwlen = strlen(password);
	if (pwlen > AUTH_PASSWORD_MAX) {
		rc = fc_fail(err, FC_EINVAL, "password", "'password' is too long");
		goto out;
	}
	/* the attempt is counted before the password is looked at */
	rc = login_limit_begin(db, email, client_addr, now, &limit, err);
	if (rc == FC_ELIMIT)
		out->retry_after = limit.retry_after;
	if (rc)
		goto out;

	st = db_prepare(db, "SELECT org_id, id, password_hash FROM users WHERE "
			"lower(email) = lower(?) AND active = 1 AND "
			"password_hash IS NOT NULL ORDER BY org_id, id");
	if (!st) {
		rc = db_error(db, err);
		goto out;
	}
	db_bind_text(st, 1, email);
	cands = xcalloc(MAX_CANDIDATES, sizeof(*cands));
	while ((rc = db_step(st)) == 1 && ncand < MAX_CANDIDATES) {
		cands[ncand].org_id = db_col_int(st, 0);
		cands[ncand].user_id = db_col_int(st, 1);
		snprintf(cands[ncand].hash, sizeof(cands[ncand].hash), "%s",
			 db_col_text(st, 2));
		ncand++;
	}
	db_done(st);
	st = NULL;
	if (rc < 0) {
		rc = db_error(db, err);
		goto out;
	}
	for (int i = 0; i < ncand && match < 0; i++)
		if (crypto_pwhash_str_verify(cands[i].hash, password, pwlen) == 0)
			match = i;
	if (ncand == 0) {
		const char *h = dummy_hash();
		/* The result is meaningless; only the time spent matters. */
		if (h && crypto_pwhash_str_verify(h, password, pwlen) == 0)
			match = -1;
	}
	if (match < 0) {
		/* already counted as a failure by login_limit_begin */
		rc = fc_fail(err, FC_EAUTH, NULL, "wrong email or password");
		goto out;
	}

	if ((rc = db_begin(db, 1))) {
		rc = db_error(db, err);
		goto out;
	}
	if ((rc = login_limit_success(db, &limit, now, err))) {
		db_rollback(db);
		goto out;
	}
	rc = open_session(db, cands[match].org_id, cands[match].user_id, now, out);
	if (rc < 0) {
		rc = db_error(db, err);
		db_rollback(db);
		goto out;
	}
	if (db_commit(db)) {
		rc = db_error(db, err);
		goto out;
	}
	rc = 0;
out:
	if (cands)
		sodium_memzero(cands, MAX_CANDIDATES * sizeof(*cands));
	free(cands);
	if (rc)
		sodium_memzero(out->token, sizeof(out->token));
	return rc;
}

int auth_session_lookup(struct db *db, const char *token, int64_t now,
			struct auth_session *out, struct fc_error *err)
{
	char hash[AUTH_HEX_LEN];
	char stored[AUTH_HEX_LEN] = "";
	int64_t created = 0, expires = 0, id = 0;
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (secret_hash(token, "", hash))
		return fc_fail(err, FC_EAUTH, NULL, "session expired or unknown");
	st = db_prepare(db, "SELECT id, org_id, user_id, csrf_token, created_at, "
			"expires_at, token_hash FROM sessions WHERE token_hash = ?");
	if (!st)
		return db_error(db, err);
	db_bind_text(st, 1, hash);
	rc = db_step(st);
	if (rc == 1) {
		id = db_col_int(st, 0);
		out->org_id = db_col_int(st, 1);
		out->user_id = db_col_int(st, 2);
		snprintf(out->csrf, sizeof(out->csrf), "%s", db_col_text(st, 3));
		created = parse_time(db_col_text(st, 4));
		expires = parse_time(db_col_text(st, 5));
		snprintf(stored, sizeof(stored), "%s", db_col_text(st, 6));
	}
	db_done(st);
	if (rc < 0)
		return db_error(db, err);
	if (rc == 0 || strlen(stored) != 64 ||
	    sodium_memcmp(stored, hash, 64) != 0 || expires <= now) {
		memset(out, 0, sizeof(*out));
		return fc_fail(err, FC_EAUTH, NULL, "session expired or unknown");
	}
	out->expires_at = expires;
	/* Slide the expiry, at most once a minute to spare the database. */
	if (now + AUTH_SESSION_IDLE - expires >= 60) {
		int64_t next = now + AUTH_SESSION_IDLE;
		char at[TIME_LEN];
		if (next > created + AUTH_SESSION_MAX)
			next = created + AUTH_SESSION_MAX;
		if (next > expires) {
			fmt_time(next, at);
			/* by the whole key: on PostgreSQL it is (org_id, id) */
			if (db_run(db, "UPDATE sessions SET expires_at = ? WHERE "
				   "org_id = ? AND id = ?", "sii", at,
				   out->org_id, id) < 0)
				return db_error(db, err);
			out->expires_at = next;
		}
	}
	return 0;
}

int auth_logout(struct db *db, const char *token, struct fc_error *err)
{
	char hash[AUTH_HEX_LEN];
	if (secret_hash(token, "", hash))
		return 0;
	if (db_run(db, "DELETE FROM sessions WHERE token_hash = ?", "s", hash) < 0)
		return db_error(db, err);
	return 0;
}

/* --- API tokens ---------------------------------------------------------- */

int auth_token_create(struct fc_ctx *ctx, const char *name, int64_t *id,
		      char **token_out, struct fc_error *err)
{
	char secret[AUTH_HEX_LEN], hash[AUTH_HEX_LEN], now[TIME_LEN];
	char *token = NULL;
	int64_t newid = 0;
	int rc;

	*token_out = NULL;
	if ((rc = crypto_ready(err)))
		return rc;
	if (!ctx->user.id)
		return fc_fail(err, FC_EAUTH, NULL, "no acting user");
	if (name && strlen(name) > AUTH_TOKEN_NAME_MAX)
		return fc_fail(err, FC_EINVAL, "name",
			       "'name' is too long (at most %d bytes)",
			       AUTH_TOKEN_NAME_MAX);
	random_hex(secret);
	token = xasprintf(AUTH_TOKEN_PREFIX "%s", secret);
	sodium_memzero(secret, sizeof(secret));
	auth_hash_hex(token, hash);
	fmt_time(ctx->now, now);
	if ((rc = db_begin(ctx->db, 1))) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	rc = db_run(ctx->db, "INSERT INTO api_tokens (org_id, user_id, name, "
		    "token_hash, created_at) VALUES (?, ?, ?, ?, ?)", "iisss",
		    ctx->org_id, ctx->user.id, name && *name ? name : NULL,
		    hash, now);
	if (rc >= 0)
		rc = db_query_int(ctx->db, &newid, "SELECT id FROM api_tokens "
				  "WHERE token_hash = ?", "s", hash);
	if (rc < 0) {
		rc = db_error(ctx->db, err);
		db_rollback(ctx->db);
		goto out;
	}
	if (db_commit(ctx->db)) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	rc = 0;
	if (id)
		*id = newid;
	*token_out = token;
	token = NULL;
out:
	if (token) {
		sodium_memzero(token, strlen(token));
		free(token);
	}
	return rc;
}

int auth_token_lookup(struct db *db, const char *token, int64_t now,
		      int64_t *org_id, int64_t *user_id, struct fc_error *err)
{
	char hash[AUTH_HEX_LEN], stored[AUTH_HEX_LEN] = "", at[TIME_LEN];
	struct memo_token t;
	struct db_stmt *st;
	int rc;

	*org_id = *user_id = 0;
	if (secret_hash(token, AUTH_TOKEN_PREFIX, hash))
		return fc_fail(err, FC_EAUTH, NULL, "unknown or revoked token");
	if (!memo_token_get(db, hash, &t)) {
		st = db_prepare(db, "SELECT id, org_id, user_id, token_hash, "
				"last_used_at FROM api_tokens WHERE token_hash = ? "
				"AND revoked = 0");
		if (!st)
			return db_error(db, err);
		db_bind_text(st, 1, hash);
		rc = db_step(st);
		memset(&t, 0, sizeof(t));
		if (rc == 1) {
			t.id = db_col_int(st, 0);
			t.org_id = db_col_int(st, 1);
			t.user_id = db_col_int(st, 2);
			snprintf(stored, sizeof(stored), "%s", db_col_text(st, 3));
			t.last_used = parse_time(db_col_text(st, 4));
		}
		db_done(st);
		if (rc < 0)
			return db_error(db, err);
		if (rc == 0 || strlen(stored) != 64 ||
		    sodium_memcmp(stored, hash, 64))
			return fc_fail(err, FC_EAUTH, NULL,
				       "unknown or revoked token");
		snprintf(t.hash, sizeof(t.hash), "%s", hash);
		memo_token_put(db, &t);
	}
	/* Record use at most once a minute: reads should not all write. */
	if (t.last_used + 60 <= now) {
		fmt_time(now, at);
		if (db_run(db, "UPDATE api_tokens SET last_used_at = ? WHERE "
			   "org_id = ? AND id = ?", "sii", at, t.org_id, t.id) < 0)
			return db_error(db, err);
		t.last_used = now;
		memo_token_put(db, &t);
	}
	*org_id = t.org_id;
	*user_id = t.user_id;
	return 0;
}

int auth_token_list(struct fc_ctx *ctx, json_t **out, struct fc_error *err)
{
	int admin = ctx->user.role == ROLE_ADMIN;
	struct db_stmt *st;
	json_t *items = NULL;
	int rc;

	*out = NULL;
	st = db_prepare(ctx->db, admin ?
			"SELECT id, name, user_id, created_at, last_used_at, "
			"revoked FROM api_tokens WHERE org_id = ? ORDER BY id" :
			"SELECT id, name, user_id, created_at, last_used_at, "
			"revoked FROM api_tokens WHERE org_id = ? AND user_id = ? "
			"ORDER BY id");
	if (!st)
		return db_error(ctx->db, err);
	if (admin)
		db_bindf(st, "i", ctx->org_id);
	else
		db_bindf(st, "ii", ctx->org_id, ctx->user.id);
	items = json_array();
	while ((rc = db_step(st)) == 1) {
		json_t *t = json_object();
		const char *s;
		json_object_set_new(t, "id", json_integer(db_col_int(st, 0)));
		s = db_col_text(st, 1);
		json_object_set_new(t, "name", s ? json_string(s) : json_null());
		json_object_set_new(t, "user_id", json_integer(db_col_int(st, 2)));
		json_object_set_new(t, "created_at", json_string(db_col_text(st, 3)));
		s = db_col_text(st, 4);
		json_object_set_new(t, "last_used_at",
				    s ? json_string(s) : json_null());
		json_object_set_new(t, "revoked", json_boolean(db_col_int(st, 5)));
		json_array_append_new(items, t);
	}
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return db_error(ctx->db, err);
	}
	*out = items;
	return 0;
}

int auth_token_revoke(struct fc_ctx *ctx, int64_t id, struct fc_error *err)
{
	int rc;
	if (ctx->user.role == ROLE_ADMIN)
		rc = db_run(ctx->db, "UPDATE api_tokens SET revoked = 1 WHERE "
			    "org_id = ? AND id = ?", "ii", ctx->org_id, id);
	else
		rc = db_run(ctx->db, "UPDATE api_tokens SET revoked = 1 WHERE "
			    "org_id = ? AND id = ? AND user_id = ?", "iii",
			    ctx->org_id, id, ctx->user.id);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (db_changes(ctx->db) == 0)
		return fc_fail(err, FC_ENOTFOUND, "id", "no token %lld",
			       (long long)id);
	return 0;
}

/* --- calendar tokens ----------------------------------------------------- */

int auth_calendar_token_rotate(struct fc_ctx *ctx, char **token_out,
			       struct fc_error *err)
{
	char secret[AUTH_HEX_LEN], hash[AUTH_HEX_LEN], now[TIME_LEN];
	char *token;
	int rc;

	*token_out = NULL;
	if ((rc = crypto_ready(err)))
		return rc;
	if (!ctx->user.id)
		return fc_fail(err, FC_EAUTH, NULL, "no acting user");
	random_hex(secret);
	token = xasprintf(AUTH_CAL_PREFIX "%s", secret);
	sodium_memzero(secret, sizeof(secret));
	auth_hash_hex(token, hash);
	fmt_time(ctx->now, now);
	if (db_run(ctx->db, "UPDATE users SET calendar_token = ?, updated_at = ? "
		   "WHERE org_id = ? AND id = ?", "ssii", hash, now, ctx->org_id,
		   ctx->user.id) < 0) {
		free(token);
		return db_error(ctx->db, err);
	}
	*token_out = token;
	return 0;
}

int auth_calendar_token_lookup(struct db *db, const char *token,
			       int64_t *org_id, int64_t *user_id,
			       struct fc_error *err)
{
	char hash[AUTH_HEX_LEN], stored[AUTH_HEX_LEN] = "";
	struct db_stmt *st;
	int rc;

	*org_id = *user_id = 0;
	if (secret_hash(token, AUTH_CAL_PREFIX, hash))
		return fc_fail(err, FC_ENOTFOUND, NULL, "unknown calendar");
	st = db_prepare(db, "SELECT org_id, id, calendar_token FROM users WHERE "
			"calendar_token = ? AND active = 1");
	if (!st)
		return db_error(db, err);
	db_bind_text(st, 1, hash);
	rc = db_step(st);
	if (rc == 1) {
		*org_id = db_col_int(st, 0);
		*user_id = db_col_int(st, 1);
		snprintf(stored, sizeof(stored), "%s", db_col_text(st, 2));
	}
	db_done(st);
	if (rc < 0)
		return db_error(db, err);
	if (rc == 0 || strlen(stored) != 64 || sodium_memcmp(stored, hash, 64)) {
		*org_id = *user_id = 0;
		return fc_fail(err, FC_ENOTFOUND, NULL, "unknown calendar");
	}
	return 0;
}
