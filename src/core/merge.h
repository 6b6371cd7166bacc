/* Merging two contacts, or two accounts, into one (docs/merge.md). The
 * caller names the survivor and the other record, and field by field which
 * of the two values the survivor keeps: by default its own, or the
 * other's where its own is empty. Every reference to the other record
 * moves to the survivor (the one list is merge_refs[] in merge-refs.c),
 * the other record is deleted, and the merge is a history event of both.
 * Each merge is kept (table `merges`) with what an undo needs to restore
 * both records and every reference exactly; an undo is allowed the day of
 * the merge. A rep merges only records they may edit, both of them. */
#ifndef FC_CORE_MERGE_H
#define FC_CORE_MERGE_H

#include <jansson.h>

#include "core/record.h"

/* The most references one merge moves (rows of every table together). */
#define MERGE_REFS_MAX 100000

/* What a merge of OTHER into SURVIVOR (records of E: entity_contact or
 * entity_account) would keep, without writing: {"survivor": record,
 * "other": record, "fields": [{"name", "survivor", "other", "take":
 * "survivor"|"other"}], "result": the survivor's fields after the merge}.
 * TAKE (borrowed, may be NULL) chooses per field: {"email": "other",
 * "phone": "survivor"}; a field it does not name takes the default. */
int merge_preview(struct fc_ctx *ctx, const struct entity *e,
		  int64_t survivor, int64_t other, json_t *take, json_t **out,
		  struct fc_error *err);

/* Merges OTHER into SURVIVOR as merge_preview() shows it, in one
 * transaction; *MERGE_ID gets the merge's id. */
int merge_records(struct fc_ctx *ctx, const struct entity *e,
		  int64_t survivor, int64_t other, json_t *take,
		  int64_t *merge_id, struct fc_error *err);

/* Undoes merge ID: restores the merged record and the survivor as they
 * were, and moves every moved reference back. Refused after the day of
 * the merge (merge-undo-day), once the survivor has changed since
 * (merge-undo-changed) and when already undone (merge-undone). */
int merge_undo(struct fc_ctx *ctx, int64_t id, struct fc_error *err);

/* Merge ID as JSON: {"id", "entity", "survivor_id", "merged_id",
 * "merged_name", "merged_by", "merged_at", "undone_by", "undone_at",
 * "taken": [fields taken from the merged record], "moved": {"TABLE.COLUMN":
 * rows}, "set_aside": rows, "undoable": bool}. Visible when the survivor
 * (or, once undone, either record) is. */
int merge_get(struct fc_ctx *ctx, int64_t id, json_t **out,
	      struct fc_error *err);

/* {"items": [merges into record ID of E, newest first, at most 100]}. */
int merge_list(struct fc_ctx *ctx, const struct entity *e, int64_t id,
	       json_t **out, struct fc_error *err);

#endif
