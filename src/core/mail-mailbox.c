/* The organisation's BCC mailbox; see mail-mailbox.h. */
#include <stdio.h>
#include <string.h>

#include "core/mail-fields.h"
#include "core/mail-mailbox.h"
#include "util/banned.h"

static int admin_only(struct fc_ctx *ctx, struct fc_error *err)
{
	return ctx->user.role == ROLE_ADMIN ? 0 : fc_fail(err, FC_EFORBIDDEN,
		NULL, "only admins read or change the mailbox settings");
}

int mail_mailbox_load(struct db *db, int64_t org, struct mail_mailbox *out,
		      struct fc_error *err)
{
	struct db_stmt *st;
	int rc;
	st = db_prepare(db, "SELECT host, port, security, username, "
			"password_box, folder, after_logged, move_to FROM "
			"mail_mailbox WHERE org_id = ?");
	if (!st)
		return db_error(db, err);
	db_bind_int(st, 1, org);
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
		snprintf(out->folder, sizeof(out->folder), "%s",
			 db_col_text(st, 5));
		snprintf(out->after_logged, sizeof(out->after_logged), "%s",
			 db_col_text(st, 6));
		snprintf(out->move_to, sizeof(out->move_to), "%s",
			 db_col_text(st, 7));
	}
	db_done(st);
	if (rc < 0)
		return db_error(db, err);
	if (!rc)
		return fc_fail(err, FC_ENOTFOUND, NULL, "no mailbox is set: "
			       "fulcrum mail mailbox --host HOST --user NAME "
			       "--password-stdin");
	return 0;
}

int mail_mailbox_present(struct fc_ctx *ctx, int *set, struct fc_error *err)
{
	int64_t n = 0;
	if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM mail_mailbox WHERE "
			 "org_id = ?", "i", ctx->org_id))
		return db_error(ctx->db, err);
	*set = n > 0;
	return 0;
}

int mail_mailbox_get(struct fc_ctx *ctx, struct mail_mailbox *out,
		     struct fc_error *err)
{
	int rc = admin_only(ctx, err);
	return rc ? rc : mail_mailbox_load(ctx->db, ctx->org_id, out, err);
}

int mail_folder_check(const char *name, const char *field,
		      struct fc_error *err)
{
	if (!*name)
		return fc_fail(err, FC_EINVAL, field, "'%s' must name a folder",
			       field);
	/* the name goes into a quoted IMAP string and a URL: no quoting
	 * characters, no wildcards, and no modified UTF-7 */
	for (const char *p = name; *p; p++)
		if (*p < 0x20 || *p > 0x7e || strchr("\"\\%*", *p))
			return fc_fail(err, FC_EINVAL, field, "'%s' must be a "
				       "folder name of printable ASCII without "
				       "'\"', '\\', '%%' or '*'", field);
	return 0;
}

/* Applies IN to M, checking each field given. */
static int apply(json_t *in, struct mail_mailbox *m, struct fc_error *err)
{
	static const struct mail_ports imap_ports = {
		.tls = 993, .starttls = 143, .none = 143 };
	int rc;
	if ((rc = mail_field_text(in, "host", m->host, MAIL_HOST_MAX, err)) < 0 ||
	    (rc = mail_field_text(in, "username", m->username, MAIL_USER_MAX,
				  err)) < 0 ||
	    (rc = mail_field_text(in, "folder", m->folder, MAILBOX_FOLDER_MAX,
				  err)) < 0 ||
	    (rc = mail_field_text(in, "after_logged", m->after_logged,
				  sizeof(m->after_logged) - 1, err)) < 0 ||
	    (rc = mail_field_text(in, "move_to", m->move_to,
				  MAILBOX_FOLDER_MAX, err)) < 0 ||
	    (rc = mail_field_security(in, m->security, &m->port, "tls",
				      &imap_ports, err)) < 0)
		return rc;
	if (!*m->folder)
		snprintf(m->folder, sizeof(m->folder), "INBOX");
	if (!*m->after_logged)
		snprintf(m->after_logged, sizeof(m->after_logged), "seen");
	if ((rc = mail_check_host(m->host, "the IMAP server", err)) ||
	    (rc = mail_folder_check(m->folder, "folder", err)))
		return rc;
	if (!*m->username)
		return fc_fail(err, FC_EINVAL, "username", "'username' is "
			       "required: the login of the mailbox");
	if (!strcmp(m->after_logged, "move")) {
		if ((rc = mail_folder_check(m->move_to, "move_to", err)))
			return rc;
		if (!strcmp(m->move_to, m->folder))
			return fc_fail(err, FC_EINVAL, "move_to", "'move_to' must "
				       "be another folder than '%s'", m->folder);
	} else if (!strcmp(m->after_logged, "seen")) {
		m->move_to[0] = '\0';
	} else {
		return fc_fail(err, FC_EINVAL, "after_logged", "'after_logged' "
			       "must be seen or move, not '%s'", m->after_logged);
	}
	rc = mail_field_password(in, m->password_box, err);
	return rc < 0 ? rc : 0;
}

int mail_mailbox_set(struct fc_ctx *ctx, json_t *in, struct fc_error *err)
{
	struct mail_mailbox m;
	char now[21];
	int rc;
	if ((rc = admin_only(ctx, err)))
		return rc;
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "the mailbox settings must be "
			       "an object");
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	rc = mail_mailbox_get(ctx, &m, err);
	if (rc == FC_ENOTFOUND) {
		memset(&m, 0, sizeof(m));
		fc_error_clear(err);
		rc = 0;
	}
	if (!rc)
		rc = apply(in, &m, err);
	ctx_now_time(ctx, now);
	if (!rc && db_run(ctx->db, "INSERT INTO mail_mailbox (org_id, host, "
			  "port, security, username, password_box, folder, "
			  "after_logged, move_to, updated_at) VALUES (?, ?, ?, ?, "
			  "?, ?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET "
			  "host = excluded.host, port = excluded.port, security = "
			  "excluded.security, username = excluded.username, "
			  "password_box = excluded.password_box, folder = "
			  "excluded.folder, after_logged = excluded.after_logged, "
			  "move_to = excluded.move_to, updated_at = "
			  "excluded.updated_at", "isisssssss", ctx->org_id, m.host,
			  (int64_t)m.port, m.security, m.username, m.password_box,
			  m.folder, m.after_logged, m.move_to, now) < 0)
		rc = db_error(ctx->db, err);
	return ctx_tx_end(ctx, rc, err);
}

json_t *mail_mailbox_json(const struct mail_mailbox *m)
{
	return json_pack("{s:s, s:i, s:s, s:s, s:b, s:s, s:s, s:s}",
			 "host", m->host, "port", m->port, "security", m->security,
			 "username", m->username, "password_set",
			 *m->password_box != '\0', "folder", m->folder,
			 "after_logged", m->after_logged, "move_to", m->move_to);
}
