/* Records: every entity is described by a table of fields (entities.c), and
 * one generic layer validates JSON input against it, checks access, and
 * reads, lists, creates, updates and deletes rows. Domain services
 * (deal.c, interaction.c, ...) add their rules on top and call these inside
 * their transaction. The JSON field names are SPEC.md's; references end in
 * _id; money is a decimal amount; every record carries "id" and "version"
 * (its ETag). Read next: core/deal.h. */
#ifndef FC_CORE_RECORD_H
#define FC_CORE_RECORD_H

#include <jansson.h>

#include "core/ctx.h"
#include "core/money.h"
#include "util/buf.h"

struct jw;

enum field_type {
	FT_TEXT,	/* string, max length `max` bytes of valid UTF-8 */
	FT_INT,		/* integer between min and max */
	FT_BOOL,	/* stored 0/1, JSON true/false */
	FT_DATE,	/* "YYYY-MM-DD" */
	FT_TIME,	/* ISO 8601 date-time, stored as UTC "…Z" */
	FT_MONEY,	/* decimal amount in JSON (and NAME_minor, exact),
			   integer minor units of the record's currency in
			   `column` */
	FT_ENUM,	/* one of `values` */
	FT_REF,		/* id of a record of entity `ref`, visible to the caller */
	FT_EMAIL,	/* text that looks like an address */
	FT_JSONTEXT,	/* a JSON array or object kept as text */
};

enum field_flag {
	FF_REQUIRED = 1 << 0,	/* must be given on create */
	FF_READONLY = 1 << 1,	/* set by the system, never by input */
	FF_CREATE_ONLY = 1 << 2,/* may be given on create, not changed later */
	FF_SEARCH = 1 << 3,	/* matched by --q / ?q= */
	FF_FILTER = 1 << 4,	/* usable as an equality filter in lists */
	FF_HIDDEN = 1 << 5,	/* never shown (hashes) */
	FF_INTERNAL = 1 << 6,	/* set only by core services, not by clients */
	FF_NOT_NULL = 1 << 7,	/* has a default, but may not be set to null */
	FF_FOLD_CASE = 1 << 8,	/* FT_EMAIL: one address whatever its case, so
				   kept in lower case (users' logins) */
};

struct field {
	const char *name;	/* JSON name */
	const char *column;	/* SQL column; NULL means the same as name */
	enum field_type type;
	unsigned flags;
	int64_t min, max;	/* FT_INT bounds; FT_TEXT max bytes (0: 2000) */
	const char *const *values;	/* FT_ENUM, NULL-terminated */
	const char *ref;	/* FT_REF: the entity's name */
};

enum access_kind {
	ACCESS_OWNER,	/* owner_id column: own, team (manager), shared, all (admin) */
	ACCESS_DEAL,	/* through deal_id: visible when the deal is; rows
			   without a deal fall back to their owner_id */
	ACCESS_ORG,	/* everyone in the org reads; managers and admins write */
	ACCESS_ADMIN,	/* everyone reads; only admins write */
	ACCESS_AUDIT,	/* only admins read; nobody writes (history) */
};

struct entity {
	const char *name;	/* "deal" */
	const char *plural;	/* "deals": the CLI list and the API path */
	const char *table;	/* "deals" */
	const struct field *fields;	/* ends with a NULL name */
	enum access_kind access;
	int deletable;		/* may be deleted through the generic layer */
	int service_history;	/* its service records the create event itself */
	/* Called by record_update() in its transaction, after validation and
	 * before the row is written, with the record as it was and the
	 * validated patch (may be NULL): refuses what a rule of the entity
	 * forbids, or does what the change entails. NULL: nothing to do. */
	int (*on_update)(struct fc_ctx *ctx, int64_t id, json_t *before,
			 json_t *patch, struct fc_error *err);
	/* Called by record_create() before validation with the caller's
	 * input, which it may complete with the entity's defaults; may
	 * refuse. NULL: nothing to do. */
	int (*on_create)(struct fc_ctx *ctx, json_t *in, struct fc_error *err);
};

extern const struct entity entity_user, entity_account, entity_contact,
	entity_deal, entity_want, entity_offering, entity_fit,
	entity_interaction, entity_next_step, entity_check, entity_referral,
	entity_process, entity_event, entity_ask, entity_rate,
	entity_line_item, entity_custom_field, entity_form;
/* All of them, ending with NULL. */
extern const struct entity *const entities[];
const struct entity *entity_find(const char *name_or_plural);
const struct field *entity_field(const struct entity *e, const char *name);

struct list_query {
	json_t *filters;	/* {"field": value | [values]}, borrowed */
	const char *q;		/* free text over FF_SEARCH fields */
	const char *sort;	/* "field" or "-field"; default "id" */
	int limit;		/* 1..1000; 0 means 50 */
	const char *cursor;	/* from a previous page's next_cursor */
};

/* Reads record ID of E as JSON (new reference). FC_ENOTFOUND when missing or
 * not visible to ctx->user. */
int record_get(struct fc_ctx *ctx, const struct entity *e, int64_t id,
	       json_t **out, struct fc_error *err);
/* The same record written as text into W, as record_get() gives it, with
 * its object left open for the caller's keys and close; the fields KEEP
 * names (NULL-terminated) are also set on *KEPT (new reference), for the
 * caller to read. */
int record_get_write(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		     struct jw *w, const char *const *keep, json_t **kept,
		     struct fc_error *err);
/* {"items": [...], "next_cursor": "..."|null}. */
int record_list(struct fc_ctx *ctx, const struct entity *e,
		const struct list_query *q, json_t **out, struct fc_error *err);
/* The same page written as JSON text into OUT (the bytes json_dump*()
 * gives with JSON_COMPACT | JSON_ENSURE_ASCII): the API's list answers,
 * without a tree of every value. */
int record_list_write(struct fc_ctx *ctx, const struct entity *e,
		      const struct list_query *q, struct buf *out,
		      struct fc_error *err);
/* Validates IN against E's fields (unknown fields, types, bounds, enums,
 * references) and inserts. EXTRA (may be NULL) holds values set by a core
 * service: internal and read-only fields, already valid. Fills owner_id
 * with the acting user when E has one and none was given. *ID gets the new
 * id. Runs in the caller's transaction if one is open. */
int record_create(struct fc_ctx *ctx, const struct entity *e, json_t *in,
		  json_t *extra, int64_t *id, struct fc_error *err);
/* Applies PATCH (only the given fields). IF_VERSION > 0 must equal the
 * record's version (FC_ESTALE otherwise). Bumps version. */
int record_update(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		  json_t *patch, json_t *extra, int64_t if_version,
		  struct fc_error *err);
int record_delete(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		  int64_t if_version, struct fc_error *err);

/* Whether ctx->user may see / change record ID (0 or FC_ENOTFOUND /
 * FC_EFORBIDDEN). */
int record_check_access(struct fc_ctx *ctx, const struct entity *e,
			int64_t id, int write, struct fc_error *err);

#endif
