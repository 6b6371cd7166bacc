/* The custom fields of the reader's organisation in the OpenAPI document:
 * the generic document (openapi.c) gives contacts, accounts and deals a
 * "custom" object; signed in, each record's schemas list that object's
 * members with their types, and each list its "custom.KEY" filters, from
 * the definitions (core/field.h). */
#include <stdio.h>
#include <string.h>

#include "core/field.h"
#include "http/http.h"
#include "util/banned.h"

/* The JSON Schema of a value of D, as records carry it and clients send it. */
static json_t *value_schema(const struct field_def *d)
{
	json_t *s;
	switch (d->type) {
	case CF_NUMBER:
		s = json_pack("{s:[s, s]}", "type", "number", "null");
		break;
	case CF_MONEY:
		s = json_pack("{s:[s, s], s:i, s:s++}", "type", "number", "null",
			      "minimum", 0, "description", "an amount in ",
			      d->currency, " (whole units)");
		break;
	case CF_DATE:
		s = json_pack("{s:[s, s], s:s}", "type", "string", "null",
			      "format", "date");
		break;
	case CF_CHOICE: {
		json_t *e = json_deep_copy(d->choices);
		json_array_append_new(e, json_null());
		s = json_pack("{s:[s, s], s:o}", "type", "string", "null", "enum", e);
		break;
	}
	case CF_YESNO:
		s = json_pack("{s:[s, s]}", "type", "boolean", "null");
		break;
	case CF_CONTACT:
	case CF_ACCOUNT:
		s = json_pack("{s:[s, s], s:i, s:s}", "type", "integer", "null",
			      "minimum", 1, "description", d->type == CF_CONTACT ?
			      "the id of a contact" : "the id of an account");
		break;
	default:
		s = json_pack("{s:[s, s], s:i}", "type", "string", "null",
			      "maxLength", FIELD_TEXT_MAX);
	}
	json_object_set_new(s, "title", json_string(d->label));
	if (d->required_step[0])
		json_object_set_new(s, "x-required-to-leave-step",
				    json_string(d->required_step));
	return s;
}

static void put_props(json_t *schemas, const char *name, json_t *props)
{
	json_t *custom = json_object_get(json_object_get(json_object_get(
		schemas, name), "properties"), "custom");
	if (!custom)
		return;
	json_object_set(custom, "properties", props);
	json_object_set_new(custom, "additionalProperties", json_false());
}

int openapi_add_fields(json_t *doc, struct fc_ctx *ctx, struct fc_error *err)
{
	static const struct { const char *kind, *schema, *path; } kinds[] = {
		{ "contact", "Contact", "/api/v1/contacts" },
		{ "account", "Account", "/api/v1/accounts" },
		{ "deal", "Deal", "/api/v1/deals" },
	};
	json_t *schemas = json_object_get(json_object_get(doc, "components"),
					  "schemas");
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		struct field_def *defs = NULL;
		int n = 0, rc;
		char name[64];
		if ((rc = field_defs_load(ctx, kinds[k].kind, 0, &defs, &n, err)))
			return rc;
		json_t *props = json_object();
		json_t *params = json_object_get(json_object_get(json_object_get(
			json_object_get(doc, "paths"), kinds[k].path), "get"),
			"parameters");
		for (int i = 0; i < n; i++) {
			char pname[FIELD_KEY_MAX + 8], desc[160];
			json_object_set_new(props, defs[i].key, value_schema(&defs[i]));
			snprintf(pname, sizeof(pname), "custom.%s", defs[i].key);
			snprintf(desc, sizeof(desc), "only records whose custom field "
				 "'%s' equals this (empty: those without one)",
				 defs[i].key);
			if (json_is_array(params))
				json_array_append_new(params, json_pack("{s:s, s:s, s:b, "
					"s:s, s:{s:s}}", "name", pname, "in", "query",
					"required", 0, "description", desc, "schema",
					"type", "string"));
		}
		static const char *const suffixes[] = { "", "Create", "Update",
			"Detail" };
		for (size_t s = 0; s < 4; s++) {
			snprintf(name, sizeof(name), "%s%s", kinds[k].schema, suffixes[s]);
			put_props(schemas, name, props);
		}
		json_decref(props);
		field_defs_free(defs, n);
	}
	return 0;
}
