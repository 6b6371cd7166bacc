/* Sending from a deal or a contact; see mail-compose.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deal-internal.h"
#include "core/interaction.h"
#include "core/mail-compose.h"
#include "core/mail-send.h"
#include "core/mail-settings.h"
#include "core/mail-template.h"
#include "core/record.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* A message being composed: who it goes to and the merge fields' values.
 * VALUES owns every string the merge points into. */
struct compose {
	int64_t deal_id, contact_id;
	json_t *values;
	struct mail_merge merge;
	const char *to, *to_name;
};

static const char *keep(struct compose *c, const char *key, const char *v)
{
	if (!v)
		return NULL;
	json_object_set_new(c->values, key, json_string(v));
	return json_string_value(json_object_get(c->values, key));
}

static int64_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* The contact's name, e-mail and account; FC_EINVAL when it is missing. */
static int load_contact(struct fc_ctx *ctx, struct compose *c,
			int64_t *account_id, struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT name, email, account_id "
					"FROM contacts WHERE org_id = ? AND id = ?");
	int rc;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, c->contact_id);
	if ((rc = db_step(st)) > 0) {
		const char *name = db_col_text(st, 0);
		char first[256];
		size_t n;
		if (!name)
			name = "";
		n = strcspn(name, " \t");
		if (n >= sizeof(first))
			n = sizeof(first) - 1;
		memcpy(first, name, n);
		first[n] = '\0';
		c->merge.name = keep(c, "name", name);
		c->merge.first_name = keep(c, "first_name", first);
		c->to = keep(c, "contact_email", db_col_text(st, 1));
		if (!*account_id && !db_col_is_null(st, 2))
			*account_id = db_col_int(st, 2);
	}
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (!rc)
		return fc_fail(err, FC_EINVAL, "contact_id", "contact %" PRId64
			       " does not exist", c->contact_id);
	return 0;
}

/* The account's name into the merge (none: it stays NULL). */
static int load_account(struct fc_ctx *ctx, struct compose *c, int64_t id,
			struct fc_error *err)
{
	struct db_stmt *st;
	int rc;
	if (!id)
		return 0;
	if (!(st = db_prepare(ctx->db, "SELECT name FROM accounts WHERE org_id = "
			      "? AND id = ?")))
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, id);
	if ((rc = db_step(st)) > 0)
		c->merge.account = keep(c, "account", db_col_text(st, 0));
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* The deal's wants, most important first, one "- " line each. */
static int load_wants(struct fc_ctx *ctx, struct compose *c,
		      struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT text FROM wants WHERE "
					"org_id = ? AND deal_id = ? ORDER BY "
					"importance DESC, id");
	struct buf b;
	int rc;
	if (!st)
		return db_error(ctx->db, err);
	buf_init(&b, MAIL_COMPOSE_BODY_MAX);
	db_bindf(st, "ii", ctx->org_id, c->deal_id);
	while ((rc = db_step(st)) > 0)
		buf_addf(&b, "- %s\n", db_col_text(st, 0));
	db_done(st);
	if (rc == 0)
		c->merge.wants = keep(c, "wants", b.s);
	buf_release(&b);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* The next step the message speaks of: the one it proposes (NEXT), else
 * the open one of the deal (or of the contact, without a deal). */
static int load_next_step(struct fc_ctx *ctx, struct compose *c, json_t *next,
			  struct fc_error *err)
{
	struct db_stmt *st;
	int rc;
	if (json_is_object(next)) {
		const char *what = json_string_value(json_object_get(next, "what"));
		const char *due = json_string_value(json_object_get(next, "due"));
		if (what && due) {
			c->merge.next_step = keep(c, "next_step", what);
			c->merge.next_step_due = keep(c, "next_step_due", due);
		}
		return 0;
	}
	if (c->deal_id) {
		st = db_prepare(ctx->db, "SELECT what, due FROM next_steps WHERE "
				"org_id = ? AND deal_id = ? AND status = 'open' "
				"ORDER BY id DESC");
		if (st)
			db_bindf(st, "ii", ctx->org_id, c->deal_id);
	} else {
		st = db_prepare(ctx->db, "SELECT what, due FROM next_steps WHERE "
				"org_id = ? AND contact_id = ? AND deal_id IS NULL "
				"AND status = 'open' ORDER BY id DESC");
		if (st)
			db_bindf(st, "ii", ctx->org_id, c->contact_id);
	}
	if (!st)
		return db_error(ctx->db, err);
	if ((rc = db_step(st)) > 0) {
		c->merge.next_step = keep(c, "next_step", db_col_text(st, 0));
		c->merge.next_step_due = keep(c, "next_step_due", db_col_text(st, 1));
	}
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* Whether contact ID may be written to from deal D: its own contact or
 * one of its stakeholders. */
static int deal_person(struct fc_ctx *ctx, const struct deal_state *d,
		       int64_t id, struct fc_error *err)
{
	int64_t n = 0;
	if (id == d->contact_id)
		return 0;
	if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM stakeholders WHERE "
			 "org_id = ? AND deal_id = ? AND contact_id = ?", "iii",
			 ctx->org_id, d->id, id))
		return db_error(ctx->db, err);
	return n ? 0 : fc_fail(err, FC_EINVAL, "contact_id", "contact %" PRId64
			       " is not a stakeholder of deal %" PRId64, id, d->id);
}

/* Loads what IN names (WRITE: the caller must be able to change it). */
static int compose_load(struct fc_ctx *ctx, json_t *in, int write,
			struct compose *c, struct fc_error *err)
{
	int64_t account_id = 0;
	int rc;
	c->deal_id = jint(in, "deal_id");
	c->contact_id = jint(in, "contact_id");
	c->values = json_object();
	c->merge.sender = keep(c, "sender", *ctx->user.name ? ctx->user.name :
			       ctx->user.email);
	if (!c->deal_id && !c->contact_id)
		return fc_fail(err, FC_EINVAL, "deal_id", "a message is sent from a "
			       "deal or a contact: give deal_id or contact_id");
	if (c->deal_id) {
		struct deal_state d;
		memset(&d, 0, sizeof(d));
		rc = deal_state_load(ctx, c->deal_id, write, &d, err);
		if (rc == FC_ENOTFOUND && err)
			snprintf(err->field, sizeof(err->field), "deal_id");
		if (!rc) {
			if (c->contact_id)
				rc = deal_person(ctx, &d, c->contact_id, err);
			else
				c->contact_id = d.contact_id;
			account_id = d.account_id;
			c->merge.deal = keep(c, "deal", d.title);
		}
		deal_state_release(&d);
		if (rc || (rc = load_wants(ctx, c, err)))
			return rc;
	} else if ((rc = record_check_access(ctx, &entity_contact, c->contact_id,
					     write, err))) {
		if (rc == FC_ENOTFOUND && err)
			snprintf(err->field, sizeof(err->field), "contact_id");
		return rc;
	}
	if ((rc = load_contact(ctx, c, &account_id, err)) ||
	    (rc = load_account(ctx, c, account_id, err)) ||
	    (rc = load_next_step(ctx, c, json_object_get(in, "next_step"), err)))
		return rc;
	c->to_name = c->merge.name;
	return 0;
}

/* Field NAME of IN as text, or NULL; FC_EINVAL when it is not text. */
static int opt_text(json_t *in, const char *name, const char **out,
		    struct fc_error *err)
{
	json_t *v = json_object_get(in, name);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return fc_fail(err, FC_EINVAL, name, "'%s' must be text", name);
	*out = json_string_value(v);
	return 0;
}

/* The rendered message into *OUT: to, to_name, subject, body, deal_id,
 * contact_id. */
static int compose_render(struct fc_ctx *ctx, json_t *in, struct compose *c,
			  json_t **out, struct fc_error *err)
{
	const char *to, *tname, *subject, *body;
	json_t *tpl = NULL;
	struct buf s, b;
	int rc;
	*out = NULL;
	if ((rc = opt_text(in, "to", &to, err)) ||
	    (rc = opt_text(in, "template", &tname, err)) ||
	    (rc = opt_text(in, "subject", &subject, err)) ||
	    (rc = opt_text(in, "body", &body, err)))
		return rc;
	if (tname && *tname) {
		if ((rc = mail_template_get(ctx, tname, &tpl, err)))
			return rc;
		if (!subject || !*subject)
			subject = json_string_value(json_object_get(tpl, "subject"));
		if (!body || !*body)
			body = json_string_value(json_object_get(tpl, "body"));
	}
	if (to && *to) {
		c->to = to;
		c->to_name = NULL;
	}
	if (!c->to || !*c->to)
		rc = fc_fail(err, FC_EINVAL, "to", "contact %" PRId64 " has no "
			     "e-mail address: give the address to send to",
			     c->contact_id);
	else if (!subject || !*subject)
		rc = fc_fail(err, FC_EINVAL, "subject", "the message needs a "
			     "subject: give one, or a template");
	else if (!body || !*body)
		rc = fc_fail(err, FC_EINVAL, "body", "the message needs a body: "
			     "give one, or a template");
	if (rc || (rc = mail_address_check(c->to, "to", err))) {
		json_decref(tpl);
		return rc;
	}
	buf_init(&s, MAIL_SUBJECT_MAX);
	buf_init(&b, MAIL_COMPOSE_BODY_MAX);
	if (!(rc = mail_template_render(subject, &c->merge, 1, &s, err)) &&
	    !(rc = mail_template_render(body, &c->merge, 0, &b, err)))
		*out = json_pack("{s:s, s:s?, s:s, s:s, s:o, s:I}", "to", c->to,
				 "to_name", c->to_name, "subject", s.s, "body", b.s,
				 "deal_id", c->deal_id ? json_integer(c->deal_id) :
				 json_null(), "contact_id", (json_int_t)c->contact_id);
	if (!rc && !*out)
		rc = fc_fail(err, FC_EINVAL, "body", "the message must be UTF-8 text");
	if (rc == FC_ELIMIT)
		rc = fc_fail(err, FC_ELIMIT, err ? err->field : NULL, "a message "
			     "sent from a deal has a subject of at most %d bytes "
			     "and a body of at most %d bytes, so that its "
			     "interaction holds it whole", (int)MAIL_SUBJECT_MAX,
			     MAIL_COMPOSE_BODY_MAX);
	buf_release(&s);
	buf_release(&b);
	json_decref(tpl);
	return rc;
}

/* A deal, contact or template the message names but the caller cannot
 * see is bad input naming its field (as interaction_log does), not a
 * missing resource; no mail server set is a state that forbids sending. */
static int named_not_found(int rc, struct fc_error *err)
{
	if (rc != FC_ENOTFOUND)
		return rc;
	if (err && !*err->field) {
		err->code = FC_ECONFLICT;
		return FC_ECONFLICT;
	}
	if (err)
		err->code = FC_EINVAL;
	return FC_EINVAL;
}

int mail_compose_preview(struct fc_ctx *ctx, json_t *in, json_t **out,
			 struct fc_error *err)
{
	struct compose c = { 0 };
	int rc;
	*out = NULL;
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "a message must be a JSON "
			       "object");
	if (db_begin(ctx->db, 0))
		return db_error(ctx->db, err);
	if (!(rc = compose_load(ctx, in, 0, &c, err)))
		rc = compose_render(ctx, in, &c, out, err);
	json_decref(c.values);
	rc = ctx_tx_end(ctx, named_not_found(rc, err), err);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* The interaction that records message MSG (rendered) with the next step
 * IN proposes. */
static json_t *interaction_of(json_t *in, json_t *msg)
{
	const char *to = json_string_value(json_object_get(msg, "to"));
	const char *name = json_string_value(json_object_get(msg, "to_name"));
	json_t *next = json_object_get(in, "next_step");
	json_t *agreement = json_object_get(in, "agreement");
	const char *text = json_string_value(json_object_get(msg, "body"));
	char *notes = name ? xasprintf("To: %s <%s>\n\n%s", name, to, text)
			   : xasprintf("To: %s\n\n%s", to, text);
	json_t *i;
	i = json_pack("{s:s, s:O, s:s, s:s}", "kind", "email", "contact_id",
		      json_object_get(msg, "contact_id"), "purpose",
		      json_string_value(json_object_get(msg, "subject")),
		      "notes", notes);
	free(notes);
	if (json_integer_value(json_object_get(msg, "deal_id")))
		json_object_set(i, "deal_id", json_object_get(msg, "deal_id"));
	if (next && !json_is_null(next)) {
		json_object_set_new(i, "agreement", json_true());
		json_object_set(i, "next_step", next);
	} else if (agreement) {
		json_object_set(i, "agreement", agreement);
	}
	return i;
}

int mail_compose_send(struct fc_ctx *ctx, json_t *in, json_t **out,
		      struct fc_error *err)
{
	struct compose c = { 0 };
	struct mail_settings s;
	json_t *msg = NULL, *log = NULL;
	int64_t iid = 0;
	int rc;
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "a message must be a JSON "
			       "object");
	/* one transaction: a message the server refuses logs nothing */
	if (db_begin(ctx->db, 1))
		return db_error(ctx->db, err);
	if ((rc = compose_load(ctx, in, 1, &c, err)) ||
	    (rc = compose_render(ctx, in, &c, &msg, err)) ||
	    (rc = mail_settings_for_sending(ctx, &s, err)))
		goto out;
	log = interaction_of(in, msg);
	if ((rc = interaction_log(ctx, log, &iid, err)))
		goto out;
	if ((rc = mail_send(&s, json_string_value(json_object_get(msg, "to")),
			    json_string_value(json_object_get(msg, "to_name")),
			    json_string_value(json_object_get(msg, "subject")),
			    json_string_value(json_object_get(msg, "body")),
			    ctx->now, err)))
		goto out;
	json_object_set_new(msg, "interaction_id", json_integer(iid));
out:
	json_decref(c.values);
	json_decref(log);
	rc = ctx_tx_end(ctx, named_not_found(rc, err), err);
	if (rc)
		json_decref(msg);
	else
		*out = msg;
	return rc;
}
