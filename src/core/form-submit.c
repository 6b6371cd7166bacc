/* A post to a lead form; see form.h. The post is checked whole before
 * anything is written; then one transaction picks the lead's owner, finds
 * or creates the contact (and its account) and records the submission. It
 * acts for nobody (the visitor has no user), with an admin's sight, so an
 * e-mail match is found whoever owns the contact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/duplicate.h"
#include "core/form.h"
#include "core/history.h"
#include "util/utf8.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* The posted text of FIELD, or NULL when absent or blank. */
static const char *value(json_t *values, const char *field)
{
	const char *s = json_string_value(json_object_get(values, field));
	return s && *s ? s : NULL;
}

/* Trims every value in place (people type spaces), drops the empty
 * honeypot and checks what was posted against the form: the honeypot first, then no field the form
 * lacks, only text, valid UTF-8, the message's bound, the required ones. */
static int post_check(const struct form_public *f, json_t *values,
		      struct fc_error *err)
{
	json_t *fields = json_object_get(f->form, "fields");
	json_t *required = json_object_get(f->form, "required");
	const char *key;
	json_t *v;
	size_t i;

	if (!json_is_object(values))
		return fc_fail(err, FC_EINVAL, NULL, "the post must be the form's "
			       "fields");
	v = json_object_get(values, FORM_HONEYPOT);
	if (v && !(json_is_string(v) && !*json_string_value(v)))
		return fc_refuse(err, "form-honeypot", "this post filled in the "
				 "field people do not see: it looks like a robot's, "
				 "so it is not taken");
	json_object_foreach(values, key, v) {
		int known = !strcmp(key, FORM_HONEYPOT);
		json_t *f2;
		json_array_foreach(fields, i, f2)
			if (!strcmp(json_string_value(f2), key))
				known = 1;
		if (!known)
			return fc_fail(err, FC_EINVAL, key, "this form has no field "
				       "'%.60s'", key);
		if (!json_is_string(v))
			return fc_fail(err, FC_EINVAL, key, "'%.60s' must be text",
				       key);
		const char *s = json_string_value(v);
		size_t n = json_string_length(v), start = 0;
		if (strlen(s) != n || !utf8_valid(s, n, NULL))
			return fc_fail(err, FC_EINVAL, key, "'%.60s' is not valid "
				       "UTF-8 text", key);
		while (start < n && strchr(" \t\r\n", s[start]))
			start++;
		while (n > start && strchr(" \t\r\n", s[n - 1]))
			n--;
		if (start || n != json_string_length(v)) {
			char *copy = xstrndup(s + start, n - start);
			json_string_set(v, copy);
			free(copy);
		}
	}
	if (value(values, "message") &&
	    strlen(value(values, "message")) > FORM_MESSAGE_MAX)
		return fc_fail(err, FC_EINVAL, "message", "the message is longer "
			       "than %d bytes", FORM_MESSAGE_MAX);
	json_array_foreach(required, i, v) {
		const char *name = json_string_value(v);
		const char *label = json_string_value(json_object_get(
			json_object_get(f->form, "labels"), name));
		if (!value(values, name))
			return fc_fail(err, FC_EINVAL, name, "'%s' is required",
				       label ? label : name);
	}
	if (!value(values, "name") && !value(values, "email"))
		return fc_fail(err, FC_EINVAL, NULL, "give your name or your "
			       "e-mail address");
	/* the empty honeypot says nothing worth keeping */
	json_object_del(values, FORM_HONEYPOT);
	return 0;
}

/* The lead's owner: the form's, or the next of its team in turn (the
 * form's row counts the turns, under its lock); when neither is an active
 * user any more, the first active admin, so no lead is lost. */
static int pick_owner(struct fc_ctx *ctx, int64_t form_id, int64_t *owner,
		      int64_t *process, struct fc_error *err)
{
	struct db_stmt *st;
	char team[128] = "";
	int64_t turn = 0, n = 0;
	int rc;

	*owner = 0;
	*process = 0;
	st = db_prepare(ctx->db, "UPDATE forms SET turn = turn + CASE WHEN team "
			"IS NULL THEN 0 ELSE 1 END WHERE org_id = ? AND id = ? "
			"RETURNING lead_owner_id, team, turn, process_id");
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, form_id);
	rc = db_step(st);
	if (rc > 0) {
		*owner = db_col_int(st, 0);
		if (db_col_text(st, 1))
			snprintf(team, sizeof(team), "%s", db_col_text(st, 1));
		turn = db_col_int(st, 2);
		*process = db_col_int(st, 3);
		rc = 0;
	} else if (rc == 0) {
		rc = db_set_error(ctx->db, FC_ENOTFOUND, "the form is gone");
	}
	db_done(st);
	if (rc)
		return db_error(ctx->db, err);
	if (team[0]) {
		if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM users WHERE "
				 "org_id = ? AND team = ? AND active = 1", "is",
				 ctx->org_id, team) < 0)
			return db_error(ctx->db, err);
		*owner = 0;
		if (n > 0 && db_query_int(ctx->db, owner, "SELECT id FROM users "
					  "WHERE org_id = ? AND team = ? AND "
					  "active = 1 ORDER BY id LIMIT 1 OFFSET ?",
					  "isi", ctx->org_id, team,
					  (turn - 1) % n) < 0)
			return db_error(ctx->db, err);
	} else if (*owner) {
		if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM users WHERE "
				 "org_id = ? AND id = ? AND active = 1", "ii",
				 ctx->org_id, *owner) < 0)
			return db_error(ctx->db, err);
		if (!n)
			*owner = 0;
	}
	if (!*owner && (rc = db_query_int(ctx->db, owner, "SELECT id FROM users "
					  "WHERE org_id = ? AND role = 'admin' AND "
					  "active = 1 ORDER BY id LIMIT 1", "i",
					  ctx->org_id)) < 0 && rc != FC_ENOTFOUND)
		return db_error(ctx->db, err);
	if (!*owner)
		return fc_fail(err, FC_ESTORE, NULL, "the organisation has no "
			       "active user to take the lead");
	return 0;
}

/* The first of CANDIDATES (duplicates_find_*) with evidence RULE, or 0. */
static int64_t first_with(json_t *candidates, const char *rule)
{
	size_t i, k;
	json_t *c, *ev;
	json_array_foreach(candidates, i, c)
		json_array_foreach(json_object_get(c, "evidence"), k, ev)
			if (!strcmp(json_string_value(json_object_get(ev, "rule")),
				    rule))
				return json_integer_value(json_object_get(c, "id"));
	return 0;
}

/* The contact with the posted e-mail (the duplicate rule "email"), or 0. */
static int find_by_email(struct fc_ctx *ctx, const char *email, int64_t *id,
			 struct fc_error *err)
{
	json_t *probe, *found = NULL;
	int rc;
	*id = 0;
	if (!email)
		return 0;
	probe = json_pack("{s:s}", "email", email);
	rc = duplicates_find_for_contact(ctx, 0, probe, &found, err);
	if (!rc)
		*id = first_with(found, "email");
	json_decref(probe);
	json_decref(found);
	return rc;
}

/* The account named COMPANY (the duplicate rule "name"), created for
 * OWNER as a prospect when there is none. */
static int company_account(struct fc_ctx *ctx, const char *company,
			   int64_t owner, int64_t *id, struct fc_error *err)
{
	json_t *probe = json_pack("{s:s}", "name", company), *found = NULL;
	int rc = duplicates_find_for_account(ctx, 0, probe, &found, err);
	json_decref(probe);
	if (!rc && !(*id = first_with(found, "name"))) {
		json_t *in = json_pack("{s:s, s:I, s:s, s:b}", "name", company,
				       "owner_id", (json_int_t)owner, "status",
				       "prospect", DUPLICATE_ALLOW_FIELD, 1);
		rc = record_create(ctx, &entity_account, in, NULL, id, err);
		json_decref(in);
	}
	json_decref(found);
	return rc;
}

/* What they need, as the engage list reads it: what they typed under
 * need, else their message when it fits, else that they asked. */
static void need_text(const struct form_public *f, json_t *values, char *out,
		      size_t n)
{
	const char *need = value(values, "need"), *msg = value(values, "message");
	if (need)
		snprintf(out, n, "%s", need);
	else if (msg && strlen(msg) < n)
		snprintf(out, n, "%s", msg);
	else
		snprintf(out, n, "asked through the web form '%s'",
			 json_string_value(json_object_get(f->form, "title")));
}

/* The values of the custom fields posted, as a record's "custom" object,
 * or NULL when none. */
static json_t *custom_values(json_t *values)
{
	json_t *custom = NULL, *v;
	const char *key;
	json_object_foreach(values, key, v) {
		if (strncmp(key, "custom.", 7) || !value(values, key))
			continue;
		if (!custom)
			custom = json_object();
		json_object_set(custom, key + 7, v);
	}
	return custom;
}

/* A contact for the lead. */
static int contact_create(struct fc_ctx *ctx, json_t *values, int64_t owner, int64_t account,
			  const char *need, int64_t *id, struct fc_error *err)
{
	char today[11];
	const char *name = value(values, "name");
	json_t *in, *custom = custom_values(values);
	int rc;

	ctx_today(ctx, today);
	in = json_pack("{s:s, s:I, s:s, s:s, s:s, s:b}", "name",
		       name ? name : value(values, "email"), "owner_id",
		       (json_int_t)owner, "source", "web", "need", need,
		       "timing_from", today, DUPLICATE_ALLOW_FIELD, 1);
	if (value(values, "email"))
		json_object_set(in, "email", json_object_get(values, "email"));
	if (value(values, "phone"))
		json_object_set(in, "phone", json_object_get(values, "phone"));
	if (account)
		json_object_set_new(in, "account_id", json_integer(account));
	if (custom)
		json_object_set_new(in, "custom", custom);
	rc = record_create(ctx, &entity_contact, in, NULL, id, err);
	json_decref(in);
	return rc;
}

/* The contact ID they already are: what they asked for now is their need
 * and the timing is right from today (an earlier window that has closed
 * closes no more); a phone or an account it lacks is added; the rest (its
 * name, owner, source) stays as it was. */
static int contact_update(struct fc_ctx *ctx, int64_t id, json_t *values,
			  const char *company, int64_t owner, const char *need,
			  struct fc_error *err)
{
	json_t *before = NULL, *patch, *custom = custom_values(values);
	const char *from, *to;
	char today[11];
	int64_t account = 0;
	int rc;

	if ((rc = record_get(ctx, &entity_contact, id, &before, err)))
		return rc;
	ctx_today(ctx, today);
	patch = json_pack("{s:s, s:b}", "need", need, DUPLICATE_ALLOW_FIELD, 1);
	from = json_string_value(json_object_get(before, "timing_from"));
	to = json_string_value(json_object_get(before, "timing_to"));
	if (!from || strcmp(from, today) > 0)
		json_object_set_new(patch, "timing_from", json_string(today));
	if (to && strcmp(to, today) < 0)
		json_object_set_new(patch, "timing_to", json_null());
	if (value(values, "phone") &&
	    !json_string_value(json_object_get(before, "phone")))
		json_object_set(patch, "phone", json_object_get(values, "phone"));
	if (company && !json_integer_value(json_object_get(before, "account_id"))) {
		if ((rc = company_account(ctx, company, owner, &account, err)))
			goto out;
		json_object_set_new(patch, "account_id", json_integer(account));
	}
	if (custom)
		json_object_set_new(patch, "custom", custom);
	rc = record_update(ctx, &entity_contact, id, patch, NULL, 0, err);
out:
	json_decref(before);
	json_decref(patch);
	return rc;
}

int form_submit(struct db *db, const struct form_public *f,
		const struct form_post *p, int64_t now, int64_t *contact_id,
		struct fc_error *err)
{
	struct fc_ctx ctx;
	int64_t owner = 0, process = 0, account = 0, id = 0;
	const char *company;
	char need[2001];
	int rc, created = 0;

	*contact_id = 0;
	if (p->size > FORM_BODY_MAX)
		return fc_fail(err, FC_ELIMIT, NULL, "the post is larger than %d "
			       "bytes", FORM_BODY_MAX);
	if ((rc = post_check(f, p->values, err)))
		return rc;
	company = value(p->values, "company");
	if (company && strlen(company) > 200)
		return fc_fail(err, FC_EINVAL, "company", "the company's name is "
			       "longer than 200 bytes");
	need_text(f, p->values, need, sizeof(need));

	ctx_init(&ctx, db);
	ctx.org_id = f->org_id;
	ctx.now = now;
	ctx.user.role = ROLE_ADMIN;	/* sight, not an actor: user.id is 0 */
	snprintf(ctx.user.name, sizeof(ctx.user.name), "web form");
	if (db_begin(db, 1))
		return db_error(db, err);
	if ((rc = pick_owner(&ctx, f->id, &owner, &process, err)) ||
	    (rc = find_by_email(&ctx, value(p->values, "email"), &id, err)))
		goto out;
	if (id) {
		rc = contact_update(&ctx, id, p->values, company, owner, need, err);
	} else {
		if (company && (rc = company_account(&ctx, company, owner,
						     &account, err)))
			goto out;
		rc = contact_create(&ctx, p->values, owner, account, need, &id,
				    err);
		created = 1;
	}
	if (rc)
		goto out;
	json_t *data = json_pack("{s:I, s:s, s:s, s:s?, s:O, s:b}", "form_id",
		(json_int_t)f->id, "form_key",
		json_string_value(json_object_get(f->form, "key")), "title",
		json_string_value(json_object_get(f->form, "title")), "origin",
		p->origin, "values", p->values, "new_contact", created);
	if (process)
		json_object_set_new(data, "process_id", json_integer(process));
	json_object_set_new(data, "owner_id", json_integer(owner));
	char reason[300];
	snprintf(reason, sizeof(reason), "web form '%.200s'%s%.80s",
		 json_string_value(json_object_get(f->form, "title")),
		 p->origin ? " from " : "", p->origin ? p->origin : "");
	struct history_event ev = { .entity = "contact", .entity_id = id,
				    .action = "form_submission",
				    .reason = reason, .data = data };
	rc = history_record(&ctx, &ev, err);
	json_decref(data);
	if (!rc)
		*contact_id = id;
out:
	return ctx_tx_end(&ctx, rc, err);
}
