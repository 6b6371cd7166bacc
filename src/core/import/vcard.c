/* vCard import of contacts: each card is one row of the CSV importer's
 * rules (a card is the contact imported from a card with its UID, else the
 * contact with its e-mail; a likely duplicate is rejected with the
 * evidence; ORG matched to an account by name or created; each card in its
 * own savepoint, batches that commit whole). Cards the parser cannot read
 * are rejected with their line and reason. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/import/internal.h"
#include "core/record.h"
#include "io/csv-reader.h"
#include "io/value-parse.h"
#include "io/vcard.h"
#include "util/buf.h"
#include "util/banned.h"

/* The longest UID kept (contacts' vcard_uid, core/entities.c). */
#define VCARD_UID_MAX 1000

struct vimp {
	struct fc_ctx *ctx;
	const struct import_options *o;
	struct import_summary *s;
	struct fc_error *err;
	int in_tx, batch_rows, fatal;
	struct buf rej;
};

static void vreject(struct vimp *v, unsigned long line, const char *name,
		    const char *reason)
{
	char l[32];
	v->s->rejected++;
	if (json_array_size(v->s->rejects) < IMPORT_REJECTS_KEPT)
		json_array_append_new(v->s->rejects, json_pack("{s:I, s:s, s:s}",
			"line", (json_int_t)line, "name", name ? name : "",
			"reason", reason));
	snprintf(l, sizeof(l), "%lu", line);
	csv_write_field_n(&v->rej, l, strlen(l), ',', CSV_WRITE_SAFE);
	csv_write_field_n(&v->rej, name ? name : "", name ? strlen(name) : 0, ',',
			  CSV_WRITE_SAFE);
	csv_write_field_n(&v->rej, reason, strlen(reason), ',', CSV_WRITE_SAFE);
	csv_write_row_end(&v->rej);
}

static int vflush(struct vimp *v)
{
	if (v->o->rejected && v->rej.len &&
	    (fwrite(v->rej.s, 1, v->rej.len, v->o->rejected) != v->rej.len ||
	     fflush(v->o->rejected)))
		return fc_fail(v->err, FC_ESTORE, NULL, "cannot write the rejected rows");
	buf_clear(&v->rej);
	return 0;
}

static int vcommit(struct vimp *v, int final)
{
	if (!v->in_tx)
		return vflush(v);
	if (v->o->dry_run) {
		if (!final)
			return 0;
		db_rollback(v->ctx->db);
		v->in_tx = 0;
		return vflush(v);
	}
	v->in_tx = 0;
	v->batch_rows = 0;
	if (db_commit(v->ctx->db))
		return db_error(v->ctx->db, v->err);
	return vflush(v);
}

static int card(struct vimp *v, const struct vcard_contact *c,
		struct fc_error *err, int *outcome)
{
	json_t *in = json_object(), *extra = NULL;
	const char *email = vcard_contact_email(c), *phone = vcard_contact_phone(c);
	int64_t id = 0, account = 0;
	int rc = 0;

	if (!c->name || !*c->name) {
		rc = fc_fail(err, FC_EINVAL, "name", "the card has no name (FN or N)");
		goto out;
	}
	json_object_set_new(in, "name", json_string(c->name));
	if (email) {
		if (!value_email_valid(email)) {
			rc = fc_fail(err, FC_EINVAL, "email", "'%s' is not an email "
				     "address", email);
			goto out;
		}
		json_object_set_new(in, "email", json_string(email));
	}
	if (c->nemails > 1) {
		json_t *a = json_array();
		for (size_t i = 0; i < c->nemails; i++)
			json_array_append_new(a, json_string(c->emails[i]));
		json_object_set_new(in, "emails", a);
	}
	if (phone)
		json_object_set_new(in, "phone", json_string(phone));
	if (c->nphones > 1) {
		json_t *a = json_array();
		for (size_t i = 0; i < c->nphones; i++)
			json_array_append_new(a, json_string(c->phones[i]));
		json_object_set_new(in, "phones", a);
	}
	if (c->title)
		json_object_set_new(in, "title", json_string(c->title));
	if (c->note)
		json_object_set_new(in, "notes", json_string(c->note));
	if (c->org && *c->org) {
		if ((rc = import_account_by_name(v->ctx, c->org, 1, &account, err)))
			goto out;
		json_object_set_new(in, "account_id", json_integer(account));
	}
	/* the same card again, even without an e-mail, is the same contact */
	if (c->uid && *c->uid &&
	    (rc = import_contact_by_vcard_uid(v->ctx, c->uid, &id, err)))
		goto out;
	if (!id && email && (rc = import_contact_by_email(v->ctx, email, &id, err)))
		goto out;
	if (c->uid && *c->uid && strlen(c->uid) <= VCARD_UID_MAX)
		extra = json_pack("{s:s}", "vcard_uid", c->uid);
	if (id && v->o->on_dup == IMPORT_DUP_SKIP) {
		*outcome = 2;
	} else if (id && v->o->on_dup == IMPORT_DUP_ERROR) {
		rc = fc_fail(err, FC_EINVAL, "email", "duplicate of contact %" PRId64, id);
	} else if (id) {
		rc = record_update(v->ctx, &entity_contact, id, in, extra, 0, err);
		*outcome = 1;
	} else {
		import_allow_duplicates(v->o, in);
		rc = record_create(v->ctx, &entity_contact, in, extra, &id, err);
		*outcome = 0;
	}
out:
	json_decref(in);
	json_decref(extra);
	return rc;
}

static int on_card(const struct vcard_contact *c, void *data)
{
	struct vimp *v = data;
	struct fc_error e;
	int outcome = 0, rc;

	v->s->read++;
	if (!v->in_tx) {
		if (db_begin(v->ctx->db, 1))
			return v->fatal = db_error(v->ctx->db, v->err);
		v->in_tx = 1;
	}
	fc_error_clear(&e);
	if (import_row_begin(v->ctx))
		return v->fatal = db_error(v->ctx->db, v->err);
	rc = card(v, c, &e, &outcome);
	import_row_end(v->ctx, rc != 0);
	if (rc == FC_ESTORE) {
		*v->err = e;
		return v->fatal = rc;
	}
	if (rc)
		vreject(v, c->line, c->name, e.message);
	else if (outcome == 0)
		v->s->imported++;
	else if (outcome == 1)
		v->s->updated++;
	else
		v->s->skipped++;
	if (++v->batch_rows >= (v->o->batch > 0 ? v->o->batch : IMPORT_BATCH_DEFAULT) &&
	    (rc = vcommit(v, 0)))
		return v->fatal = rc;
	return 0;
}

static void on_bad_card(unsigned long line, const char *reason, void *data)
{
	struct vimp *v = data;
	v->s->read++;
	vreject(v, line, NULL, reason);
}

int import_vcard(struct fc_ctx *ctx, const char *data, size_t len,
		 const struct import_options *o, struct import_summary *s,
		 struct fc_error *err)
{
	struct vimp v = { .ctx = ctx, .o = o, .s = s, .err = err };
	int rc;
	if (ctx->user.role == ROLE_REP)
		return fc_fail(err, FC_EFORBIDDEN, NULL, "imports are for managers "
			       "and admins");
	buf_init(&v.rej, 0);
	if (o->rejected && ftell(o->rejected) <= 0)
		buf_adds(&v.rej, "line,name,reason\r\n");
	if ((rc = import_connection_prepare(ctx, err)))
		goto out;
	rc = vcard_parse(data, len, on_card, on_bad_card, &v);
	if (v.fatal)
		rc = v.fatal;
	if (!rc)
		rc = vcommit(&v, 1);
out:
	if (v.in_tx)
		db_rollback(ctx->db);
	buf_release(&v.rej);
	return rc;
}
