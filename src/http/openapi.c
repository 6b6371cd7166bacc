/* The OpenAPI 3.1 document of the whole API (GET /api/v1/openapi.json),
 * built at run time from the tables the server dispatches from: the route
 * table (method, path, flags, summary and each row's doc: body and result
 * schema names, success status, the refusals that apply, extra query
 * parameters; see struct route_doc in http.h) and core's entity field
 * tables (names, types, bounds, enums, required, read-only). A row whose
 * doc is empty and that is a plain record verb is documented from its
 * path's entity. A route or a field added there shows up here with no
 * second edit; this file only holds the schemas those tables cannot
 * derive (the deal actions' bodies, the deal's detail view, the small auth
 * and token objects), which rows name. tests/e2e/api/openapi.test.js
 * holds the document against the server. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/deal.h"
#include "core/duplicate.h"
#include "core/field.h"
#include "core/process.h"
#include "http/http.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define API_PREFIX "/api/v1/"

/* --- schemas from the field tables ---------------------------------------- */

/* {"$ref": "#/components/schemas/NAME"} */
static json_t *ref(const char *name)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "#/components/schemas/%s", name);
	return json_pack("{s:s}", "$ref", buf);
}

/* "next_step" -> "NextStep", with SUFFIX appended. */
static void schema_name(const struct entity *e, const char *suffix, char *out,
			size_t n)
{
	size_t k = 0;
	int up = 1;
	for (const char *p = e->name; *p && k + 1 < n; p++) {
		if (*p == '_') {
			up = 1;
			continue;
		}
		out[k++] = up ? (char)toupper((unsigned char)*p) : *p;
		up = 0;
	}
	out[k] = '\0';
	snprintf(out + k, n - k, "%s", suffix);
}

/* Makes schema S accept null too: "type" becomes [type, "null"]. */
static void allow_null(json_t *s)
{
	json_t *t = json_object_get(s, "type"), *e = json_object_get(s, "enum");
	if (json_is_string(t))
		json_object_set_new(s, "type", json_pack("[s, s]",
				    json_string_value(t), "null"));
	else if (json_is_array(t))
		json_array_append_new(t, json_string("null"));
	if (json_is_array(e))
		json_array_append_new(e, json_null());
}

/* The JSON Schema of field F; INPUT: as a client sends it. */
static json_t *field_schema(const struct field *f, int input)
{
	json_t *s = json_object(), *vals;
	switch (f->type) {
	case FT_TEXT:
		json_object_set_new(s, "type", json_string("string"));
		if (f->min > 0)
			json_object_set_new(s, "minLength", json_integer(f->min));
		json_object_set_new(s, "maxLength", json_integer(f->max ? f->max
								 : 2000));
		break;
	case FT_EMAIL:
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "format", json_string("email"));
		json_object_set_new(s, "maxLength", json_integer(f->max ? f->max
								 : 254));
		break;
	case FT_INT:
		json_object_set_new(s, "type", json_string("integer"));
		if (f->min || f->max) {
			json_object_set_new(s, "minimum", json_integer(f->min));
			json_object_set_new(s, "maximum", json_integer(f->max));
		}
		break;
	case FT_REF:
		json_object_set_new(s, "type", json_string("integer"));
		json_object_set_new(s, "minimum", json_integer(1));
		json_object_set_new(s, "description", json_sprintf(
				    "the id of a %s", f->ref ? f->ref : "record"));
		break;
	case FT_BOOL:
		json_object_set_new(s, "type", json_string("boolean"));
		break;
	case FT_DATE:
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "format", json_string("date"));
		break;
	case FT_TIME:
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "format", json_string("date-time"));
		break;
	case FT_MONEY:
		/* Input also takes "1234.50" or "$1,234.50". */
		json_object_set_new(s, "type", input ?
				    json_pack("[s, s]", "number", "string") :
				    json_string("number"));
		json_object_set_new(s, "minimum", json_integer(0));
		json_object_set_new(s, "maximum",
				    json_integer(MONEY_MAX_MINOR / 100));
		json_object_set_new(s, "description", json_string(
				    "an amount in the currency's major unit, at "
				    "most the currency's decimals (none for JPY, "
				    "3 for KWD); 0 to 10^12 minor units ("
				    MONEY_MAX_TEXT " for a currency of two "
				    "decimals); exactly in `*_minor`"));
		break;
	case FT_ENUM:
		json_object_set_new(s, "type", json_string("string"));
		vals = json_array();
		for (int i = 0; f->values && f->values[i]; i++)
			json_array_append_new(vals, json_string(f->values[i]));
		json_object_set_new(s, "enum", vals);
		break;
	case FT_JSONTEXT:
		json_object_set_new(s, "type", input ?
				    json_pack("[s, s]", "array", "object") :
				    json_pack("[s, s, s]", "array", "object",
					      "string"));
		break;
	}
	return s;
}

/* A record of E as the server answers it: every visible field, always
 * present, null when unset. */
/* A record's custom fields; signed in, openapi_add_fields() lists them. */
static json_t *custom_schema(void)
{
	return json_pack("{s:s, s:s}", "type", "object", "description",
		"the organisation's custom fields (GET /api/v1/fields) by key; "
		"this document lists them when read signed in; null clears one");
}

static json_t *entity_output(const struct entity *e)
{
	json_t *props = json_object(), *req = json_array();
	for (const struct field *f = e->fields; f->name; f++) {
		json_t *s;
		if (f->flags & FF_HIDDEN)
			continue;
		s = field_schema(f, 0);
		if (strcmp(f->name, "id") && strcmp(f->name, "version"))
			allow_null(s);
		if (f->flags & (FF_READONLY | FF_INTERNAL))
			json_object_set_new(s, "readOnly", json_true());
		json_object_set_new(props, f->name, s);
		json_array_append_new(req, json_string(f->name));
		if (f->type == FT_MONEY) {
			char name[64];
			snprintf(name, sizeof(name), "%s_minor", f->name);
			json_object_set_new(props, name, json_pack("{s:[s, s], "
				"s:i, s:I, s:b, s:s}", "type", "integer", "null",
				"minimum", 0, "maximum", (json_int_t)MONEY_MAX_MINOR,
				"readOnly", 1, "description", "the amount exactly, "
				"in minor units of `currency` (its ISO 4217 "
				"exponent: JPY 1000000 is JPY 1,000,000, USD "
				"123450 is USD 1,234.50, KWD 1234 is KWD 1.234)"));
			json_array_append_new(req, json_string(name));
		}
	}
	if (field_kind_of(e))
		json_object_set_new(props, "custom", custom_schema());
	return json_pack("{s:s, s:o, s:o, s:b}", "type", "object",
			 "properties", props, "required", req,
			 "additionalProperties", 0);
}

/* What a client may send for E: CREATE with the required fields, else a
 * patch without the create-only ones. ONLY (NULL-terminated, may be NULL)
 * narrows to the named fields, for services that take a few of them. */
static json_t *entity_input(const struct entity *e, int create,
			    const char *const *only)
{
	json_t *props = json_object(), *req = json_array(), *s;
	for (const struct field *f = e->fields; f->name; f++) {
		int named = 0;
		for (int i = 0; only && only[i]; i++)
			named |= !strcmp(only[i], f->name);
		if (only ? !named :
		    (f->flags & (FF_READONLY | FF_INTERNAL | FF_HIDDEN)) ||
		    (!create && (f->flags & FF_CREATE_ONLY)))
			continue;
		s = field_schema(f, 1);
		if (create && (f->flags & FF_REQUIRED))
			json_array_append_new(req, json_string(f->name));
		else
			allow_null(s);
		json_object_set_new(props, f->name, s);
	}
	if (field_kind_of(e) && !only)
		json_object_set_new(props, "custom", custom_schema());
	s = json_pack("{s:s, s:o, s:b}", "type", "object", "properties", props,
		      "additionalProperties", 0);
	if (json_array_size(req))
		json_object_set_new(s, "required", req);
	else
		json_decref(req);
	return s;
}

static json_t *list_of(const char *item)
{
	return json_pack("{s:s, s:{s:{s:s, s:o}, s:{s:[s, s]}}, s:[s, s]}",
			 "type", "object", "properties",
			 "items", "type", "array", "items", ref(item),
			 "next_cursor", "type", "string", "null",
			 "required", "items", "next_cursor");
}

/* --- the schemas no table describes ---------------------------------------- */

static const char *const next_step_in[] = { "what", "due", "type", NULL };
static const char *const next_step_post[] = { "deal_id", "what", "due",
					      "type", NULL };

static json_t *obj(json_t *props, const char *const *required, int closed)
{
	json_t *s = json_pack("{s:s, s:o}", "type", "object", "properties",
			      props);
	if (required && required[0]) {
		json_t *r = json_array();
		for (int i = 0; required[i]; i++)
			json_array_append_new(r, json_string(required[i]));
		json_object_set_new(s, "required", r);
	}
	if (closed)
		json_object_set_new(s, "additionalProperties", json_false());
	return s;
}

static json_t *str(int max)
{
	return max ? json_pack("{s:s, s:i}", "type", "string", "maxLength", max)
		   : json_pack("{s:s}", "type", "string");
}

static json_t *str_or_null(void)
{
	return json_pack("{s:[s, s]}", "type", "string", "null");
}

static json_t *int_or_null(void)
{
	return json_pack("{s:[s, s]}", "type", "integer", "null");
}

static json_t *array_of_objects(void)
{
	return json_pack("{s:s, s:{s:s}}", "type", "array", "items",
			 "type", "object");
}

/* --- the bodies route rows list (struct body_field) ------------------------ */

static json_t *member_schema(const struct body_field *f)
{
	json_t *s;
	switch (f->type) {
	case BODY_DATE:
		return json_pack("{s:s, s:s}", "type", "string", "format", "date");
	case BODY_BOOL:
		return json_pack("{s:s}", "type", "boolean");
	case BODY_INT:
		s = json_pack("{s:s, s:I}", "type", "integer", "minimum",
			      (json_int_t)f->min);
		if (f->max)
			json_object_set_new(s, "maximum", json_integer(f->max));
		return s;
	case BODY_TEXT:
		break;
	}
	s = str((int)f->max);
	if (f->values) {
		json_t *e = json_array();
		for (int i = 0; f->values[i]; i++)
			json_array_append_new(e, json_string(f->values[i]));
		json_object_set_new(s, "enum", e);
	}
	return s;
}

static json_t *body_schema(const struct body_field *fields)
{
	json_t *props = json_object(), *s;
	json_t *required = json_array();
	for (const struct body_field *f = fields; f->name; f++) {
		json_object_set_new(props, f->name, member_schema(f));
		if (f->required)
			json_array_append_new(required, json_string(f->name));
	}
	s = obj(props, NULL, 1);
	if (json_array_size(required))
		json_object_set_new(s, "required", required);
	else
		json_decref(required);
	return s;
}

/* GET /api/v1/search's answer (core/search.h). */
static void search_schemas(json_t *c)
{
	static const char *const hit_req[] = { "id", "title", "context",
		"snippet", "rank", "deal_id", "contact_id", NULL };
	static const char *const group_req[] = { "kind", "results", NULL };
	static const char *const res_req[] = { "words", "groups", NULL };
	json_object_set_new(c, "SearchHit", obj(json_pack("{s:{s:s}, s:o, "
		"s:{s:[s, s], s:s}, s:{s:s, s:s}, s:{s:s, s:s}, s:o, s:o}",
		"id", "type", "integer", "title", str(0),
		"context", "type", "string", "null", "description",
		"what the record belongs to: a contact's or deal's account, an "
		"interaction's or next step's deal (else contact), a want's deal, "
		"an account's domain",
		"snippet", "type", "string", "description", "a few words of the "
		"record's other text around the match, plain text",
		"rank", "type", "number", "description", "higher is better; "
		"comparable within one answer", "deal_id", int_or_null(),
		"contact_id", int_or_null()), hit_req, 1));
	json_object_set_new(c, "SearchGroup", obj(json_pack("{s:{s:s, s:[s, s, "
		"s, s, s, s]}, s:{s:s, s:o}}", "kind", "type", "string", "enum",
		"contact", "account", "deal", "interaction", "want", "next_step",
		"results", "type", "array", "items", ref("SearchHit")),
		group_req, 1));
	json_object_set_new(c, "SearchResults", obj(json_pack("{s:{s:s, s:s, "
		"s:{s:s}}, s:{s:s, s:s, s:o}}", "words", "type", "array",
		"description", "the words searched for, each as a prefix",
		"items", "type", "string", "groups", "type", "array",
		"description", "one per kind searched, in a fixed order",
		"items", ref("SearchGroup")), res_req, 1));
}

/* Likely duplicates (core/duplicate.h): the evidence, the candidates a
 * refused create or edit lists in its problem, the pairs of
 * /api/v1/duplicates/..., and the switch that goes on anyway. */
static void duplicate_schemas(json_t *c)
{
	static const char *const ev_req[] = { "rule", "value", NULL };
	static const char *const cand_req[] = { "id", "name", "evidence", NULL };
	static const char *const who_req[] = { "id", "name", NULL };
	static const char *const pair_req[] = { "a", "b", "evidence", NULL };
	static const char *const pairs_req[] = { "items", "truncated", NULL };
	static const char *const inputs[] = { "ContactCreate", "ContactUpdate",
		"AccountCreate", "AccountUpdate", NULL };

	json_object_set_new(c, "DuplicateEvidence", obj(json_pack(
		"{s:{s:s, s:[s, s, s, s, s, s]}, s:{s:s, s:s}}",
		"rule", "type", "string", "enum", "email", "phone", "name",
		"similar_name", "domain", "email_domain", "value", "type",
		"string", "description", "what was shared: the address in lower "
		"case, a phone's last nine digits, the domain, or the other "
		"record's name"), ev_req, 1));
	json_object_set_new(c, "DuplicateCandidate", obj(json_pack(
		"{s:{s:s}, s:o, s:{s:s, s:o}}", "id", "type", "integer",
		"name", str(0), "evidence", "type", "array", "items",
		ref("DuplicateEvidence")), cand_req, 1));
	json_object_set_new(c, "DuplicateRecord", obj(json_pack(
		"{s:{s:s}, s:o}", "id", "type", "integer", "name", str(0)),
		who_req, 1));
	json_object_set_new(c, "DuplicatePair", obj(json_pack(
		"{s:o, s:o, s:{s:s, s:o}}", "a", ref("DuplicateRecord"), "b",
		ref("DuplicateRecord"), "evidence", "type", "array", "items",
		ref("DuplicateEvidence")), pair_req, 1));
	json_object_set_new(c, "DuplicatePairs", obj(json_pack(
		"{s:{s:s, s:o}, s:{s:s, s:s}}", "items", "type", "array",
		"items", ref("DuplicatePair"), "truncated", "type", "boolean",
		"description", "more pairs than listed (raise limit)"),
		pairs_req, 1));
	json_object_set_new(json_object_get(json_object_get(c, "Problem"),
					    "properties"), "duplicates",
		json_pack("{s:s, s:o, s:s}", "type", "array", "items",
			  ref("DuplicateCandidate"), "description", "with rule "
			  "duplicate (409): the records the refused contact or "
			  "account is likely the same as"));
	for (int i = 0; inputs[i]; i++) {
		json_t *props = json_object_get(json_object_get(c, inputs[i]),
						"properties");
		if (props)
			json_object_set_new(props, DUPLICATE_ALLOW_FIELD, json_pack(
				"{s:s, s:s}", "type", "boolean", "description",
				"create or save it even though it is likely a "
				"duplicate (refused otherwise: 409, rule "
				"duplicate); not stored"));
	}
}

static void fixed_schemas(json_t *c)
{
	static const char *const problem_req[] = { "type", "title", "status",
						   "detail", NULL };
	static const char *const kind_req[] = { "kind", "score", NULL };
	static const char *const user_req[] = { "id", "org_id", "email",
						"name", "role", "team", NULL };
	static const char *const token_req[] = { "id", "name", "token", NULL };
	static const char *const process_req[] = { "key", "name", "steps",
						   NULL };
	static const char *const step_req[] = { "key", "name", "phase", NULL };
	static const char *const history_req[] = { "id", "at", "action", NULL };
	json_t *s;

	json_object_set_new(c, "Problem", obj(json_pack(
		"{s:{s:s, s:s}, s:o, s:{s:s}, s:o, s:o, s:o, s:o}",
		"type", "type", "string", "format", "uri",
		"title", str(0), "status", "type", "integer", "detail", str(0),
		"instance", str(0),
		"rule", json_pack("{s:s, s:s}", "type", "string", "description",
				  "the rule that refused (next-step-required, "
				  "exit-criteria, fulcrum, follow-up, line-items, "
				  "proposal, order-required, "
				  "promise-move-reason, planned-needs-promise, "
				  "merge-access, merge-undo-day, ...)"),
		"field", json_pack("{s:s, s:s}", "type", "string", "description",
				   "the input field at fault")),
		problem_req, 1));
	duplicate_schemas(c);
	json_object_set_new(c, "SessionUser", obj(json_pack(
		"{s:{s:s}, s:{s:s}, s:o, s:o, s:{s:s, s:[s, s, s]}, s:o}",
		"id", "type", "integer", "org_id", "type", "integer",
		"email", str(0), "name", str(0), "role", "type", "string",
		"enum", "admin", "manager", "rep", "team", str_or_null()),
		user_req, 1));
	json_object_set_new(c, "Session", obj(json_pack("{s:o, s:o, s:{s:s, "
		"s:s}}", "user", ref("SessionUser"), "csrf_token", str(0),
		"password_change_required", "type", "boolean", "description",
		"the user signed in with a password an admin gave them and must "
		"change it (POST /api/v1/auth/password) first"), NULL, 1));
	json_object_set_new(c, "TokenCreated", obj(json_pack("{s:{s:s}, s:o,"
		" s:o}", "id", "type", "integer", "name", str_or_null(),
		"token", json_pack("{s:s, s:s}", "type", "string",
		"description", "the secret, shown in this answer only")),
		token_req, 1));
	json_object_set_new(c, "Token", obj(json_pack("{s:{s:s}, s:o, s:{s:s},"
		" s:{s:s, s:s}, s:{s:[s, s]}, s:{s:s}}", "id", "type", "integer",
		"name", str_or_null(), "user_id", "type", "integer",
		"created_at", "type", "string", "format", "date-time",
		"last_used_at", "type", "string", "null", "revoked", "type",
		"boolean"), NULL, 1));
	json_object_set_new(c, "TokenList", list_of("Token"));
	static const char *const snippet_req[] = { "url", "html", "iframe",
						   NULL };
	json_object_set_new(c, "FormSnippet", obj(json_pack("{s:o, s:o, s:o}",
		"url", str(0), "html", str(0), "iframe", str(0)), snippet_req,
		1));
	json_object_set_new(c, "CalendarToken", obj(json_pack("{s:o, s:o}",
		"token", str(0), "path", str(0)), NULL, 1));
	json_object_set_new(c, "BaseCurrency", obj(json_pack("{s:{s:s, s:s, "
		"s:s}}", "currency", "type", "string", "pattern", "^[A-Za-z]{3}$",
		"description", "an ISO 4217 code"), NULL, 1));
	json_object_set_new(c, "MailSettings", obj(json_pack("{s:o, s:{s:s},"
		" s:{s:s, s:[s, s, s]}, s:o, s:{s:s, s:s}, s:o, s:o, s:o}",
		"host", str(0), "port", "type", "integer", "security", "type",
		"string", "enum", "starttls", "tls", "none", "username", str(0),
		"password_set", "type", "boolean", "description", "a password "
		"is stored (it is never shown)", "from_address", str(0),
		"from_name", str(0), "base_url", str(0)), NULL, 1));
	json_object_set_new(c, "MailSettingsInput", obj(json_pack("{s:o, "
		"s:{s:s, s:i, s:i}, s:{s:s, s:[s, s, s]}, s:o, s:{s:s, s:s}, "
		"s:o, s:o, s:o}", "host", str(253), "port", "type", "integer",
		"minimum", 1, "maximum", 65535, "security", "type", "string",
		"enum", "starttls", "tls", "none", "username", str(254),
		"password", "type", "string", "description", "stored sealed; "
		"\"\" removes it", "from_address", str(254), "from_name",
		str(200), "base_url", str(500)), NULL, 1));
	json_object_set_new(c, "MailPreferences", obj(json_pack("{s:{s:s}, "
		"s:{s:s}, s:{s:s, s:s, s:s}}", "digest", "type", "boolean",
		"reminders", "type", "boolean", "time", "type", "string",
		"pattern", "^([01][0-9]|2[0-3]):[0-5][0-9]$", "description",
		"when the digest is sent, UTC"), NULL, 1));
	json_object_set_new(c, "MailTest", obj(json_pack("{s:o}", "to",
		str(254)), NULL, 1));
	json_object_set_new(c, "MailTestSent", obj(json_pack("{s:o}",
		"sent_to", str(0)), NULL, 1));
	json_object_set_new(c, "Health", obj(json_pack("{s:{s:s, s:[s]}}",
		"status", "type", "string", "enum", "ok"), NULL, 1));
	json_object_set_new(c, "Verify", obj(json_pack("{s:{s:s}, s:{s:s, s:s},"
		" s:{s:s, s:s}, s:{s:s, s:s}}", "ok", "type", "boolean",
		"events", "type", "integer", "description", "events in the chain",
		"last_id", "type", "integer", "description", "the last event's id",
		"head", "type", "string", "description", "the last event's hash "
		"(SHA-256, hexadecimal): kept elsewhere, it shows a later check "
		"that the history still reaches it"), NULL, 1));
	search_schemas(c);
	/* a report's rows and totals differ per report (docs/reports.md);
	 * what every report gives about money is described here */
	s = obj(json_pack("{s:{s:s}, s:{s:s, s:s}, s:{s:s}, s:{s:s, s:{s:s, "
		"s:{s:{s:s}, s:{s:s}, s:{s:s, s:s}}}}, s:{s:s}, s:{s:s}}",
		"report", "type", "string",
		"currency", "type", "string", "description", "the base currency "
		"every amount of the report is in",
		"rates", "type", "array",
		"unconverted", "type", "array", "items", "type", "object",
		"properties", "currency", "type", "string", "deals", "type",
		"integer", "value_minor", "type", "integer", "description",
		"their sum in minor units of their own currency",
		"rows", "type", "array", "totals", "type", "object"), NULL, 0);
	json_object_set_new(s, "description", json_string(
		"A report. Amounts are integers in minor units of `currency` "
		"(ISO 4217's exponent: cents of USD, whole yen of JPY, fils of "
		"KWD), named `*_minor` (`value_minor`, `won_minor`, ...); "
		"`rates` lists the exchange rates used, `unconverted` the deals "
		"of currencies without one, in their own minor units."));
	json_object_set_new(c, "Report", s);

	json_object_set_new(c, "NextStepInput",
			    entity_input(&entity_next_step, 1, next_step_in));
	json_object_set_new(c, "NextStepCreate",
			    entity_input(&entity_next_step, 1, next_step_post));

	/* A deal is created with its agreed next step (R1), and may name its
	 * process by key; an interaction carries its outcome. */
	s = entity_input(&entity_deal, 1, NULL);
	json_object_set_new(json_object_get(s, "properties"), "next_step",
			    ref("NextStepInput"));
	json_object_set_new(json_object_get(s, "properties"), "process",
			    str(64));
	json_object_set_new(json_object_get(s, "properties"), "referral_id",
			    json_pack("{s:s, s:i, s:s}", "type", "integer",
				      "minimum", 1, "description", "the referral "
				      "that produced the deal (credited with its "
				      "won value)"));
	json_object_set_new(c, "DealCreate", s);
	s = entity_input(&entity_interaction, 1, NULL);
	json_object_set_new(json_object_get(s, "properties"), "agreement",
			    json_pack("{s:s, s:s}", "type", "boolean",
				      "description", "whether the customer "
				      "agreed to a next step"));
	json_object_set_new(json_object_get(s, "properties"), "next_step",
			    ref("NextStepInput"));
	json_object_set_new(json_object_get(s, "properties"), "comfort",
			    json_pack("{s:s, s:i, s:i}", "type", "integer",
				      "minimum", 0, "maximum", 5));
	json_object_set_new(json_object_get(s, "properties"), "agreement_type",
			    json_pack("{s:s, s:[s, s], s:s}", "type", "string",
				      "enum", "next_step", "order", "description",
				      "order: the customer placed the order, which a "
				      "win needs (an agreement; implies \"agreement\": "
				      "true); default next_step"));
	json_object_set_new(json_object_get(s, "properties"), "planned",
			    json_pack("{s:s, s:s}", "type", "boolean",
				      "description", "true: it kept the agreed next "
				      "step (needs one open), false: reactive; "
				      "absent: planned when it falls within the "
				      "process's grace_days of the open next step's "
				      "due day"));
	json_object_set_new(c, "InteractionCreate", s);

	/* The deal as salespeople see it (core/deal-show.c). */
	s = entity_output(&entity_deal);
	json_object_update_new(json_object_get(s, "properties"), json_pack(
		"{s:o, s:{s:s}, s:o, s:o, s:o, s:o, s:o, s:{s:s}, s:o, s:o,"
		" s:o, s:o, s:o, s:o, s:o}",
		"checklist", array_of_objects(), "ready", "type", "boolean",
		"process", str(0), "step_name", str(0), "phase", str(0),
		"goal", str(0), "guidance", str(0), "probability", "type",
		"integer", "path", array_of_objects(),
		"next_step", json_pack("{s:[s, s]}", "type", "object", "null"),
		"wants", array_of_objects(), "fits", array_of_objects(),
		"stakeholders", array_of_objects(),
		"interactions", array_of_objects(),
		"checks", array_of_objects()));
	json_object_set_new(c, "DealDetail", s);

	json_object_set_new(c, "HistoryEvent", obj(json_pack(
		"{s:{s:s}, s:{s:s, s:s}, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
		" s:{s:s}}",
		"id", "type", "integer", "at", "type", "string", "format",
		"date-time", "actor_id", int_or_null(), "actor", str_or_null(),
		"action", str(0), "from_step", str_or_null(), "to_step",
		str_or_null(), "reason", str_or_null(),
		/* what the event is about: the deal, or one of its wants, fits,
		 * next steps, interactions or referrals */
		"entity", str(0), "entity_id", "type", "integer"), history_req, 0));
	/* a deal's proposal versions (core/proposal.h); the document itself
	 * is text/html */
	json_object_set_new(c, "Proposal", obj(json_pack("{s:{s:s, s:i}, s:o, "
		"s:{s:s}, s:{s:s, s:s}, s:o, s:{s:[s, s], s:s}, s:{s:[s, s]}}",
		"number", "type", "integer", "minimum", 1, "created_at", str(0),
		"created_by", "type", "integer", "total_minor", "type", "integer",
		"description", "the line items' total (else the deal's value) in "
		"minor units of currency", "currency", str(3), "sent_at", "type",
		"string", "null", "description", "when it was last sent",
		"interaction_id", "type", "integer", "null"),
		(const char *const[]){ "number", "created_at", "total_minor",
				       "currency", NULL }, 1));
	json_object_set_new(c, "ProposalList", list_of("Proposal"));
	/* merges of contacts and accounts (core/merge.h) */
	json_object_set_new(c, "Merge", obj(json_pack("{s:{s:s}, s:{s:s, s:[s, s]},"
		" s:{s:s}, s:{s:s}, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:s, s:o},"
		" s:{s:s, s:{s:s}}, s:{s:s, s:s}}",
		"id", "type", "integer", "entity", "type", "string", "enum",
		"contact", "account", "survivor_id", "type", "integer",
		"merged_id", "type", "integer", "merged_name", str(0),
		"merged_at", str(0), "merged_by", int_or_null(),
		"undone_at", str_or_null(), "undone_by", int_or_null(),
		"set_aside", json_pack("{s:s, s:s}", "type", "integer",
			"description", "rows set aside because the survivor "
			"already had their like (a stakeholder of the same deal)"),
		"taken", "type", "array", "items", str(0),
		"moved", "type", "object", "additionalProperties", "type",
		"integer", "undoable", "type", "boolean", "description",
		"whether POST /api/v1/merges/{id}/undo would undo it now"),
		(const char *const[]){ "id", "entity", "survivor_id", "merged_id",
				       "merged_at", "undoable", NULL }, 1));
	json_object_set_new(c, "MergeList", obj(json_pack("{s:{s:s, s:o}}",
		"items", "type", "array", "items", ref("Merge")),
		(const char *const[]){ "items", NULL }, 1));
	json_object_set_new(c, "MergeCreate", obj(json_pack("{s:{s:s, s:i}, "
		"s:{s:s, s:s, s:{s:s, s:[s, s]}}}",
		"other_id", "type", "integer", "minimum", 1,
		"take", "type", "object", "description", "per field, whose value "
		"the survivor keeps; a field not named keeps the survivor's, or "
		"the other's where the survivor's is empty",
		"additionalProperties", "type", "string", "enum", "survivor",
		"other"), (const char *const[]){ "other_id", NULL }, 1));
	json_object_set_new(c, "MergePreview", obj(json_pack("{s:{s:s}, s:{s:s},"
		" s:{s:s, s:{s:s, s:{s:{s:s}, s:{}, s:{}, s:{s:s, s:[s, s]}}}},"
		" s:{s:s}}",
		"survivor", "type", "object", "other", "type", "object",
		"fields", "type", "array", "items", "type", "object",
		"properties", "name", "type", "string", "survivor", "other",
		"take", "type", "string", "enum", "survivor", "other",
		"result", "type", "object"),
		(const char *const[]){ "survivor", "other", "fields", "result",
				       NULL }, 1));
	json_object_set_new(c, "History", obj(json_pack("{s:{s:s, s:o}}",
		"items", "type", "array", "items", ref("HistoryEvent")),
		(const char *const[]){ "items", NULL }, 1));

	json_object_set_new(c, "ProcessStep", obj(json_pack(
		"{s:o, s:o, s:{s:s, s:[s, s, s, s, s, s]}, s:o, s:o, s:{s:s},"
		" s:{s:s, s:i, s:i}, s:{s:s, s:i}}",
		"key", str(64), "name", str(200), "phase", "type", "string",
		"enum", "engage", "comfort", "discover", "present", "agree",
		"follow_up", "goal", str(0), "guidance", str(0), "criteria",
		"type", "object", "probability", "type", "integer", "minimum",
		0, "maximum", 100, "stall_days", "type", "integer", "minimum",
		0), step_req, 1));
	json_object_set_new(c, "Process", obj(json_pack("{s:{s:s, s:b},"
		" s:o, s:o, s:o, s:{s:s, s:i, s:i}, s:{s:s, s:i, s:i, s:s},"
		" s:{s:s, s:o, s:i}}",
		"id", "type", "integer", "readOnly", 1, "key", str(64),
		"name", str(200), "description", str(4000), "check_days",
		"type", "integer", "minimum", 0, "maximum", 365, "grace_days",
		"type", "integer", "minimum", 0, "maximum", PROCESS_GRACE_MAX,
		"description", "days past due before a promise (an open next "
		"step) counts as missed; default 2", "steps",
		"type", "array", "items", ref("ProcessStep"), "minItems", 1),
		process_req, 1));
	/* the days wants may go without a fit before the agenda's no_fit */
	json_object_set_new(json_object_get(json_object_get(c, "Process"),
		"properties"), "no_fit_days", json_pack("{s:s, s:i, s:i}", "type",
		"integer", "minimum", 1, "maximum", 365));
	/* periodic satisfaction checks of customers (core/process.h) */
	json_object_set_new(json_object_get(json_object_get(c, "Process"),
					    "properties"), "check_every_months",
			    json_pack("{s:s, s:i, s:i}", "type", "integer",
				      "minimum", 0, "maximum",
				      PROCESS_CHECK_MONTHS_MAX));
	json_object_set_new(c, "ProcessList", obj(json_pack("{s:{s:s, s:{s:s}},"
		" s:{s:[s, s]}}", "items", "type", "array", "items", "type",
		"object", "next_cursor", "type", "string", "null"),
		(const char *const[]){ "items", "next_cursor", NULL }, 1));
	json_object_set_new(c, "AgendaItem", obj(json_pack("{s:o, s:{s:s},"
		" s:o, s:{s:s}, s:{s:s}, s:{s:s}}", "kind", str(0), "score",
		"type", "integer", "reason", str(0), "deal_id", "type",
		"integer", "contact_id", "type", "integer", "explain", "type",
		"object"), kind_req, 0));
	json_object_set_new(c, "Agenda", obj(json_pack("{s:{s:s, s:o}}",
		"items", "type", "array", "items", ref("AgendaItem")),
		(const char *const[]){ "items", NULL }, 1));
}

/* --- routes ---------------------------------------------------------------- */

static int doc_empty(const struct route_doc *d)
{
	return !d->body && !d->status && !d->result && !d->flags && !d->query;
}

/* The doc of route RT: its row's, or for a row that leaves it empty and
 * is a plain record verb on its path's entity (collection: list and
 * create; item: read, update, delete), the entity's. NAMES holds the
 * derived schema names D points to. */
static void route_doc_of(const struct route *rt, struct route_doc *d,
			 char names[4][64])
{
	const struct entity *e = router_entity(rt);
	const char *rest;
	int item;

	*d = rt->doc;
	if (!d->status)
		d->status = 200;
	if (!doc_empty(&rt->doc) || !e)
		return;
	rest = rt->pattern + strlen(API_PREFIX) + strlen(e->plural);
	if (*rest && strcmp(rest, "/{id}"))
		return;
	item = *rest != '\0';
	schema_name(e, "", names[0], sizeof(names[0]));
	schema_name(e, "List", names[1], sizeof(names[1]));
	schema_name(e, "Create", names[2], sizeof(names[2]));
	schema_name(e, "Update", names[3], sizeof(names[3]));
	if (!strcmp(rt->method, "GET")) {
		d->result = item ? names[0] : names[1];
		d->flags = item ? DOC_RECORD : 0;
	} else if (!strcmp(rt->method, "POST") && !item) {
		d->status = 201;
		d->body = names[2];
		d->result = names[0];
		d->flags = DOC_RECORD | DOC_CONFLICT;
	} else if (!strcmp(rt->method, "PATCH") && item) {
		d->body = names[3];
		d->result = names[0];
		d->flags = DOC_RECORD | DOC_CONFLICT;
	} else if (!strcmp(rt->method, "DELETE") && item) {
		d->status = 204;
		d->flags = DOC_CONFLICT;
	}
}

/* {"type/a": {"schema": SCHEMA}, ...} for the space-separated TYPES
 * (a JSON type gets an object schema); takes SCHEMA. */
static json_t *media_types(const char *types, json_t *schema)
{
	json_t *c = json_object();
	char one[64];
	for (const char *p = types; *p;) {
		size_t n = strcspn(p, " ");
		if (n && n < sizeof(one)) {
			memcpy(one, p, n);
			one[n] = '\0';
			/* A JSON backup is an object; files are text. */
			json_object_set_new(c, one, strstr(one, "json") ?
				json_pack("{s:{s:s}}", "schema", "type",
					  "object") :
				json_pack("{s:O}", "schema", schema));
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	json_decref(schema);
	return c;
}

static json_t *problem_response(const char *what)
{
	return json_pack("{s:s, s:{s:{s:o}}}", "description", what, "content",
			 "application/problem+json", "schema", ref("Problem"));
}

static json_t *param(const char *name, const char *in, int required,
		     json_t *schema, const char *description)
{
	json_t *p = json_pack("{s:s, s:s, s:b, s:o}", "name", name, "in", in,
			      "required", required, "schema", schema);
	if (description)
		json_object_set_new(p, "description", json_string(description));
	return p;
}

/* {"$ref": "#/components/parameters/NAME"} */
static json_t *shared_param(const char *name)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "#/components/parameters/%s", name);
	return json_pack("{s:s}", "$ref", buf);
}

/* limit, cursor, q, sort and one equality filter per FF_FILTER field. */
static void list_params(const struct entity *e, json_t *params)
{
	json_t *sorts = json_array();
	char desc[80];
	json_array_append_new(params, json_pack("{s:s}", "$ref",
				"#/components/parameters/limit"));
	json_array_append_new(params, json_pack("{s:s}", "$ref",
				"#/components/parameters/cursor"));
	json_array_append_new(params, json_pack("{s:s}", "$ref",
				"#/components/parameters/q"));
	for (const struct field *f = e->fields; f->name; f++) {
		if ((f->flags & FF_HIDDEN) || f->type == FT_JSONTEXT)
			continue;
		json_array_append_new(sorts, json_string(f->name));
		json_array_append_new(sorts, json_sprintf("-%s", f->name));
	}
	json_array_append_new(params, param("sort", "query", 0, json_pack(
		"{s:s, s:o}", "type", "string", "enum", sorts),
		"the field to sort by; a leading '-' sorts descending"));
	for (const struct field *f = e->fields; f->name; f++) {
		if (!(f->flags & FF_FILTER) || (f->flags & FF_HIDDEN))
			continue;
		snprintf(desc, sizeof(desc), "only %s whose %s equals this; "
			 "repeat for any of several", e->plural, f->name);
		json_array_append_new(params, param(f->name, "query", 0,
						    field_schema(f, 0), desc));
	}
}

/* Path parameters of PATTERN, in order. */
static void path_params(const char *pattern, json_t *params)
{
	for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
		size_t n = strcspn(p + 1, "}");
		char name[32];
		if (n >= sizeof(name))
			continue;
		memcpy(name, p + 1, n);
		name[n] = '\0';
		if (!strcmp(name, "key"))
			json_array_append_new(params, param(name, "path", 1,
				json_pack("{s:s, s:i, s:s}", "type", "string",
					  "maxLength", 64, "pattern",
					  "^[a-z0-9_-]+$"),
				"the process's key"));
		else if (n >= 2 && !strcmp(name + n - 2, "id"))
			json_array_append_new(params, param(name, "path", 1,
				json_pack("{s:s, s:i}", "type", "integer",
					  "minimum", 1), NULL));
		else
			json_array_append_new(params, param(name, "path", 1,
				json_pack("{s:s, s:i}", "type", "string",
					  "maxLength", 256), NULL));
	}
}

static const char *tag_of(const char *pattern, char *buf, size_t n)
{
	const char *p = pattern;
	size_t k;
	if (!strncmp(p, API_PREFIX, strlen(API_PREFIX)))
		p += strlen(API_PREFIX);
	else
		return "operations";
	k = strcspn(p, "/.");
	snprintf(buf, n, "%.*s", (int)k, p);
	return buf;
}

/* "POST /api/v1/deals/{id}/advance" -> "post_deals_id_advance". */
static void operation_id(const struct route *rt, char *out, size_t n)
{
	size_t k = 0;
	const char *p = rt->pattern;
	for (const char *m = rt->method; *m && k + 1 < n; m++)
		out[k++] = (char)tolower((unsigned char)*m);
	if (!strncmp(p, API_PREFIX, strlen(API_PREFIX)))
		p += strlen(API_PREFIX) - 1;
	for (; *p && k + 1 < n; p++) {
		if (isalnum((unsigned char)*p))
			out[k++] = (char)tolower((unsigned char)*p);
		else if (k && out[k - 1] != '_' && *p != '}')
			out[k++] = '_';
	}
	while (k && out[k - 1] == '_')
		k--;
	out[k] = '\0';
}

static json_t *operation(const struct route *rt)
{
	struct route_doc d;
	const struct entity *e = router_entity(rt);
	int unsafe = strcmp(rt->method, "GET") != 0;
	int has_path = strchr(rt->pattern, '{') != NULL;
	json_t *op = json_object(), *params = json_array(),
	       *resps = json_object(), *ok, *headers;
	char buf[128], tag[64], names[4][64];

	route_doc_of(rt, &d, names);
	operation_id(rt, buf, sizeof(buf));
	json_object_set_new(op, "operationId", json_string(buf));
	json_object_set_new(op, "summary", json_string(rt->summary ?
						      rt->summary : rt->pattern));
	json_object_set_new(op, "tags", json_pack("[s]", tag_of(rt->pattern,
				tag, sizeof(tag))));
	if (rt->flags & ROUTE_PUBLIC)
		json_object_set_new(op, "security", json_array());
	else if (unsafe)
		json_object_set_new(op, "security", json_pack(
			"[{s:[]}, {s:[], s:[]}]", "bearerAuth", "sessionCookie",
			"csrfToken"));
	else
		json_object_set_new(op, "security", json_pack("[{s:[]}, {s:[]}]",
				    "bearerAuth", "sessionCookie"));

	path_params(rt->pattern, params);
	if (e && !strcmp(rt->method, "GET") && d.result &&
	    strlen(d.result) > 4 && !strncmp(d.result + strlen(d.result) - 4, "List", 4))
		list_params(e, params);
	for (const struct route_query *q = d.query; q && q->name; q++)
		json_array_append_new(params, q->description && q->type ?
			param(q->name, "query", 0, json_pack("{s:s}", "type",
				q->type), q->description) :
			q->description ?
			param(q->name, "query", 0, json_pack("{s:s, s:[s, s]}",
				"type", "string", "enum", "true", "false"),
				q->description) :
			shared_param(q->name));
	if (rt->flags & ROUTE_IF_MATCH)
		json_array_append_new(params, json_pack("{s:s}", "$ref",
					"#/components/parameters/ifMatch"));
	if (json_array_size(params))
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);

	if (d.flags & DOC_RAW_BODY)
		json_object_set_new(op, "requestBody", json_pack("{s:b, s:o}",
				    "required", 1, "content", media_types(d.body,
				    json_pack("{s:s}", "type", "string"))));
	else if (rt->flags & (ROUTE_JSON_BODY | ROUTE_JSON_OPTIONAL)) {
		json_t *schema = d.body ? ref(d.body) :
				 json_pack("{s:s}", "type", "object");
		json_object_set_new(op, "requestBody", json_pack(
			"{s:b, s:{s:{s:o}}}", "required",
			(rt->flags & ROUTE_JSON_BODY) != 0, "content",
			"application/json", "schema", schema));
	}

	/* The answer on success. */
	ok = json_pack("{s:s}", "description", rt->summary ? rt->summary : "ok");
	headers = json_object();
	if (d.flags & DOC_RECORD)
		json_object_set_new(headers, "ETag", json_pack("{s:s}", "$ref",
				    "#/components/headers/ETag"));
	if (d.status == 201)
		json_object_set_new(headers, "Location", json_pack("{s:s, s:{s:s}}",
				    "description", "the new record's path",
				    "schema", "type", "string"));
	if (json_object_size(headers))
		json_object_set_new(ok, "headers", headers);
	else
		json_decref(headers);
	if (d.flags & DOC_TEXT)
		json_object_set_new(ok, "content", media_types(d.result,
				    json_pack("{s:s}", "type", "string")));
	else if (d.result || d.status != 204)
		json_object_set_new(ok, "content", json_pack("{s:{s:o}}",
				    "application/json", "schema", d.result ?
				    ref(d.result) : json_pack("{s:s}", "type",
							      "object")));
	snprintf(buf, sizeof(buf), "%d", d.status ? d.status : 200);
	if (d.flags & DOC_DRY_RUN)
		json_object_set_new(resps, "200", json_pack("{s:s, s:O}",
				    "description", "what would happen: nothing "
				    "was written", "content",
				    json_object_get(ok, "content")));
	json_object_set_new(resps, buf, ok);

	/* The refusals that apply. */
	if (!(rt->flags & ROUTE_NO_DB) || (rt->flags & ROUTE_JSON_BODY))
		json_object_set_new(resps, "400", problem_response(
			"malformed request: query, body, a field's value"));
	if (d.flags & DOC_RATE)
		json_object_set_new(resps, "401", problem_response(
			"wrong email or password"));
	if (d.flags & DOC_PUBLIC_POST) {
		json_object_set_new(resps, "403", problem_response(
			"a browser's post from an origin the form does not "
			"allow"));
		json_object_set_new(resps, "413", problem_response(
			"the post is larger than the form takes"));
		json_object_set_new(resps, "429", json_pack(
			"{s:s, s:{s:{s:s, s:{s:s}}}, s:{s:{s:o}}}",
			"description", "too many posts from this address: wait",
			"headers", "Retry-After", "description", "seconds to wait",
			"schema", "type", "integer", "content",
			"application/problem+json", "schema", ref("Problem")));
	}
	if (!(rt->flags & ROUTE_PUBLIC)) {
		json_object_set_new(resps, "401", problem_response(
			"not signed in: no or an unknown session or token"));
		if (unsafe || (rt->flags & (ROUTE_ADMIN | ROUTE_MANAGER)))
			json_object_set_new(resps, "403", problem_response(
				"visible, but the caller may not do this (or "
				"the CSRF token is missing)"));
	}
	if (has_path)
		json_object_set_new(resps, "404", problem_response(
			"no such record, or not visible to the caller"));
	if (d.flags & DOC_CONFLICT)
		json_object_set_new(resps, "409", problem_response(
			"a duplicate, or the record's state forbids it"));
	if (rt->flags & ROUTE_IF_MATCH)
		json_object_set_new(resps, "412", problem_response(
			"If-Match names an older version: nothing changed"));
	if (rt->flags & (ROUTE_JSON_BODY | ROUTE_JSON_OPTIONAL)) {
		json_object_set_new(resps, "413", problem_response(
			"the body is larger than the server takes"));
		json_object_set_new(resps, "415", problem_response(
			"the body is not application/json"));
	}
	if (d.flags & DOC_RULES)
		json_object_set_new(resps, "422", problem_response(
			"refused by a process rule: `type` ends in its name"));
	if (d.flags & DOC_RATE)
		json_object_set_new(resps, "429", json_pack(
			"{s:s, s:{s:{s:s, s:{s:s}}}, s:{s:{s:o}}}",
			"description", "too many failed sign-ins: wait",
			"headers", "Retry-After", "description", "seconds to wait",
			"schema", "type", "integer", "content",
			"application/problem+json", "schema", ref("Problem")));
	if (!(rt->flags & ROUTE_NO_DB))
		json_object_set_new(resps, "500", problem_response(
			"the database or the system failed"));
	json_object_set_new(op, "responses", resps);
	return op;
}

/* Whether some route reads or answers schema NAME. */
static int schema_used(const char *name)
{
	for (int i = 0; i < router_count(); i++) {
		struct route_doc d;
		char names[4][64];
		route_doc_of(router_at(i), &d, names);
		if ((d.body && !strcmp(d.body, name)) ||
		    (d.result && !strcmp(d.result, name)))
			return 1;
	}
	return 0;
}

static json_t *components(void)
{
	json_t *schemas = json_object();
	char name[64];

	for (int i = 0; entities[i]; i++) {
		const struct entity *e = entities[i];
		int routed = 0;
		for (int k = 0; k < router_count(); k++)
			routed |= router_entity(router_at(k)) == e;
		if (!routed)
			continue;
		schema_name(e, "", name, sizeof(name));
		json_object_set_new(schemas, name, entity_output(e));
		schema_name(e, "List", name, sizeof(name));
		if (schema_used(name)) {
			char item[64];
			schema_name(e, "", item, sizeof(item));
			json_object_set_new(schemas, name, list_of(item));
		}
		schema_name(e, "Create", name, sizeof(name));
		if (schema_used(name))
			json_object_set_new(schemas, name,
					    entity_input(e, 1, NULL));
		schema_name(e, "Update", name, sizeof(name));
		if (schema_used(name))
			json_object_set_new(schemas, name,
					    entity_input(e, 0, NULL));
	}
	fixed_schemas(schemas);
	openapi_webhook_schemas(schemas);
	openapi_mail_schemas(schemas);
	for (int i = 0; i < router_count(); i++) {
		const struct route *rt = router_at(i);
		if (rt->doc.fields && rt->doc.body &&
		    !json_object_get(schemas, rt->doc.body))
			json_object_set_new(schemas, rt->doc.body,
					    body_schema(rt->doc.fields));
	}
	return json_pack("{s:o, s:{s:o, s:o, s:o, s:o}, s:{s:o},"
			 " s:{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s},"
			 " s:{s:s, s:s, s:s, s:s}}}",
		"schemas", schemas,
		"parameters",
		"limit", param("limit", "query", 0, json_pack(
			"{s:s, s:i, s:i, s:i}", "type", "integer", "minimum", 1,
			"maximum", 1000, "default", 50), "at most this many items"),
		"cursor", param("cursor", "query", 0, str(4096),
			"the next_cursor of the previous page"),
		"q", param("q", "query", 0, str(4096),
			"free text matched against the searchable fields"),
		"ifMatch", param("If-Match", "header", 0, json_pack(
			"{s:s}", "type", "string"),
			"the ETag last read, a list of ETags or \"*\" (RFC "
			"9110, strong comparison): when no member names the "
			"version now (a stale, foreign or weak tag) the answer "
			"is 412 and nothing changes; \"*\" matches any version"),
		"headers",
		"ETag", json_pack("{s:s, s:{s:s, s:s}}", "description",
			"the record's version", "schema", "type", "string",
			"pattern", "^\"[0-9]+\"$"),
		"securitySchemes",
		"bearerAuth", "type", "http", "scheme", "bearer", "description",
		"a token from POST /api/v1/tokens or `fulcrum token add`",
		"sessionCookie", "type", "apiKey", "in", "cookie", "name",
		"fulcrum_session", "description",
		"the HttpOnly cookie set by POST /api/v1/auth/login",
		"csrfToken", "type", "apiKey", "in", "header", "name",
		"X-CSRF-Token", "description",
		"the csrf_token from auth/login; required with the cookie on "
		"unsafe methods");
}

json_t *openapi_document(void)
{
	json_t *paths = json_object(), *tags = json_array(), *seen = json_object();
	char tag[64];

	for (int i = 0; i < router_count(); i++) {
		const struct route *rt = router_at(i);
		json_t *item = json_object_get(paths, rt->pattern);
		char method[16];
		size_t k;
		if (!item) {
			item = json_object();
			json_object_set_new(paths, rt->pattern, item);
		}
		for (k = 0; rt->method[k] && k + 1 < sizeof(method); k++)
			method[k] = (char)tolower((unsigned char)rt->method[k]);
		method[k] = '\0';
		json_object_set_new(item, method, operation(rt));
		tag_of(rt->pattern, tag, sizeof(tag));
		if (!json_object_get(seen, tag)) {
			json_object_set_new(seen, tag, json_true());
			json_array_append_new(tags, json_pack("{s:s, s:s}",
				"name", tag, "description",
				strncmp(rt->pattern, API_PREFIX,
					strlen(API_PREFIX)) ?
				"health checks and metrics for operators" :
				"a resource under /api/v1"));
		}
	}
	json_decref(seen);
	return json_pack("{s:s, s:{s:s, s:s, s:s}, s:[{s:s, s:s}],"
			 " s:o, s:o, s:o, s:o}",
		"openapi", "3.1.0",
		"info", "title", "Fulcrum API", "version", "1",
		"description", "The HTTP JSON API of Fulcrum, a CRM that runs "
		"selling on a sales process. Errors are application/problem+json "
		"(RFC 9457); lists page with limit and cursor; records carry an "
		"ETag and updates honour If-Match.",
		"servers", "url", "/", "description", "this server",
		"tags", tags, "paths", paths, "webhooks", openapi_webhooks(),
		"components", components());
}
