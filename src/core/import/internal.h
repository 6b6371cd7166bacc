/* Shared by the import files: the built-in presets (presets.c), the
 * per-row savepoint, and the lookups every importer needs (accounts by
 * name, contacts by email, external ids). Not a public interface. */
#ifndef FC_CORE_IMPORT_INTERNAL_H
#define FC_CORE_IMPORT_INTERNAL_H

#include "core/import/import.h"

#define IK_A (1u << IMPORT_ACCOUNTS)
#define IK_C (1u << IMPORT_CONTACTS)
#define IK_D (1u << IMPORT_DEALS)

struct preset_col {
	const char *header;	/* their column, compared without case */
	const char *target;	/* our import field */
	unsigned kinds;		/* IK_* it applies to */
};

struct preset {
	const char *name;
	const struct preset_col *cols;	/* ends with a NULL header */
	const char *const *stages;	/* "Their Stage=target" strings, NULL-ended */
	const char *const *sources;	/* "Their Source=our source", NULL-ended */
};

const struct preset *import_preset_find(const char *name);

/* Readies the connection for row-by-row savepoints (the bookkeeping
 * tables import_runs and import_keys come from sql/004-import.sql). */
int import_connection_prepare(struct fc_ctx *ctx, struct fc_error *err);

/* Each row runs inside a savepoint so that a failing row undoes only
 * itself, never the batch around it. */
int import_row_begin(struct fc_ctx *ctx);
void import_row_end(struct fc_ctx *ctx, int failed);

/* The account named NAME (exact), created when CREATE and missing; *ID 0
 * when missing and not created. */
int import_account_by_name(struct fc_ctx *ctx, const char *name, int create,
			   int64_t *id, struct fc_error *err);
/* The contact with EMAIL (exact), or 0. */
int import_contact_by_email(struct fc_ctx *ctx, const char *email, int64_t *id,
			    struct fc_error *err);
int import_key_get(struct fc_ctx *ctx, const char *entity, const char *ext,
		   int64_t *id, struct fc_error *err);
int import_key_put(struct fc_ctx *ctx, const char *entity, const char *ext,
		   int64_t id, struct fc_error *err);

#endif
