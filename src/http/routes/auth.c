/* Signing in and out of the web UI: POST auth/login sets the session
 * cookie and returns the CSRF token the UI sends back on unsafe requests;
 * auth/me tells the UI who it is (and that token again after a reload). */
#include <stdio.h>

#include "core/auth.h"
#include "core/user.h"
#include "http/http.h"
#include "http/routes/routes.h"
#include "util/banned.h"

#define COOKIE "fulcrum_session"

static json_t *user_json(const struct fc_ctx *ctx)
{
	json_t *u = json_object();
	json_object_set_new(u, "id", json_integer(ctx->user.id));
	json_object_set_new(u, "org_id", json_integer(ctx->org_id));
	json_object_set_new(u, "email", json_string(ctx->user.email));
	json_object_set_new(u, "name", json_string(ctx->user.name));
	json_object_set_new(u, "role", json_string(role_name(ctx->user.role)));
	json_object_set_new(u, "team", ctx->user.team[0] ?
			    json_string(ctx->user.team) : json_null());
	return u;
}

/* The session's answer: the user and, when an admin gave them their
 * password, that they must change it before anything else (the web UI
 * shows only the password form until they do). */
static int session_json(struct req *r, json_t **out)
{
	int must = 0;
	int rc = user_password_change_required(&r->ctx, &must, &r->err);
	if (rc)
		return rc;
	*out = json_object();
	json_object_set_new(*out, "user", user_json(&r->ctx));
	json_object_set_new(*out, "password_change_required", json_boolean(must));
	return 0;
}

static const struct body_field login_body[] = {
	{ "email", BODY_TEXT, 1, AUTH_EMAIL_MAX, NULL, 0 },
	{ "password", BODY_TEXT, 1, AUTH_PASSWORD_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

static int login(struct req *r)
{
	struct auth_session sess;
	json_t *out;
	int rc;

	rc = auth_login(r->db, body_text(r, "email"), body_text(r, "password"), r->client_addr, r->ctx.now,
			&sess, &r->err);
	if (rc == FC_ELIMIT)
		r->retry_after = sess.retry_after > 0 ? sess.retry_after : 1;
	if (rc)
		return rc;
	rc = ctx_act_as_id(&r->ctx, sess.org_id, sess.user_id, &r->err);
	if (rc)
		return rc;
	r->authed = 1;
	resp_header(r, "Set-Cookie", req_printf(r,
		    COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; "
		    "Max-Age=%d%s", sess.token, AUTH_SESSION_IDLE,
		    http_secure_cookies(r) ? "; Secure" : ""));
	if ((rc = session_json(r, &out)))
		return rc;
	json_object_set_new(out, "csrf_token", json_string(sess.csrf));
	resp_json(r, 200, out);
	return 0;
}

static int logout(struct req *r)
{
	int rc;
	if (r->via_cookie) {
		rc = auth_logout(r->db, r->session_token, &r->err);
		if (rc)
			return rc;
	}
	resp_header(r, "Set-Cookie", req_printf(r,
		    COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
		    http_secure_cookies(r) ? "; Secure" : ""));
	resp_empty(r, 204);
	return 0;
}

static const struct body_field password_body[] = {
	{ "current_password", BODY_TEXT, 1, AUTH_PASSWORD_MAX, NULL, 0 },
	{ "password", BODY_TEXT, 1, AUTH_PASSWORD_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

/* A new password ends every session of the user, this one too: the
 * cookie goes with it and the browser signs in again. */
static int password_change(struct req *r)
{
	int64_t retry = 0;
	int rc = auth_change_password(&r->ctx, body_text(r, "current_password"),
				      body_text(r, "password"), r->client_addr,
				      &retry, &r->err);
	if (rc == FC_ELIMIT)
		r->retry_after = retry > 0 ? retry : 1;
	if (rc)
		return rc;
	if (r->via_cookie)
		resp_header(r, "Set-Cookie", req_printf(r,
			    COOKIE "=; Path=/; HttpOnly; SameSite=Strict; "
			    "Max-Age=0%s", http_secure_cookies(r) ? "; Secure" : ""));
	resp_empty(r, 204);
	return 0;
}

static int me(struct req *r)
{
	json_t *out;
	int rc = session_json(r, &out);
	if (rc)
		return rc;
	if (r->via_cookie)
		json_object_set_new(out, "csrf_token",
				    json_string(r->session_csrf));
	resp_json(r, 200, out);
	return 0;
}

const struct route routes_auth[] = {
	{ "POST", "/api/v1/auth/login", login, ROUTE_PUBLIC | ROUTE_JSON_BODY,
	  "Sign in with email and password",
	  .doc = { .body = "Login", .fields = login_body, .result = "Session",
		   .flags = DOC_RATE } },
	{ "POST", "/api/v1/auth/logout", logout, 0,
	  "Sign out and end the session",
	  .doc = { .status = 204 } },
	{ "POST", "/api/v1/auth/password", password_change, ROUTE_JSON_BODY,
	  "Change your own password (every session of yours ends)",
	  .doc = { .body = "PasswordChange", .fields = password_body,
		   .status = 204, .flags = DOC_RATE } },
	{ "GET", "/api/v1/auth/me", me, 0,
	  "The signed-in user",
	  .doc = { .result = "Session" } },
	ROUTE_END
};
