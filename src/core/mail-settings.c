/* The organisation's outgoing mail server; see mail-settings.h. */
#include <stdio.h>
#include <string.h>

#include "core/mail-fields.h"
#include "core/mail-settings.h"
#include "util/banned.h"

static int admin_only(struct fc_ctx *ctx, struct fc_error *err)
{
	return ctx->user.role == ROLE_ADMIN ? 0 : fc_fail(err, FC_EFORBIDDEN,
		NULL, "only admins read or change the mail settings");
}

int mail_settings_get(struct fc_ctx *ctx, struct mail_settings *out,
		      struct fc_error *err)
{
	int rc = admin_only(ctx, err);
	return rc ? rc : mail_settings_for_sending(ctx, out, err);
}

int mail_settings_present(struct fc_ctx *ctx, int *set, struct fc_error *err)
{
	int64_t n = 0;
	if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM mail_settings WHERE "
			 "org_id = ?", "i", ctx->org_id))
		return db_error(ctx->db, err);
	*set = n > 0;
	return 0;
}

int mail_settings_for_sending(struct fc_ctx *ctx, struct mail_settings *out,
			      struct fc_error *err)
{
	struct db_stmt *st;
	int rc;
	st = db_prepare(ctx->db, "SELECT host, port, security, username, "
			"password_box, from_address, from_name, base_url FROM "
			"mail_settings WHERE org_id = ?");
	if (!st)
		return db_error(ctx->db, err);
	db_bind_int(st, 1, ctx->org_id);
	memset(out, 0, sizeof(*out));
	if ((rc = db_step(st)) > 0) {
		snprintf(out->host, sizeof(out->host), "%s", db_col_text(st, 0));
		out->port = (int)db_col_int(st, 1);
		snprintf(out->security, sizeof(out->security), "%s",
			 db_col_text(st, 2));
		snprintf(out->username, sizeof(out->username), "%s",
			 db_col_text(st, 3));
		snprintf(out->password_box, sizeof(out->password_box), "%s",
			 db_col_text(st, 4));
		snprintf(out->from_address, sizeof(out->from_address), "%s",
			 db_col_text(st, 5));
		snprintf(out->from_name, sizeof(out->from_name), "%s",
			 db_col_text(st, 6));
		snprintf(out->base_url, sizeof(out->base_url), "%s",
			 db_col_text(st, 7));
	}
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (!rc)
		return fc_fail(err, FC_ENOTFOUND, NULL, "no mail server is set: "
			       "fulcrum mail settings --host HOST --from ADDRESS");
	return 0;
}

/* Applies IN to S, checking each field given. */
static int apply(json_t *in, struct mail_settings *s, struct fc_error *err)
{
	static const struct mail_ports smtp_ports = {
		.tls = 465, .starttls = 587, .none = 25 };
	int rc;
	if ((rc = mail_field_text(in, "host", s->host, MAIL_HOST_MAX, err)) < 0 ||
	    (rc = mail_field_text(in, "username", s->username, MAIL_USER_MAX,
				  err)) < 0 ||
	    (rc = mail_field_text(in, "from_address", s->from_address,
				  MAIL_ADDRESS_MAX, err)) < 0 ||
	    (rc = mail_field_text(in, "from_name", s->from_name, MAIL_NAME_MAX,
				  err)) < 0 ||
	    (rc = mail_field_text(in, "base_url", s->base_url,
				  MAIL_BASE_URL_MAX, err)) < 0 ||
	    (rc = mail_field_security(in, s->security, &s->port, "starttls",
				      &smtp_ports, err)) < 0)
		return rc;
	if ((rc = mail_check_host(s->host, "the SMTP server", err)) ||
	    (rc = mail_address_check(s->from_address, "from_address", err)))
		return rc;
	if (*s->base_url && strncmp(s->base_url, "https://", 8) &&
	    strncmp(s->base_url, "http://", 7))
		return fc_fail(err, FC_EINVAL, "base_url", "'base_url' must start "
			       "with https:// or http://");
	if (strchr(s->base_url, ' '))
		return fc_fail(err, FC_EINVAL, "base_url", "'base_url' must be a "
			       "URL without spaces");
	rc = mail_field_password(in, s->password_box, err);
	return rc < 0 ? rc : 0;
}

int mail_settings_set(struct fc_ctx *ctx, json_t *in, struct fc_error *err)
{
	struct mail_settings s;
	char now[21];
	int rc;
	if ((rc = admin_only(ctx, err)))
		return rc;
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "the mail settings must be an "
			       "object");
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	rc = mail_settings_get(ctx, &s, err);
	if (rc == FC_ENOTFOUND) {
		memset(&s, 0, sizeof(s));
		fc_error_clear(err);
		rc = 0;
	}
	if (!rc)
		rc = apply(in, &s, err);
	ctx_now_time(ctx, now);
	if (!rc && db_run(ctx->db, "INSERT INTO mail_settings (org_id, host, "
			  "port, security, username, password_box, from_address, "
			  "from_name, base_url, updated_at) VALUES (?, ?, ?, ?, ?, "
			  "?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET "
			  "host = excluded.host, port = excluded.port, security = "
			  "excluded.security, username = excluded.username, "
			  "password_box = excluded.password_box, from_address = "
			  "excluded.from_address, from_name = excluded.from_name, "
			  "base_url = excluded.base_url, updated_at = "
			  "excluded.updated_at", "isisssssss", ctx->org_id, s.host,
			  (int64_t)s.port, s.security, s.username, s.password_box,
			  s.from_address, s.from_name, s.base_url, now))
		rc = db_error(ctx->db, err);
	return ctx_tx_end(ctx, rc, err);
}

json_t *mail_settings_json(const struct mail_settings *s)
{
	return json_pack("{s:s, s:i, s:s, s:s, s:b, s:s, s:s, s:s}",
			 "host", s->host, "port", s->port, "security", s->security,
			 "username", s->username, "password_set",
			 *s->password_box != '\0', "from_address",
			 s->from_address, "from_name", s->from_name,
			 "base_url", s->base_url);
}
