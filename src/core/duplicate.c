/* Likely duplicates: the candidates of a contact or an account about to be
 * written, the guard record.c runs before a create or an edit, and the
 * organisation's likely pairs. Keys are looked up in duplicate_keys
 * (duplicate-keys.c); contacts' names are compared within their account.
 * See duplicate.h for the rules and the JSON. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/duplicate.h"
#include "util/buf.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* Rows of one key lookup, and contacts of one account compared by name. */
#define LOOKUP_MAX 50
#define ACCOUNT_CONTACTS_MAX 1000
/* Pairs gathered before the list stops looking (and says "truncated"). */
#define PAIRS_SCAN_MAX 20000

enum rule_bit {
	R_EMAIL = 1 << 0, R_PHONE = 1 << 1, R_NAME = 1 << 2,
	R_DOMAIN = 1 << 3, R_ALL = 0xff
};

/* ---- candidates ------------------------------------------------------ */

struct found {
	struct fc_ctx *ctx;
	const struct entity *e;
	json_t *items;		/* [{"id", "name", "evidence"}] */
	json_t *rec;		/* the contact looked for, or NULL */
};

/* Whether contact OTHER, whose phone is the same, is someone else than a
 * contact named NAME: a phone shared by people whose names are not alike
 * is a switchboard, a family's line or a placeholder of an export, which
 * says nothing of a duplicate; with names alike it does. */
static int other_person(struct fc_ctx *ctx, const char *name, int64_t other,
			int *yes, struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT name FROM contacts WHERE "
					"org_id = ? AND id = ?");
	int rc;
	*yes = 0;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, other);
	if ((rc = db_step(st)) > 0) {
		char *a = duplicate_name_key(name), *b = duplicate_name_key(
			db_col_text(st, 0));
		*yes = a && b && !duplicate_names_alike(a, b);
		free(a);
		free(b);
	}
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

static int record_name(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		       char **name, struct fc_error *err)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT name FROM %s WHERE org_id = ? AND id = ?",
		 e->table);
	struct db_stmt *st = db_prepare(ctx->db, sql);
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, id);
	int rc = db_step(st);
	*name = rc > 0 && db_col_text(st, 0) ? xstrdup(db_col_text(st, 0)) : NULL;
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* 1 when ctx->user may see record ID of E, 0 when not, <0 on failure. */
static int may_see(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		   struct fc_error *err)
{
	struct fc_error e2 = { 0 };
	int rc = record_check_access(ctx, e, id, 0, &e2);
	if (rc == FC_ESTORE) {
		if (err)
			*err = e2;
		return rc;
	}
	return rc == 0;
}

static void evidence_add(json_t *evidence, const char *rule, const char *value)
{
	size_t i;
	json_t *v;
	json_array_foreach(evidence, i, v)
		if (!strcmp(json_string_value(json_object_get(v, "rule")), rule) &&
		    !strcmp(json_string_value(json_object_get(v, "value")), value))
			return;
	json_array_append_new(evidence, json_pack("{s:s, s:s}", "rule", rule,
						  "value", value));
}

static int found_add(struct found *f, int64_t id, const char *rule,
		     const char *value, struct fc_error *err)
{
	size_t i;
	json_t *item;
	json_array_foreach(f->items, i, item)
		if (json_integer_value(json_object_get(item, "id")) == id) {
			evidence_add(json_object_get(item, "evidence"), rule, value);
			return 0;
		}
	if (json_array_size(f->items) >= DUPLICATE_CANDIDATES_MAX)
		return 0;
	int rc, shared = 0;
	if (f->rec && !strcmp(rule, "phone") &&
	    (rc = other_person(f->ctx, json_string_value(json_object_get(f->rec,
				"name")), id, &shared, err)))
		return rc;
	if (shared)
		return 0;
	rc = may_see(f->ctx, f->e, id, err);
	if (rc <= 0)
		return rc;
	char *name = NULL;
	if ((rc = record_name(f->ctx, f->e, id, &name, err)))
		return rc;
	item = json_pack("{s:I, s:s, s:[]}", "id", (json_int_t)id, "name",
			 name ? name : "", "evidence");
	evidence_add(json_object_get(item, "evidence"), rule, value);
	json_array_append_new(f->items, item);
	free(name);
	return 0;
}

/* The ids of the other records of KIND with key RULE = NORM. */
static int key_ids(struct fc_ctx *ctx, const char *kind, const char *rule,
		   const char *norm, int64_t self, int64_t ids[LOOKUP_MAX],
		   int *n, struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT record_id FROM "
		"duplicate_keys WHERE org_id = ? AND kind = ? AND rule = ? AND "
		"norm = ? AND record_id <> ? ORDER BY record_id LIMIT 50");
	int rc;
	*n = 0;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "isssi", ctx->org_id, kind, rule, norm, self);
	while ((rc = db_step(st)) > 0 && *n < LOOKUP_MAX)
		ids[(*n)++] = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

static int by_key(struct found *f, const char *rule, const char *norm,
		  int64_t self, struct fc_error *err)
{
	int64_t ids[LOOKUP_MAX];
	int n, rc;
	if (!norm)
		return 0;
	if ((rc = key_ids(f->ctx, f->e->name, rule, norm, self, ids, &n, err)))
		return rc;
	for (int i = 0; i < n && !rc; i++)
		rc = found_add(f, ids[i], rule, norm, err);
	return rc;
}

/* The strings of V: a string, an array of them (or of objects' "value"),
 * or such an array as JSON text; new reference. */
static json_t *strings_of(json_t *v)
{
	json_t *out = json_array(), *a = NULL, *x;
	size_t i;
	if (json_is_string(v)) {
		a = json_loads(json_string_value(v), 0, NULL);
		if (!json_is_array(a)) {
			json_decref(a);
			json_array_append(out, v);
			return out;
		}
		v = a;
	}
	json_array_foreach(v, i, x) {
		if (json_is_object(x))
			x = json_object_get(x, "value");
		if (json_is_string(x))
			json_array_append(out, x);
	}
	json_decref(a);
	return out;
}

static int by_keys_of(struct found *f, json_t *rec, const char *field,
		      const char *list, const char *rule, char *(*fn)(const char *),
		      int64_t self, struct fc_error *err)
{
	json_t *all = strings_of(json_object_get(rec, field)), *more, *v;
	size_t i;
	int rc = 0;
	more = strings_of(json_object_get(rec, list));
	json_array_extend(all, more);
	json_decref(more);
	json_array_foreach(all, i, v) {
		char *k = fn(json_string_value(v));
		rc = by_key(f, rule, k, self, err);
		free(k);
		if (rc)
			break;
	}
	json_decref(all);
	return rc;
}

/* The other contacts of the account whose names are alike. */
static int by_name_in_account(struct found *f, json_t *rec, int64_t self,
			      struct fc_error *err)
{
	json_t *acc = json_object_get(rec, "account_id");
	const char *name = json_string_value(json_object_get(rec, "name"));
	char *key = duplicate_name_key(name);
	struct { int64_t id; int alike; char *name; } *hits = NULL;
	int n = 0, rc = 0;
	if (!json_is_integer(acc) || !key) {
		free(key);
		return 0;
	}
	struct db_stmt *st = db_prepare(f->ctx->db, "SELECT id, name FROM contacts "
		"WHERE org_id = ? AND account_id = ? AND id <> ? ORDER BY id LIMIT 1000");
	if (!st) {
		free(key);
		return db_error(f->ctx->db, err);
	}
	db_bindf(st, "iii", f->ctx->org_id, (int64_t)json_integer_value(acc), self);
	hits = xcalloc(ACCOUNT_CONTACTS_MAX, sizeof(*hits));
	while ((rc = db_step(st)) > 0 && n < ACCOUNT_CONTACTS_MAX) {
		char *other = duplicate_name_key(db_col_text(st, 1));
		int alike = duplicate_names_alike(key, other);
		free(other);
		if (!alike)
			continue;
		hits[n].id = db_col_int(st, 0);
		hits[n].alike = alike;
		hits[n++].name = xstrdup(db_col_text(st, 1));
	}
	db_done(st);
	rc = rc < 0 ? db_error(f->ctx->db, err) : 0;
	for (int i = 0; i < n; i++) {
		if (!rc)
			rc = found_add(f, hits[i].id, hits[i].alike == 1 ? "name"
				       : "similar_name", hits[i].name, err);
		free(hits[i].name);
	}
	free(hits);
	free(key);
	return rc;
}

static int find_contact(struct fc_ctx *ctx, int64_t self, json_t *rec,
			unsigned rules, json_t **out, struct fc_error *err)
{
	struct found f = { ctx, &entity_contact, json_array(), rec };
	int rc = 0;
	if (rules & R_EMAIL)
		rc = by_keys_of(&f, rec, "email", "emails", "email",
				duplicate_email_key, self, err);
	if (!rc && (rules & R_PHONE))
		rc = by_keys_of(&f, rec, "phone", "phones", "phone",
				duplicate_phone_key, self, err);
	if (!rc && (rules & R_NAME))
		rc = by_name_in_account(&f, rec, self, err);
	if (rc) {
		json_decref(f.items);
		return rc;
	}
	*out = f.items;
	return 0;
}

/* Accounts of other contacts with an e-mail at DOMAIN. */
static int by_email_domain(struct found *f, const char *domain, int64_t self,
			   struct fc_error *err)
{
	int64_t ids[LOOKUP_MAX];
	int n = 0, rc;
	if (!domain)
		return 0;
	struct db_stmt *st = db_prepare(f->ctx->db, "SELECT DISTINCT c.account_id "
		"FROM duplicate_keys k JOIN contacts c ON c.org_id = k.org_id AND "
		"c.id = k.record_id WHERE k.org_id = ? AND k.kind = 'contact' AND "
		"k.rule = 'email_domain' AND k.norm = ? AND c.account_id IS NOT NULL "
		"AND c.account_id <> ? ORDER BY c.account_id LIMIT 50");
	if (!st)
		return db_error(f->ctx->db, err);
	db_bindf(st, "isi", f->ctx->org_id, domain, self);
	while ((rc = db_step(st)) > 0 && n < LOOKUP_MAX)
		ids[n++] = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return db_error(f->ctx->db, err);
	for (int i = 0; i < n && !rc; i++)
		rc = found_add(f, ids[i], "email_domain", domain, err);
	return rc;
}

static int find_account(struct fc_ctx *ctx, int64_t self, json_t *rec,
			unsigned rules, json_t **out, struct fc_error *err)
{
	struct found f = { ctx, &entity_account, json_array(), NULL };
	char *domain = duplicate_domain_key(json_string_value(json_object_get(rec,
								"domain")));
	char *name = duplicate_account_name_key(json_string_value(
		json_object_get(rec, "name")));
	int rc = 0;
	if (rules & R_DOMAIN) {
		rc = by_key(&f, "domain", domain, self, err);
		if (!rc)
			rc = by_email_domain(&f, domain, self, err);
	}
	if (!rc && (rules & R_NAME) && name) {
		int64_t ids[LOOKUP_MAX];
		int n;
		rc = key_ids(ctx, "account", "name", name, self, ids, &n, err);
		for (int i = 0; i < n && !rc; i++) {
			char *other = NULL;
			if (!(rc = record_name(ctx, &entity_account, ids[i], &other, err)))
				rc = found_add(&f, ids[i], "name", other ? other : "", err);
			free(other);
		}
	}
	free(domain);
	free(name);
	if (rc) {
		json_decref(f.items);
		return rc;
	}
	*out = f.items;
	return 0;
}

int duplicates_find_for_contact(struct fc_ctx *ctx, int64_t self,
				json_t *contact, json_t **out,
				struct fc_error *err)
{
	return find_contact(ctx, self, contact, R_ALL, out, err);
}

int duplicates_find_for_account(struct fc_ctx *ctx, int64_t self,
				json_t *account, json_t **out,
				struct fc_error *err)
{
	return find_account(ctx, self, account, R_ALL, out, err);
}

/* ---- the guard ------------------------------------------------------- */

/* The rules an input checks: all of them for a new record, those of the
 * fields an edit changes for an existing one. */
static unsigned rules_of(const struct entity *e, json_t *before, json_t *in)
{
	static const struct { const char *field; unsigned rule; } contact[] = {
		{ "email", R_EMAIL }, { "emails", R_EMAIL }, { "phone", R_PHONE },
		{ "phones", R_PHONE }, { "name", R_NAME }, { "account_id", R_NAME },
		{ NULL, 0 } }, account[] = {
		{ "domain", R_DOMAIN }, { "name", R_NAME }, { NULL, 0 } };
	unsigned rules = 0;
	if (!before)
		return R_ALL;
	for (int i = 0; (e == &entity_contact ? contact : account)[i].field; i++) {
		const char *f = (e == &entity_contact ? contact : account)[i].field;
		json_t *v = json_object_get(in, f);
		if (v && !json_equal(v, json_object_get(before, f)))
			rules |= (e == &entity_contact ? contact : account)[i].rule;
	}
	return rules;
}

static int candidates(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		      json_t *before, json_t *in, json_t **out,
		      struct fc_error *err)
{
	unsigned rules = rules_of(e, before, in);
	json_t *rec = before ? json_deep_copy(before) : json_object();
	int rc;
	json_object_update(rec, in);
	*out = NULL;
	if (!rules)
		rc = 0, *out = json_array();
	else if (e == &entity_contact)
		rc = find_contact(ctx, id, rec, rules, out, err);
	else
		rc = find_account(ctx, id, rec, rules, out, err);
	json_decref(rec);
	return rc;
}

int duplicates_candidates(struct fc_ctx *ctx, const struct entity *e,
			  int64_t id, json_t *before, json_t *in, json_t **out,
			  struct fc_error *err)
{
	if ((e != &entity_contact && e != &entity_account) || !json_is_object(in)) {
		*out = json_array();
		return 0;
	}
	return candidates(ctx, e, id, before, in, out, err);
}

void duplicates_evidence_text(struct buf *b, json_t *evidence)
{
	size_t i;
	json_t *v;
	json_array_foreach(evidence, i, v) {
		const char *rule = json_string_value(json_object_get(v, "rule"));
		const char *value = json_string_value(json_object_get(v, "value"));
		buf_adds(b, i ? ", " : "");
		if (!strcmp(rule, "email"))
			buf_addf(b, "same e-mail %s", value);
		else if (!strcmp(rule, "phone"))
			buf_addf(b, "same phone (ending %s)", value);
		else if (!strcmp(rule, "name"))
			buf_addf(b, "same name");
		else if (!strcmp(rule, "similar_name"))
			buf_addf(b, "similar name");
		else if (!strcmp(rule, "domain"))
			buf_addf(b, "same domain %s", value);
		else
			buf_addf(b, "a contact with an e-mail at %s", value);
	}
}

int duplicates_guard(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		     json_t *before, json_t *in, struct fc_error *err)
{
	json_t *allow, *found = NULL;
	int rc;
	if ((e != &entity_contact && e != &entity_account) || !json_is_object(in))
		return 0;
	allow = json_object_get(in, DUPLICATE_ALLOW_FIELD);
	if (allow) {
		if (!json_is_boolean(allow))
			return fc_fail(err, FC_EINVAL, DUPLICATE_ALLOW_FIELD,
				       "'%s' must be true or false",
				       DUPLICATE_ALLOW_FIELD);
		int go_on = json_is_true(allow);
		json_object_del(in, DUPLICATE_ALLOW_FIELD);
		if (go_on)
			return 0;
	}
	if ((rc = candidates(ctx, e, id, before, in, &found, err)))
		return rc;
	size_t n = json_array_size(found);
	if (n) {
		json_t *first = json_array_get(found, 0);
		struct buf b = BUF_INIT;
		duplicates_evidence_text(&b, json_object_get(first, "evidence"));
		if (n > 1)
			buf_addf(&b, "; and %zu more", n - 1);
		fc_refuse(err, DUPLICATE_RULE, "likely the same %s as %s (#%" PRId64
			  "): %s", e->name,
			  json_string_value(json_object_get(first, "name")),
			  (int64_t)json_integer_value(json_object_get(first, "id")),
			  b.s ? b.s : "");
		err->code = FC_ECONFLICT;
		buf_release(&b);
		rc = FC_ECONFLICT;
	}
	json_decref(found);
	return rc;
}

/* ---- the pairs ------------------------------------------------------- */

struct pairs {
	json_t *map;		/* "A:B" -> {"a", "b", "evidence"} */
	int full;
};

static void pair_add(struct pairs *p, int64_t a, int64_t b, const char *rule,
		     const char *value)
{
	char k[48];
	if (a == b)
		return;
	if (a > b) {
		int64_t t = a;
		a = b;
		b = t;
	}
	snprintf(k, sizeof(k), "%" PRId64 ":%" PRId64, a, b);
	json_t *pair = json_object_get(p->map, k);
	if (!pair) {
		if (json_object_size(p->map) >= PAIRS_SCAN_MAX) {
			p->full = 1;
			return;
		}
		pair = json_pack("{s:I, s:I, s:[]}", "a", (json_int_t)a, "b",
				 (json_int_t)b, "evidence");
		json_object_set_new(p->map, k, pair);
	}
	evidence_add(json_object_get(pair, "evidence"), rule, value);
}

static int key_pairs(struct fc_ctx *ctx, const char *kind, struct pairs *p,
		     struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT a.record_id, b.record_id, "
		"a.rule, a.norm FROM duplicate_keys a JOIN duplicate_keys b ON "
		"b.org_id = a.org_id AND b.kind = a.kind AND b.rule = a.rule AND "
		"b.norm = a.norm AND b.record_id > a.record_id WHERE a.org_id = ? AND "
		"a.kind = ? AND a.rule IN ('email', 'phone', 'domain', 'name') "
		"ORDER BY a.record_id, b.record_id LIMIT 20001");
	int rc;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "is", ctx->org_id, kind);
	while ((rc = db_step(st)) > 0 && !p->full)
		pair_add(p, db_col_int(st, 0), db_col_int(st, 1), db_col_text(st, 2),
			 db_col_text(st, 3));
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* Accounts whose domain is another account's contacts' e-mail domain. */
static int email_domain_pairs(struct fc_ctx *ctx, struct pairs *p,
			      struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT DISTINCT k.record_id, "
		"c.account_id, k.norm FROM duplicate_keys k JOIN duplicate_keys e ON "
		"e.org_id = k.org_id AND e.kind = 'contact' AND e.rule = "
		"'email_domain' AND e.norm = k.norm JOIN contacts c ON c.org_id = "
		"e.org_id AND c.id = e.record_id WHERE k.org_id = ? AND k.kind = "
		"'account' AND k.rule = 'domain' AND c.account_id IS NOT NULL AND "
		"c.account_id <> k.record_id ORDER BY k.record_id, c.account_id "
		"LIMIT 20001");
	int rc;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "i", ctx->org_id);
	while ((rc = db_step(st)) > 0 && !p->full)
		pair_add(p, db_col_int(st, 0), db_col_int(st, 1), "email_domain",
			 db_col_text(st, 2));
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* Contacts of one account whose names are alike, an account at a time. */
struct person { int64_t id; char *key, *name; };

static void compare_group(struct pairs *p, struct person *g, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++) {
			int alike = duplicate_names_alike(g[i].key, g[j].key);
			if (alike)
				pair_add(p, g[i].id, g[j].id, alike == 1 ? "name"
					 : "similar_name", g[j].name);
		}
	for (int i = 0; i < n; i++) {
		free(g[i].key);
		free(g[i].name);
	}
}

static int name_pairs(struct fc_ctx *ctx, struct pairs *p, struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT id, name, account_id FROM "
		"contacts WHERE org_id = ? AND account_id IS NOT NULL ORDER BY "
		"account_id, id");
	struct person *g = xcalloc(ACCOUNT_CONTACTS_MAX, sizeof(*g));
	int64_t account = 0;
	int n = 0, rc;
	if (!st) {
		free(g);
		return db_error(ctx->db, err);
	}
	db_bindf(st, "i", ctx->org_id);
	while ((rc = db_step(st)) > 0 && !p->full) {
		int64_t acc = db_col_int(st, 2);
		if (acc != account) {
			compare_group(p, g, n);
			n = 0;
			account = acc;
		}
		char *key = duplicate_name_key(db_col_text(st, 1));
		if (!key || n >= ACCOUNT_CONTACTS_MAX) {
			free(key);
			continue;
		}
		g[n].id = db_col_int(st, 0);
		g[n].key = key;
		g[n++].name = xstrdup(db_col_text(st, 1));
	}
	db_done(st);
	compare_group(p, g, n);
	free(g);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

static int by_ids(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	json_int_t a1 = json_integer_value(json_object_get(a, "a"));
	json_int_t b1 = json_integer_value(json_object_get(b, "a"));
	json_int_t a2 = json_integer_value(json_object_get(a, "b"));
	json_int_t b2 = json_integer_value(json_object_get(b, "b"));
	if (a1 != b1)
		return a1 < b1 ? -1 : 1;
	return a2 < b2 ? -1 : a2 > b2;
}

/* {"id", "name"} of a record ctx->user may see, else NULL (*RC on failure);
 * SEEN caches the answers by id. */
static json_t *shown(struct fc_ctx *ctx, const struct entity *e, json_t *seen,
		     json_int_t id, int *rc, struct fc_error *err)
{
	char k[24];
	snprintf(k, sizeof(k), "%" JSON_INTEGER_FORMAT, id);
	json_t *v = json_object_get(seen, k);
	if (v)
		return json_is_null(v) ? NULL : v;
	int see = may_see(ctx, e, id, err);
	char *name = NULL;
	if (see < 0 || (see && (*rc = record_name(ctx, e, id, &name, err)))) {
		if (see < 0)
			*rc = see;
		return NULL;
	}
	v = see ? json_pack("{s:I, s:s}", "id", id, "name", name ? name : "")
		: json_null();
	free(name);
	json_object_set_new(seen, k, v);
	return json_is_null(v) ? NULL : v;
}

int duplicates_list(struct fc_ctx *ctx, const char *kind,
		    const struct duplicates_query *q, json_t **out,
		    struct fc_error *err)
{
	const struct entity *e = entity_find(kind ? kind : "");
	struct pairs p = { json_object(), 0 };
	int limit = q && q->limit ? q->limit : DUPLICATE_LIST_DEFAULT;
	int rc;
	if (e != &entity_contact && e != &entity_account) {
		json_decref(p.map);
		return fc_fail(err, FC_EINVAL, "kind", "duplicates are listed for "
			       "contacts or accounts, not '%s'", kind ? kind : "");
	}
	if (limit < 1 || limit > DUPLICATE_LIST_MAX) {
		json_decref(p.map);
		return fc_fail(err, FC_EINVAL, "limit", "limit must be 1-%d",
			       DUPLICATE_LIST_MAX);
	}
	rc = key_pairs(ctx, e->name, &p, err);
	if (!rc && !p.full)
		rc = e == &entity_contact ? name_pairs(ctx, &p, err)
					  : email_domain_pairs(ctx, &p, err);
	size_t n = json_object_size(p.map), i = 0;
	json_t **all = xcalloc(n ? n : 1, sizeof(*all)), *v, *seen = json_object();
	const char *k;
	json_object_foreach(p.map, k, v)
		all[i++] = v;
	qsort(all, n, sizeof(*all), by_ids);
	json_t *items = json_array();
	int truncated = p.full;
	for (i = 0; i < n && !rc; i++) {
		json_t *a = shown(ctx, e, seen, json_integer_value(json_object_get(
					   all[i], "a")), &rc, err);
		json_t *b = a ? shown(ctx, e, seen, json_integer_value(
				      json_object_get(all[i], "b")), &rc, err) : NULL;
		if (!a || !b)
			continue;
		json_t *ev = json_object_get(all[i], "evidence");
		if (e == &entity_contact && json_array_size(ev) == 1 &&
		    !strcmp(json_string_value(json_object_get(json_array_get(ev, 0),
							      "rule")), "phone")) {
			int shared = 0;
			if ((rc = other_person(ctx, json_string_value(json_object_get(a,
					"name")), json_integer_value(json_object_get(b, "id")),
					&shared, err)))
				break;
			if (shared)
				continue;
		}
		if ((int)json_array_size(items) >= limit) {
			truncated = 1;
			break;
		}
		json_array_append_new(items, json_pack("{s:O, s:O, s:O}", "a", a, "b",
			b, "evidence", json_object_get(all[i], "evidence")));
	}
	free(all);
	json_decref(seen);
	json_decref(p.map);
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o, s:b}", "items", items, "truncated", truncated);
	return 0;
}
