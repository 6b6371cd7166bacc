/* Mail templates and their merge fields; see mail-template.h. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mail-template.h"
#include "io/mail-message.h"
#include "util/date.h"
#include "util/utf8.h"
#include "util/banned.h"

#define FIELD_NAME_MAX 32

/* One merge field: its name, where its value sits in struct mail_merge,
 * and what to do when the message has none. */
static const struct merge_field {
	const char *name;
	size_t offset;
	const char *missing;
} merge_fields[] = {
	{ "first_name", offsetof(struct mail_merge, first_name),
	  "the message has no contact" },
	{ "name", offsetof(struct mail_merge, name),
	  "the message has no contact" },
	{ "account", offsetof(struct mail_merge, account),
	  "the contact has no account" },
	{ "deal", offsetof(struct mail_merge, deal),
	  "the message is not sent from a deal: send it from the deal" },
	{ "wants", offsetof(struct mail_merge, wants),
	  "the message is not sent from a deal: send it from the deal" },
	{ "next_step", offsetof(struct mail_merge, next_step),
	  "there is no next step: propose one with the message" },
	{ "next_step_due", offsetof(struct mail_merge, next_step_due),
	  "there is no next step: propose one with the message" },
	{ "sender", offsetof(struct mail_merge, sender),
	  "the message has no sender" },
};
#define NFIELDS (sizeof(merge_fields) / sizeof(merge_fields[0]))

const char mail_merge_field_list[] = "first_name, name, account, deal, "
	"wants, next_step, next_step_due, sender";

static const struct merge_field *field_find(const char *name)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (!strcmp(merge_fields[i].name, name))
			return &merge_fields[i];
	return NULL;
}

/* Reads the merge field that starts at P ("{{"): its name into NAME and
 * the text after its "}}" into *END. FC_EINVAL naming FIELD when it is not
 * closed or its name is not a word. */
static int field_read(const char *p, char name[FIELD_NAME_MAX + 1],
		      const char **end, const char *field, struct fc_error *err)
{
	const char *q = p + 2, *close = strstr(q, "}}");
	size_t n;
	if (!close || memchr(q, '\n', (size_t)(close - q)))
		return fc_fail(err, FC_EINVAL, field, "the %s has a merge field "
			       "that is not closed: '%.20s' needs its '}}'",
			       field, p);
	while (q < close && *q == ' ')
		q++;
	n = 0;
	while (q + n < close && (isalnum((unsigned char)q[n]) || q[n] == '_'))
		n++;
	const char *rest = q + n;
	while (rest < close && *rest == ' ')
		rest++;
	if (!n || rest != close || n > FIELD_NAME_MAX)
		return fc_fail(err, FC_EINVAL, field, "the %s has '%.40s', which is "
			       "not a merge field; the fields are %s", field, p,
			       mail_merge_field_list);
	memcpy(name, q, n);
	name[n] = '\0';
	*end = close + 2;
	return 0;
}

int mail_template_check(const char *text, const char *field,
			struct fc_error *err)
{
	char name[FIELD_NAME_MAX + 1];
	const char *p = text;
	int rc;
	while ((p = strstr(p, "{{"))) {
		if ((rc = field_read(p, name, &p, field, err)))
			return rc;
		if (!field_find(name))
			return fc_fail(err, FC_EINVAL, field, "the %s names the "
				       "merge field {{%s}}, which Fulcrum does not "
				       "know; the fields are %s", field, name,
				       mail_merge_field_list);
	}
	return 0;
}

/* VALUE into OUT; ONE_LINE puts "; " for its line breaks. */
static void value_add(struct buf *out, const char *value, int one_line)
{
	if (!one_line) {
		buf_adds(out, value);
		return;
	}
	for (const char *p = value; *p; p++) {
		if (*p == '\n') {
			if (p[1])
				buf_adds(out, "; ");
		} else if (*p != '\r') {
			buf_addch(out, *p);
		}
	}
}

int mail_template_render(const char *text, const struct mail_merge *m,
			 int one_line, struct buf *out, struct fc_error *err)
{
	char name[FIELD_NAME_MAX + 1];
	const char *p = text, *at;
	int rc;
	while ((at = strstr(p, "{{"))) {
		buf_add(out, p, (size_t)(at - p));
		if ((rc = field_read(at, name, &p, one_line ? "subject" : "body",
				     err)))
			return rc;
		const struct merge_field *f = field_find(name);
		if (!f)
			return fc_fail(err, FC_EINVAL, one_line ? "subject" : "body",
				       "{{%s}} is not a merge field; the fields "
				       "are %s", name, mail_merge_field_list);
		const char *value = *(const char *const *)
			((const char *)m + f->offset);
		if (!value)
			return fc_fail(err, FC_EINVAL, f->name, "the template uses "
				       "{{%s}}, but %s", f->name, f->missing);
		value_add(out, value, one_line);
	}
	buf_adds(out, p);
	if (out->overflow)
		return fc_fail(err, FC_ELIMIT, one_line ? "subject" : "body",
			       "the rendered %s is too long",
			       one_line ? "subject" : "body");
	return 0;
}

/* --- the stored templates ------------------------------------------- */

static int managers_only(struct fc_ctx *ctx, struct fc_error *err)
{
	return ctx->user.role >= ROLE_MANAGER ? 0 : fc_fail(err, FC_EFORBIDDEN,
		NULL, "only admins and managers add, change or remove mail "
		"templates");
}

/* Field NAME of IN as text of at most MAX bytes of UTF-8: *OUT NULL when
 * left out. ONE_LINE refuses line breaks. */
static int text_field(json_t *in, const char *name, size_t max, int one_line,
		      const char **out, struct fc_error *err)
{
	json_t *v = json_object_get(in, name);
	const char *s;
	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_string(v))
		return fc_fail(err, FC_EINVAL, name, "'%s' must be text", name);
	s = json_string_value(v);
	if (strlen(s) > max)
		return fc_fail(err, FC_ELIMIT, name, "'%s' is at most %zu bytes",
			       name, max);
	if (!utf8_valid(s, strlen(s), NULL))
		return fc_fail(err, FC_EINVAL, name, "'%s' must be UTF-8 text", name);
	if (one_line && strpbrk(s, "\r\n"))
		return fc_fail(err, FC_EINVAL, name, "'%s' must be one line", name);
	const char *t = s;
	while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
		t++;
	if (!*t)
		return fc_fail(err, FC_EINVAL, name, "'%s' cannot be empty", name);
	*out = s;
	return 0;
}

/* The name, subject and body of IN, each checked; REQUIRED: all three. */
static int template_fields(json_t *in, int required, const char **name,
			   const char **subject, const char **body,
			   struct fc_error *err)
{
	const char *k;
	json_t *v;
	int rc;
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "a template must be a JSON "
			       "object");
	json_object_foreach(in, k, v)
		if (strcmp(k, "name") && strcmp(k, "subject") && strcmp(k, "body"))
			return fc_fail(err, FC_EINVAL, k, "a template has a name, a "
				       "subject and a body, not '%.40s'", k);
	if ((rc = text_field(in, "name", MAIL_TEMPLATE_NAME_MAX, 1, name, err)) ||
	    (rc = text_field(in, "subject", MAIL_SUBJECT_MAX, 1, subject, err)) ||
	    (rc = text_field(in, "body", MAIL_TEMPLATE_BODY_MAX, 0, body, err)))
		return rc;
	if (required) {
		if (!*name)
			return fc_fail(err, FC_EINVAL, "name", "'name' is required");
		if (!*subject)
			return fc_fail(err, FC_EINVAL, "subject", "'subject' is "
				       "required");
		if (!*body)
			return fc_fail(err, FC_EINVAL, "body", "'body' is required");
	}
	if (*name && strspn(*name, "0123456789") == strlen(*name))
		return fc_fail(err, FC_EINVAL, "name", "a template's name cannot be "
			       "a number (numbers are ids)");
	if ((*subject && (rc = mail_template_check(*subject, "subject", err))) ||
	    (*body && (rc = mail_template_check(*body, "body", err))))
		return rc;
	return 0;
}

/* Finds template KEY (an id or a name): *ID, and its name into NAME. */
static int template_find(struct fc_ctx *ctx, const char *key, int64_t *id,
			 struct fc_error *err)
{
	struct db_stmt *st;
	int by_id = *key && strspn(key, "0123456789") == strlen(key) &&
		strlen(key) < 19;
	int rc;
	if (!*key)
		return fc_fail(err, FC_EINVAL, "template", "name the template");
	st = db_prepare(ctx->db, by_id ? "SELECT id FROM mail_templates WHERE "
			"org_id = ? AND id = ?" : "SELECT id FROM mail_templates "
			"WHERE org_id = ? AND name = ?");
	if (!st)
		return db_error(ctx->db, err);
	if (by_id)
		db_bindf(st, "ii", ctx->org_id, (int64_t)strtoll(key, NULL, 10));
	else
		db_bindf(st, "is", ctx->org_id, key);
	rc = db_step(st);
	if (rc > 0)
		*id = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (!rc)
		return fc_fail(err, FC_ENOTFOUND, "template", "there is no mail "
			       "template '%.100s'", key);
	return 0;
}

/* Whether another template than SELF holds NAME. */
static int name_taken(struct fc_ctx *ctx, const char *name, int64_t self,
		      struct fc_error *err)
{
	int64_t n = 0;
	if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM mail_templates WHERE "
			 "org_id = ? AND name = ? AND id <> ?", "isi",
			 ctx->org_id, name, self))
		return db_error(ctx->db, err);
	return n ? fc_fail(err, FC_ECONFLICT, "name", "a mail template named "
			   "'%s' already exists", name) : 0;
}

int mail_template_add(struct fc_ctx *ctx, json_t *in, int64_t *id,
		      struct fc_error *err)
{
	const char *name, *subject, *body;
	char now[TIME_LEN];
	int64_t have = 0;
	int rc;
	if ((rc = managers_only(ctx, err)) ||
	    (rc = template_fields(in, 1, &name, &subject, &body, err)))
		return rc;
	ctx_now_time(ctx, now);
	if (db_begin(ctx->db, 1))
		return db_error(ctx->db, err);
	if (db_query_int(ctx->db, &have, "SELECT COUNT(*) FROM mail_templates "
			 "WHERE org_id = ?", "i", ctx->org_id))
		return ctx_tx_end(ctx, db_error(ctx->db, err), err);
	if (have >= MAIL_TEMPLATE_MAX)
		return ctx_tx_end(ctx, fc_fail(err, FC_ELIMIT, NULL, "an "
				  "organisation has at most %d mail templates",
				  MAIL_TEMPLATE_MAX), err);
	if ((rc = name_taken(ctx, name, 0, err)))
		return ctx_tx_end(ctx, rc, err);
	struct db_stmt *st = db_prepare(ctx->db, "INSERT INTO mail_templates "
		"(org_id, name, subject, body, created_by, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return ctx_tx_end(ctx, db_error(ctx->db, err), err);
	db_bindf(st, "isssiss", ctx->org_id, name, subject, body, ctx->user.id,
		 now, now);
	if ((rc = db_step(st)) > 0) {
		*id = db_col_int(st, 0);
		rc = 0;
	} else {
		rc = db_error(ctx->db, err);
	}
	db_done(st);
	return ctx_tx_end(ctx, rc, err);
}

#define TEMPLATE_SQL "SELECT id, name, subject, body, updated_at FROM " \
	"mail_templates WHERE org_id = ?"

static json_t *template_row(struct db_stmt *st)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s}",
			 "id", (json_int_t)db_col_int(st, 0),
			 "name", db_col_text(st, 1), "subject", db_col_text(st, 2),
			 "body", db_col_text(st, 3), "updated_at",
			 db_col_text(st, 4));
}

int mail_template_list(struct fc_ctx *ctx, json_t **out, struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, TEMPLATE_SQL " ORDER BY name");
	json_t *items = json_array();
	int rc;
	if (!st) {
		json_decref(items);
		return db_error(ctx->db, err);
	}
	db_bind_int(st, 1, ctx->org_id);
	while ((rc = db_step(st)) > 0)
		json_array_append_new(items, template_row(st));
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return db_error(ctx->db, err);
	}
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

int mail_template_get(struct fc_ctx *ctx, const char *key, json_t **out,
		      struct fc_error *err)
{
	struct db_stmt *st;
	int64_t id;
	int rc;
	if ((rc = template_find(ctx, key, &id, err)))
		return rc;
	if (!(st = db_prepare(ctx->db, TEMPLATE_SQL " AND id = ?")))
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, id);
	rc = db_step(st);
	if (rc > 0)
		*out = template_row(st);
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (!rc)
		return fc_fail(err, FC_ENOTFOUND, "template", "there is no mail "
			       "template '%.100s'", key);
	return 0;
}

int mail_template_edit(struct fc_ctx *ctx, const char *key, json_t *in,
		       struct fc_error *err)
{
	const char *name, *subject, *body;
	char now[TIME_LEN];
	int64_t id;
	int rc;
	if ((rc = managers_only(ctx, err)) ||
	    (rc = template_fields(in, 0, &name, &subject, &body, err)))
		return rc;
	if (!name && !subject && !body)
		return fc_fail(err, FC_EINVAL, NULL, "give what changes: name, "
			       "subject or body");
	ctx_now_time(ctx, now);
	if (db_begin(ctx->db, 1))
		return db_error(ctx->db, err);
	if ((rc = template_find(ctx, key, &id, err)) ||
	    (name && (rc = name_taken(ctx, name, id, err))))
		return ctx_tx_end(ctx, rc, err);
	if (db_run(ctx->db, "UPDATE mail_templates SET name = COALESCE(?, name), "
		   "subject = COALESCE(?, subject), body = COALESCE(?, body), "
		   "updated_at = ?, version = version + 1 WHERE org_id = ? AND "
		   "id = ?", "ssssii", name, subject, body, now, ctx->org_id,
		   id) < 0)
		rc = db_error(ctx->db, err);
	return ctx_tx_end(ctx, rc, err);
}

int mail_template_remove(struct fc_ctx *ctx, const char *key,
			 struct fc_error *err)
{
	int64_t id;
	int rc;
	if ((rc = managers_only(ctx, err)))
		return rc;
	if (db_begin(ctx->db, 1))
		return db_error(ctx->db, err);
	if (!(rc = template_find(ctx, key, &id, err)) &&
	    db_run(ctx->db, "DELETE FROM mail_templates WHERE org_id = ? AND "
		   "id = ?", "ii", ctx->org_id, id) < 0)
		rc = db_error(ctx->db, err);
	return ctx_tx_end(ctx, rc, err);
}
