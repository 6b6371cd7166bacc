/* Custom fields: fields an admin defines per kind of record (contact,
 * account, deal), and their values. Definitions are records of the entity
 * "field" (entities.c; only admins write them, field.c holds their rules);
 * values live beside the record in custom_values and travel in the
 * record's JSON as "custom": {"KEY": value} (field-value.c). Every value is
 * checked here once, whether it comes from the API, the CLI or an import.
 * Refusals name the rule "custom-field". Read next: docs/custom-fields.md. */
#ifndef FC_CORE_FIELD_H
#define FC_CORE_FIELD_H

#include <jansson.h>

#include "core/ctx.h"
#include "core/query.h"
#include "core/record.h"
#include "util/buf.h"

#define FIELD_KEY_MAX 40	/* bytes of a key */
#define FIELD_LABEL_MAX 100	/* bytes of a label */
#define FIELD_CHOICES_MAX 100	/* choices of one field */
#define FIELD_CHOICE_MAX 100	/* bytes of one choice */
#define FIELD_TEXT_MAX 2000	/* bytes of a text value */
#define FIELD_PER_KIND_MAX 100	/* fields of one kind of record */

enum field_kind_type {
	CF_TEXT, CF_NUMBER, CF_MONEY, CF_DATE, CF_CHOICE, CF_YESNO,
	CF_CONTACT, CF_ACCOUNT,
};

/* The kinds of record and the types, as their NULL-terminated names. */
extern const char *const field_kinds[];
extern const char *const field_types[];

/* One definition as core reads it. */
struct field_def {
	int64_t id;
	char kind[16];
	char key[FIELD_KEY_MAX + 1];
	char label[FIELD_LABEL_MAX + 1];
	enum field_kind_type type;
	char currency[4];	/* CF_MONEY: the amounts' currency */
	char required_step[65];	/* deals: "" or the step it must be set to leave */
	json_t *choices;	/* CF_CHOICE: array of strings, owned; else NULL */
	int archived;
};

/* The definitions of KIND in display order (position, then id), archived
 * ones only when WITH_ARCHIVED. *OUT gets a new array of N entries, freed
 * with field_defs_free(). */
int field_defs_load(struct fc_ctx *ctx, const char *kind, int with_archived,
		    struct field_def **out, int *n, struct fc_error *err);
void field_defs_free(struct field_def *defs, int n);

/* The kind of custom fields records of E have ("contact", "account",
 * "deal"), or NULL when E takes none. */
const char *field_kind_of(const struct entity *e);

/* One checked value: TEXT (owned, may be NULL) and NUMBER (when HAS_NUMBER),
 * as custom_values stores them. */
struct field_value {
	char *text;
	int64_t number;
	int has_number;
};
void field_value_release(struct field_value *v);

/* Checks V (JSON, or a string as people type it: "12.5", "yes", "$1,200",
 * "2026-03-01", an id for a link) against definition D, without the
 * database: the type, the bounds, the choices, the currency's decimals.
 * NULL, JSON null and blank text mean "no value" (OUT stays empty, returns
 * 1). 0 when OUT holds a value; FC_ERULE "custom-field" naming the field. */
int field_value_parse(const struct field_def *d, json_t *v,
		      struct field_value *out, struct fc_error *err);
/* The stored value as JSON (a string, a number, true/false, an id). */
json_t *field_value_json(const struct field_def *d, const char *text,
			 int has_number, int64_t number);

/* V (a value of D as records carry it) as a CSV cell the import reads
 * back: text as is, numbers in their written form, amounts in the
 * currency's decimals, yes or no, a link's id; appended to OUT. */
void field_value_text(const struct field_def *d, json_t *v, struct buf *out);

/* Writes the "custom" object IN ({"KEY": value|null}) of record ID of
 * entity E, in the caller's transaction: every key must be a live field of
 * E's kind, every value valid, every link to a record ctx->user may see.
 * null clears a value. *CHANGES (may be NULL) gets {"KEY": [before, after]}
 * of what changed, for history. */
int field_values_write(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		       json_t *in, json_t **changes, struct fc_error *err);
/* How people read the values of CUSTOM (a record's "custom" object, of
 * KIND): *OUT gets [{"key", "label", "text"}] in the fields' order, amounts
 * with their currency, yes/no, a link as "ID (name)". */
int field_values_display(struct fc_ctx *ctx, const char *kind, json_t *custom,
			 json_t **out, struct fc_error *err);
/* Deletes the values of record ID of E, and the links to it, with the
 * record (in the caller's transaction). */
int field_values_forget(struct fc_ctx *ctx, const struct entity *e,
			int64_t id, struct fc_error *err);
/* Sets "custom": {"KEY": value} on each record of ITEMS (one record object
 * or an array of them) of entity E: live fields only, unset ones absent. */
int field_values_attach(struct fc_ctx *ctx, const struct entity *e,
			json_t *items, struct fc_error *err);
/* The same "custom" objects written as JSON text: OUT[k] (N initialised
 * buffers) gets the object of record IDS[k]; *HAS is 0, and nothing
 * written, when E has no custom fields. */
int field_values_text(struct fc_ctx *ctx, const struct entity *e,
		      const int64_t *ids, int n, struct buf *out, int *has,
		      struct fc_error *err);
/* Appends to Q " AND t.id IN (...)" for the filter "custom.KEY" = V (a
 * value, null for "not set", or an array of values) of a list of E. */
int field_filter_sql(struct fc_ctx *ctx, const struct entity *e,
		     const char *key, json_t *v, struct qb *q,
		     struct fc_error *err);
/* The fields of deals required to leave their step: DEAL_IDS[i] (N of
 * them, read in a query per 80) is at STEPS[i]; calls FN once per deal and
 * field, in the fields' order, with the deal's index I, the field's label
 * and whether the deal has a value. */
int field_steps_required(struct fc_ctx *ctx, const int64_t *deal_ids,
			 const char *const *steps, int n,
			 void (*fn)(void *data, int i, const char *label, int set),
			 void *data);

/* Hooks of the entity "field" (entities.c): defaults and rules of a
 * definition on create and update. */
int field_def_on_create(struct fc_ctx *ctx, json_t *in, struct fc_error *err);
int field_def_on_update(struct fc_ctx *ctx, int64_t id, json_t *before,
			json_t *patch, struct fc_error *err);
/* Removes definition ID (admins): deleted when no record holds a value,
 * else archived with its values kept. *ARCHIVED tells which. */
int field_def_remove(struct fc_ctx *ctx, int64_t id, int64_t if_version,
		     int *archived, struct fc_error *err);
/* The id of the definition KEY of KIND (archived too); FC_ENOTFOUND. */
int field_def_find(struct fc_ctx *ctx, const char *kind, const char *key,
		   int64_t *id, struct fc_error *err);

#endif
