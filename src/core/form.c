/* Lead form definitions: their rules on create and update, the key, and
 * reading a form by its key for a visitor. See form.h. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/field.h"
#include "core/form.h"
#include "util/banned.h"

const char *const form_field_names[] = { "name", "email", "phone", "company",
	"need", "message", NULL };

/* The labels a visitor reads. */
static const char *const field_labels[] = { "Name", "E-mail", "Phone",
	"Company", "What do you need?", "Message", NULL };

/* MEMBER of a definition as JSON: an array given as such or kept as text
 * (a record read back); NULL when absent or null. New reference. */
static json_t *json_member(json_t *o, const char *member)
{
	json_t *v = json_object_get(o, member);
	if (!v || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return json_loads(json_string_value(v), 0, NULL);
	return json_incref(v);
}

static int custom_key_live(struct fc_ctx *ctx, const char *key, int *live,
			   struct fc_error *err)
{
	int64_t n = 0;
	if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM custom_fields WHERE "
			 "org_id = ? AND kind = 'contact' AND key = ? AND "
			 "archived = 0", "is", ctx->org_id, key))
		return db_error(ctx->db, err);
	*live = n > 0;
	return 0;
}

static int field_known(struct fc_ctx *ctx, const char *name, int *known,
		       struct fc_error *err)
{
	*known = 0;
	for (int i = 0; form_field_names[i]; i++)
		if (!strcmp(form_field_names[i], name))
			*known = 1;
	if (!*known && !strncmp(name, "custom.", 7))
		return custom_key_live(ctx, name + 7, known, err);
	return 0;
}

static int has_name(json_t *list, const char *name)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), name))
			return 1;
	return 0;
}

/* FIELDS: 1..FORM_FIELDS_MAX distinct known names, with "name" or
 * "email" among them (a lead needs a name to be a contact); REQUIRED:
 * some of them. */
static int fields_check(struct fc_ctx *ctx, json_t *fields, json_t *required,
			struct fc_error *err)
{
	size_t i;
	json_t *v;
	int known, rc;

	if (!json_is_array(fields) || json_array_size(fields) == 0 ||
	    json_array_size(fields) > FORM_FIELDS_MAX)
		return fc_refuse(err, FORM_RULE, "'fields' must list 1 to %d of "
				 "name, email, phone, company, need, message and "
				 "custom.KEY", FORM_FIELDS_MAX);
	json_array_foreach(fields, i, v) {
		const char *name = json_string_value(v);
		if (!name)
			return fc_refuse(err, FORM_RULE, "'fields' holds names "
					 "(strings)");
		if ((rc = field_known(ctx, name, &known, err)))
			return rc;
		if (!known)
			return fc_refuse(err, FORM_RULE, "no field '%s' a form can "
					 "ask for: name, email, phone, company, "
					 "need, message, or custom.KEY of a contact "
					 "custom field", name);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(json_string_value(json_array_get(fields, k)),
				    name))
				return fc_refuse(err, FORM_RULE, "'fields' names "
						 "'%s' twice", name);
	}
	if (!has_name(fields, "name") && !has_name(fields, "email"))
		return fc_refuse(err, FORM_RULE, "a form asks for 'name' or "
				 "'email' at least: a lead must be someone");
	if (required && !json_is_array(required))
		return fc_refuse(err, FORM_RULE, "'required' must be a list of "
				 "the form's fields");
	json_array_foreach(required, i, v)
		if (!json_is_string(v) || !has_name(fields, json_string_value(v)))
			return fc_refuse(err, FORM_RULE, "a required field must "
					 "be one of the form's fields ('%s' is not)",
					 json_is_string(v) ? json_string_value(v)
							   : "?");
	return 0;
}

/* "https://www.example.com" or "http://localhost:8080": a scheme, a host
 * and perhaps a port, in lower case, nothing more (what browsers send in
 * Origin). */
static int origin_valid(const char *s)
{
	const char *p;
	size_t n = strlen(s);
	if (n > FORM_ORIGIN_MAX)
		return 0;
	if (!strncmp(s, "https://", 8))
		p = s + 8;
	else if (!strncmp(s, "http://", 7))
		p = s + 7;
	else
		return 0;
	if (!*p)
		return 0;
	if (*p == '[') {	/* an IPv6 literal */
		const char *end = strchr(p, ']');
		if (!end || end == p + 1)
			return 0;
		for (const char *q = p + 1; q < end; q++)
			if (!strchr("0123456789abcdef:.", *q))
				return 0;
		p = end + 1;
	} else {
		const char *start = p;
		while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		       *p == '.' || *p == '-')
			p++;
		if (p == start)
			return 0;
	}
	if (*p == ':') {
		const char *digits = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p == digits || p - digits > 5)
			return 0;
	}
	return *p == '\0';
}

static int origins_check(json_t *origins, struct fc_error *err)
{
	size_t i;
	json_t *v;
	if (!origins)
		return 0;
	if (!json_is_array(origins) || json_array_size(origins) > FORM_ORIGINS_MAX)
		return fc_refuse(err, FORM_RULE, "'origins' must list at most %d "
				 "web origins", FORM_ORIGINS_MAX);
	json_array_foreach(origins, i, v)
		if (!json_is_string(v) || !origin_valid(json_string_value(v)))
			return fc_refuse(err, FORM_RULE, "'%s' is no web origin: "
					 "write it as a browser sends it, "
					 "https://www.example.com (scheme, host, "
					 "perhaps a port; lower case, no path)",
					 json_is_string(v) ? json_string_value(v)
							   : "?");
	return 0;
}

/* Exactly one of the owner and the team; the team has an active user. */
static int owner_check(struct fc_ctx *ctx, json_t *owner, json_t *team,
		       struct fc_error *err)
{
	int has_owner = owner && !json_is_null(owner);
	const char *t = json_string_value(team);
	int64_t n = 0;
	if (t && !*t)
		t = NULL;
	if (has_owner == (t != NULL))
		return fc_refuse(err, FORM_RULE, "a form gives its leads to one "
				 "user (lead_owner_id) or to a team in turn "
				 "(team): one of the two");
	if (has_owner && json_is_integer(owner)) {
		if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM users WHERE "
				 "org_id = ? AND id = ? AND active = 1", "ii",
				 ctx->org_id, json_integer_value(owner)))
			return db_error(ctx->db, err);
		if (!n)
			return fc_refuse(err, FORM_RULE, "the leads' owner must "
					 "be an active user");
	}
	if (t) {
		if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM users WHERE "
				 "org_id = ? AND team = ? AND active = 1", "is",
				 ctx->org_id, t))
			return db_error(ctx->db, err);
		if (!n)
			return fc_refuse(err, FORM_RULE, "team '%s' has no active "
					 "user to take the leads", t);
	}
	return 0;
}

/* The rules of definition DEF (as it will be: the input, or the record
 * with the patch over it). */
static int definition_check(struct fc_ctx *ctx, json_t *def,
			    struct fc_error *err)
{
	json_t *fields = json_member(def, "fields");
	json_t *required = json_member(def, "required");
	json_t *origins = json_member(def, "origins");
	int rc = fields_check(ctx, fields, required, err);
	if (!rc)
		rc = origins_check(origins, err);
	if (!rc)
		rc = owner_check(ctx, json_object_get(def, "lead_owner_id"),
				 json_object_get(def, "team"), err);
	json_decref(fields);
	json_decref(required);
	json_decref(origins);
	return rc;
}

int form_on_create(struct fc_ctx *ctx, json_t *in, struct fc_error *err)
{
	if (!json_is_object(in))
		return 0;	/* the record layer says what is wrong */
	if (!json_object_get(in, "required"))
		json_object_set_new(in, "required", json_array());
	return definition_check(ctx, in, err);
}

int form_on_update(struct fc_ctx *ctx, int64_t id, json_t *before,
		   json_t *patch, struct fc_error *err)
{
	json_t *def;
	int rc;
	(void)id;
	if (!patch)
		return 0;
	def = json_deep_copy(before);
	json_object_update(def, patch);
	rc = definition_check(ctx, def, err);
	json_decref(def);
	return rc;
}

int form_create(struct fc_ctx *ctx, json_t *in, int64_t *id,
		struct fc_error *err)
{
	unsigned char raw[FORM_KEY_BYTES];
	char key[sodium_base64_ENCODED_LEN(FORM_KEY_BYTES,
		 sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	json_t *extra;
	int rc;

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(key, sizeof(key), raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	extra = json_pack("{s:s}", "key", key);
	rc = record_create(ctx, &entity_form, in, extra, id, err);
	json_decref(extra);
	return rc;
}

int form_find(struct fc_ctx *ctx, const char *key, int64_t *id,
	      struct fc_error *err)
{
	int64_t found = 0;
	int rc = db_query_int(ctx->db, &found, "SELECT id FROM forms WHERE "
			      "org_id = ? AND key = ?", "is", ctx->org_id, key);
	if (rc < 0 && rc != FC_ENOTFOUND)
		return db_error(ctx->db, err);
	if (!found)
		return fc_fail(err, FC_ENOTFOUND, NULL, "no form '%s'", key);
	*id = found;
	return 0;
}

/* The label of each custom field the form asks for, and the choices of a
 * choice field (its page offers them to pick from). */
static int custom_labels(struct db *db, int64_t org, json_t *fields,
			 json_t *labels, json_t *choices, struct fc_error *err)
{
	struct fc_ctx ctx;
	struct field_def *defs = NULL;
	int n = 0, rc;
	size_t i;
	json_t *v;

	ctx_init(&ctx, db);
	ctx.org_id = org;
	if ((rc = field_defs_load(&ctx, "contact", 0, &defs, &n, err)))
		return rc;
	json_array_foreach(fields, i, v) {
		const char *name = json_string_value(v);
		for (int k = 0; name && k < n; k++)
			if (!strncmp(name, "custom.", 7) &&
			    !strcmp(defs[k].key, name + 7)) {
				json_object_set_new(labels, name,
						    json_string(defs[k].label));
				if (defs[k].type == CF_CHOICE && defs[k].choices)
					json_object_set(choices, name,
							defs[k].choices);
			}
	}
	field_defs_free(defs, n);
	return 0;
}

int form_public_read(struct db *db, const char *key, struct form_public *out,
		     struct fc_error *err)
{
	struct db_stmt *st;
	json_t *labels;
	int rc;

	memset(out, 0, sizeof(*out));
	if (strlen(key) > FORM_KEY_MAX)
		return fc_fail(err, FC_ENOTFOUND, NULL, "no such form");
	st = db_prepare(db, "SELECT org_id, id, title, fields, required, origins, "
			"thanks FROM forms WHERE key = ?");
	if (!st)
		return db_error(db, err);
	db_bind_text(st, 1, key);
	rc = db_step(st);
	if (rc > 0) {
		const char *origins = db_col_text(st, 5), *thanks = db_col_text(st, 6);
		out->org_id = db_col_int(st, 0);
		out->id = db_col_int(st, 1);
		out->form = json_pack("{s:s, s:s, s:o, s:o, s:o, s:s?}", "key", key,
			"title", db_col_text(st, 2),
			"fields", json_loads(db_col_text(st, 3), 0, NULL),
			"required", json_loads(db_col_text(st, 4), 0, NULL),
			"origins", origins ? json_loads(origins, 0, NULL) : json_array(),
			"thanks", thanks);
		rc = out->form ? 0 : db_set_error(db, FC_ESTORE, "form %lld is "
						  "unreadable", (long long)out->id);
	} else if (rc == 0) {
		rc = FC_ENOTFOUND;
	}
	db_done(st);
	if (rc == FC_ENOTFOUND)
		return fc_fail(err, FC_ENOTFOUND, NULL, "no such form");
	if (rc < 0)
		return db_error(db, err);
	labels = json_object();
	for (int i = 0; form_field_names[i]; i++)
		json_object_set_new(labels, form_field_names[i],
				    json_string(field_labels[i]));
	json_object_set_new(out->form, "labels", labels);
	json_object_set_new(out->form, "choices", json_object());
	if ((rc = custom_labels(db, out->org_id,
				json_object_get(out->form, "fields"), labels,
				json_object_get(out->form, "choices"), err)))
		form_public_release(out);
	return rc;
}

void form_public_release(struct form_public *f)
{
	json_decref(f->form);
	f->form = NULL;
}

/* "host[:port]" of ORIGIN ("https://host:port"), or NULL. */
static const char *origin_host(const char *origin)
{
	const char *p = strstr(origin, "://");
	return p ? p + 3 : NULL;
}

int form_origin_check(const struct form_public *f, const char *origin,
		      const char *self_host, struct fc_error *err)
{
	const char *host;
	size_t i;
	json_t *v;
	if (!origin)
		return 0;
	host = origin_host(origin);
	if (host && self_host && !strcasecmp(host, self_host))
		return 0;
	json_array_foreach(json_object_get(f->form, "origins"), i, v)
		if (!strcasecmp(json_string_value(v), origin))
			return 0;
	fc_refuse(err, "form-origin", "this form takes no posts from %.200s: "
		  "add it to the form's allowed origins", origin);
	err->code = FC_EFORBIDDEN;
	return FC_EFORBIDDEN;
}
