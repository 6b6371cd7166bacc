/* Custom field definitions: their rules on create and update (a key people
 * can type, choices only for a choice, a currency only for money, a
 * required step only for deals), loading them for the value layer, and
 * removing one (archived while values exist). See field.h; values are in
 * field-value.c. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/currency.h"
#include "core/field.h"
#include "core/history.h"
#include "core/memo.h"
#include "util/xmalloc.h"
#include "util/banned.h"

const char *const field_kinds[] = { "contact", "account", "deal", NULL };
const char *const field_types[] = { "text", "number", "money", "date",
	"choice", "yesno", "contact", "account", NULL };

const char *field_kind_of(const struct entity *e)
{
	if (e == &entity_contact)
		return "contact";
	if (e == &entity_account)
		return "account";
	if (e == &entity_deal)
		return "deal";
	return NULL;
}

static int type_index(const char *s)
{
	for (int i = 0; s && field_types[i]; i++)
		if (!strcmp(field_types[i], s))
			return i;
	return -1;
}

void field_defs_free(struct field_def *defs, int n)
{
	for (int i = 0; defs && i < n; i++)
		json_decref(defs[i].choices);
	free(defs);
}

int field_defs_load(struct fc_ctx *ctx, const char *kind, int with_archived,
		    struct field_def **out, int *n, struct fc_error *err)
{
	struct db_stmt *st;
	struct field_def *defs = NULL;
	int count = 0, cap = 0, rc;

	*out = NULL;
	*n = 0;
	/* read by nearly every read of a contact, an account or a deal */
	if (!with_archived && memo_fields_get(ctx->db, ctx->org_id, kind, out, n))
		return 0;
	st = db_prepare(ctx->db, "SELECT id, kind, key, label, type, currency, "
		"required_step, choices, archived FROM custom_fields WHERE org_id "
		"= ? AND kind = ? AND (archived = 0 OR ? = 1) ORDER BY position, id");
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "isi", ctx->org_id, kind, (int64_t)(with_archived ? 1 : 0));
	while ((rc = db_step(st)) > 0) {
		if (count == cap) {
			cap = cap ? cap * 2 : 8;
			defs = xrealloc(defs, (size_t)cap * sizeof(*defs));
		}
		struct field_def *d = &defs[count++];
		memset(d, 0, sizeof(*d));
		const char *cur = db_col_text(st, 5), *step = db_col_text(st, 6),
			   *choices = db_col_text(st, 7);
		d->id = db_col_int(st, 0);
		snprintf(d->kind, sizeof(d->kind), "%s", db_col_text(st, 1));
		snprintf(d->key, sizeof(d->key), "%s", db_col_text(st, 2));
		snprintf(d->label, sizeof(d->label), "%s", db_col_text(st, 3));
		int t = type_index(db_col_text(st, 4));
		d->type = t < 0 ? CF_TEXT : (enum field_kind_type)t;
		snprintf(d->currency, sizeof(d->currency), "%s", cur ? cur : "");
		snprintf(d->required_step, sizeof(d->required_step), "%s",
			 step ? step : "");
		d->choices = choices ? json_loads(choices, 0, NULL) : NULL;
		d->archived = (int)db_col_int(st, 8);
	}
	db_done(st);
	if (rc < 0) {
		field_defs_free(defs, count);
		return db_error(ctx->db, err);
	}
	if (!with_archived)
		memo_fields_put(ctx->db, ctx->org_id, kind, defs, count);
	*out = defs;
	*n = count;
	return 0;
}

int field_def_find(struct fc_ctx *ctx, const char *kind, const char *key,
		   int64_t *id, struct fc_error *err)
{
	int rc = db_query_int(ctx->db, id, "SELECT id FROM custom_fields WHERE "
			      "org_id = ? AND kind = ? AND key = ?", "iss",
			      ctx->org_id, kind, key);
	if (rc == FC_ENOTFOUND)
		return fc_fail(err, FC_ENOTFOUND, "key", "no %s field '%s'", kind, key);
	return rc ? db_error(ctx->db, err) : 0;
}

/* A key is what a column header, a URL and a shell take as is. */
static int key_check(const char *key, struct fc_error *err)
{
	size_t len = strlen(key);
	int ok = len > 0 && len <= FIELD_KEY_MAX && islower((unsigned char)key[0]);
	for (const char *p = key; ok && *p; p++)
		ok = islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
		     *p == '_';
	if (!ok)
		return fc_refuse(err, "custom-field", "a field's key is 1 to %d "
				 "lower-case letters, digits or '_', starting with a "
				 "letter, not '%.60s'", FIELD_KEY_MAX, key);
	return 0;
}

static int choices_check(json_t *choices, struct fc_error *err)
{
	size_t i, k, n = json_array_size(choices);
	json_t *c;
	if (!json_is_array(choices) || n == 0 || n > FIELD_CHOICES_MAX)
		return fc_refuse(err, "custom-field", "a choice field needs 'choices': "
				 "1 to %d texts", FIELD_CHOICES_MAX);
	json_array_foreach(choices, i, c) {
		const char *s = json_string_value(c);
		if (!s || !*s || strlen(s) > FIELD_CHOICE_MAX || memchr(s, '\0',
		    json_string_length(c)))
			return fc_refuse(err, "custom-field", "each choice is a text of "
					 "1 to %d bytes", FIELD_CHOICE_MAX);
		for (k = 0; k < i; k++)
			if (!strcmp(s, json_string_value(json_array_get(choices, k))))
				return fc_refuse(err, "custom-field", "choice '%s' is "
						 "listed twice", s);
	}
	return 0;
}

/* Whether some process of the organisation has step STEP. */
static int step_check(struct fc_ctx *ctx, const char *step,
		      struct fc_error *err)
{
	int64_t n = 0;
	if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM steps s JOIN processes "
			 "p ON p.org_id = s.org_id AND p.id = s.process_id WHERE "
			 "s.org_id = ? AND s.key = ?", "is", ctx->org_id, step))
		return db_error(ctx->db, err);
	if (!n)
		return fc_refuse(err, "custom-field", "no process has a step '%.64s'",
				 step);
	return 0;
}

/* The rules that tie a definition's members together, on the definition as
 * it will be (D: kind, type, choices, currency, required_step). */
static int def_check(struct fc_ctx *ctx, json_t *d, struct fc_error *err)
{
	const char *kind = json_string_value(json_object_get(d, "kind"));
	const char *type = json_string_value(json_object_get(d, "type"));
	json_t *choices = json_object_get(d, "choices");
	const char *cur = json_string_value(json_object_get(d, "currency"));
	const char *step = json_string_value(json_object_get(d, "required_step"));
	int rc;

	if (type && !strcmp(type, "choice")) {
		if ((rc = choices_check(choices, err)))
			return rc;
	} else if (choices && !json_is_null(choices)) {
		return fc_refuse(err, "custom-field", "only a choice field has "
				 "'choices'");
	}
	if (cur && *cur && (!type || strcmp(type, "money")))
		return fc_refuse(err, "custom-field", "only a money field has a "
				 "'currency'");
	if (step && *step) {
		if (!kind || strcmp(kind, "deal"))
			return fc_refuse(err, "custom-field", "only a deal field may be "
					 "required at a step");
		if ((rc = step_check(ctx, step, err)))
			return rc;
	}
	return 0;
}

int field_def_on_create(struct fc_ctx *ctx, json_t *in, struct fc_error *err)
{
	const char *key = json_string_value(json_object_get(in, "key"));
	const char *kind = json_string_value(json_object_get(in, "kind"));
	const char *type = json_string_value(json_object_get(in, "type"));
	int64_t n = 0;
	int rc;

	if (!json_is_object(in))
		return 0;	/* the record layer says what is wrong */
	if (key && (rc = key_check(key, err)))
		return rc;
	if (kind && db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM custom_fields "
				 "WHERE org_id = ? AND kind = ?", "is", ctx->org_id,
				 kind))
		return db_error(ctx->db, err);
	if (n >= FIELD_PER_KIND_MAX)
		return fc_fail(err, FC_ELIMIT, NULL, "a %s has at most %d custom "
			       "fields", kind, FIELD_PER_KIND_MAX);
	/* an amount is in the organisation's base currency unless told */
	json_t *cur = json_object_get(in, "currency");
	if (type && !strcmp(type, "money") && (!cur || json_is_null(cur))) {
		struct db_stmt *st = db_prepare(ctx->db, "SELECT base_currency FROM "
						"orgs WHERE id = ?");
		if (!st)
			return db_error(ctx->db, err);
		db_bindf(st, "i", ctx->org_id);
		rc = db_step(st);
		json_object_set_new(in, "currency", json_string(rc > 0 &&
			db_col_text(st, 0) ? db_col_text(st, 0) : "USD"));
		db_done(st);
		if (rc < 0)
			return db_error(ctx->db, err);
	}
	if (cur && json_is_string(cur) &&
	    (rc = currency_check(json_string_value(cur), "currency", err)))
		return rc;
	return def_check(ctx, in, err);
}

/* How many records hold value CHOICE of field ID. */
static int choice_uses(struct fc_ctx *ctx, int64_t id, const char *choice,
		       int64_t *n)
{
	return db_query_int(ctx->db, n, "SELECT COUNT(*) FROM custom_values WHERE "
			    "org_id = ? AND field_id = ? AND text_value = ?", "iis",
			    ctx->org_id, id, choice);
}

int field_def_on_update(struct fc_ctx *ctx, int64_t id, json_t *before,
			json_t *patch, struct fc_error *err)
{
	json_t *after = json_deep_copy(before);
	const char *key;
	json_t *v;
	int rc = 0;

	json_object_foreach(patch, key, v)
		json_object_set(after, key, v);
	if ((rc = def_check(ctx, after, err)))
		goto out;
	json_t *cur = json_object_get(patch, "currency");
	if (cur && json_is_string(cur) &&
	    strcmp(json_string_value(cur), json_string_value(json_object_get(
		   before, "currency")) ? json_string_value(json_object_get(
		   before, "currency")) : "")) {
		int64_t n = 0;
		if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM custom_values "
				 "WHERE org_id = ? AND field_id = ?", "ii", ctx->org_id,
				 id)) {
			rc = db_error(ctx->db, err);
			goto out;
		}
		if (n) {
			rc = fc_refuse(err, "custom-field", "the currency of a field "
				       "that holds amounts cannot change (%" PRId64
				       " records)", n);
			goto out;
		}
	}
	/* a choice still in use stays on the list */
	json_t *was = json_object_get(before, "choices"), *now = json_object_get(
		after, "choices"), *c;
	size_t i, k;
	json_array_foreach(was, i, c) {
		int kept = 0;
		json_t *d;
		json_array_foreach(now, k, d)
			kept |= json_equal(c, d);
		int64_t n = 0;
		if (kept || !json_is_string(c))
			continue;
		if (choice_uses(ctx, id, json_string_value(c), &n)) {
			rc = db_error(ctx->db, err);
			goto out;
		}
		if (n) {
			rc = fc_refuse(err, "custom-field", "choice '%s' is held by %"
				       PRId64 " records: change them first",
				       json_string_value(c), n);
			goto out;
		}
	}
out:
	json_decref(after);
	return rc;
}

int field_def_remove(struct fc_ctx *ctx, int64_t id, int64_t if_version,
		     int *archived, struct fc_error *err)
{
	int64_t n = 0;
	int rc;
	*archived = 0;
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if ((rc = record_check_access(ctx, &entity_custom_field, id, 1, err)))
		goto out;
	if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM custom_values WHERE "
			 "org_id = ? AND field_id = ?", "ii", ctx->org_id, id)) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	if (!n) {
		rc = record_delete(ctx, &entity_custom_field, id, if_version, err);
		goto out;
	}
	/* values are user data: the field leaves forms and records, they stay */
	json_t *patch = json_pack("{s:b}", "archived", 1);
	rc = record_update(ctx, &entity_custom_field, id, patch, NULL, if_version,
			   err);
	json_decref(patch);
	*archived = !rc;
out:
	return ctx_tx_end(ctx, rc, err);
}
