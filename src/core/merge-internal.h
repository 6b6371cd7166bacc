/* Between merge.c (the services) and merge-refs.c (the references a merge
 * moves and the rows it keeps for an undo). */
#ifndef FC_CORE_MERGE_INTERNAL_H
#define FC_CORE_MERGE_INTERNAL_H

#include <jansson.h>

#include "core/ctx.h"

/* One column that refers to a contact or an account. */
struct merge_ref {
	const char *entity;	/* what it refers to: "contact", "account" */
	const char *table, *column;
	const char *key;	/* the column naming each row, to move it back */
	const char *scope;	/* NULL, or a condition on the row's columns */
	int unique;		/* (key, column) is unique: a row the survivor
				   already has is set aside, not moved */
	int stamped;		/* the row has version and updated_at */
};

extern const struct merge_ref merge_refs[];

/* Row ID of TABLE as {"column": text or null} (*OUT a new reference). */
int merge_row_read(struct fc_ctx *ctx, const char *table, int64_t id,
		   json_t **out, struct fc_error *err);
/* Inserts ROW (as merge_row_read gives it) into TABLE. */
int merge_row_insert(struct fc_ctx *ctx, const char *table, json_t *row,
		     struct fc_error *err);
/* Writes every column of ROW but org_id and id over row ID of TABLE. */
int merge_row_restore(struct fc_ctx *ctx, const char *table, int64_t id,
		      json_t *row, struct fc_error *err);

/* Moves every reference to record FROM of ENTITY (whose table is TABLE)
 * onto TO, appending to MOVED's "refs" what moved ({"table", "column",
 * "key", "keys": [...]}) and to its "removed" the rows set aside
 * ({"table", "row"}); *COUNT grows by the rows moved or set aside. */
int merge_refs_move(struct fc_ctx *ctx, const char *entity, const char *table,
		    int64_t from, int64_t to, json_t *moved, int64_t *count,
		    struct fc_error *err);
/* The reverse: MOVED's refs from TO back onto FROM, and its removed rows
 * inserted again. */
int merge_refs_back(struct fc_ctx *ctx, const char *entity, int64_t from,
		    int64_t to, json_t *moved, struct fc_error *err);

#endif
