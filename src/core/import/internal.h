/* Shared by the import files: the built-in presets (presets.c), the
 * per-row savepoint, and the lookups every importer needs (accounts by
 * name, contacts by email, external ids). Not a public interface. */
#ifndef FC_CORE_IMPORT_INTERNAL_H
#define FC_CORE_IMPORT_INTERNAL_H

#include "core/import/import.h"
#include "core/process.h"
#include "core/field.h"
#include "core/record.h"
#include "util/buf.h"
#include "util/date.h"

#define IK_A (1u << IMPORT_ACCOUNTS)
#define IK_C (1u << IMPORT_CONTACTS)
#define IK_D (1u << IMPORT_DEALS)
#define IK_H (1u << IMPORT_HISTORY)

struct preset_col {
	const char *header;	/* their column, compared without case */
	const char *target;	/* our import field */
	unsigned kinds;		/* IK_* it applies to */
};

struct preset {
	const char *name;
	const struct preset_col *cols;	/* ends with a NULL header */
	const char *const *stages;	/* "Their Stage=target" strings, NULL-ended */
	int stage_dates;	/* a history may be "Date entered" columns */
};

const struct preset *import_preset_find(const char *name);
/* The import field (csv.c's name) that column header H goes to without an
 * explicit map: PRESET's column, then the generic preset's, then the
 * field of that name ("Close Date" is close_date); NULL: none. A history's
 * "Date entered" column goes to date with a preset that reads them. */
const char *import_column_field(const struct preset *preset, unsigned kbit,
				const char *h);

/* ---- stage-dates.c: a deals export's "Date entered" columns ---- */

#define STAGE_NAME_MAX 200	/* bytes of a stage's name, with its NUL */

/* When HEADER is `Date entered "STAGE (PIPELINE)"` (any case, the quotes
 * and the pipeline optional), writes STAGE (SIZE bytes at most, NUL
 * included) and returns 1; else 0. */
int import_stage_date_column(const char *header, char *stage, size_t size);

/* ---- pairs.c: "Their name=our name" lists and the stage map ---- */

#define MAP_MAX 200		/* entries of --map or --stage-map */

struct pair {
	char *from, *to;
};

/* S's N bytes without white space at either end (new string). */
char *import_trim_dup(const char *s, size_t n);
/* Appends the pairs of SPEC ("A=b,C=d", or one pair a line) to *OUT (*N of
 * them); FC_EUSAGE naming WHAT on an item without '=', FC_ELIMIT past
 * MAP_MAX. */
int import_pairs_parse(const char *spec, const char *what, struct pair **out,
		       size_t *n, struct fc_error *err);
void import_pairs_free(struct pair *p, size_t n);
/* The "to" of FROM (compared without case), or NULL. */
const char *import_pairs_find(const struct pair *p, size_t n, const char *from);

/* Where a stage of another CRM lands: --stage-map's pairs then the
 * preset's, else the stage taken as a step key, step name or phase of the
 * process, or "won" / "lost". */
struct import_stage_map {
	const struct pair *pairs;
	size_t n;
};
#define STEP_UNKNOWN (-1)	/* the stage names only an outcome */
enum deal_close { DEAL_OPEN, DEAL_WON, DEAL_LOST };
/* STAGE as *STEP (an index into P's steps, or STEP_UNKNOWN) and *CLOSED
 * (enum deal_close). Returns 0, or -1 when the stage maps to nothing. */
int import_stage_map(const struct import_stage_map *m, const struct process *p,
		     const char *stage, int *step, int *closed);

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
/* The contact with EMAIL among its addresses, whatever their case, or 0. */
int import_contact_by_email(struct fc_ctx *ctx, const char *email, int64_t *id,
			    struct fc_error *err);
/* The contact imported from the vCard with UID, or 0. */
int import_contact_by_vcard_uid(struct fc_ctx *ctx, const char *uid,
				int64_t *id, struct fc_error *err);
/* Marks IN to be created even when it is likely a duplicate, when O says
 * so; otherwise record_create() refuses it (rule duplicate) and the row is
 * rejected with the evidence. */
void import_allow_duplicates(const struct import_options *o, json_t *in);
int import_key_get(struct fc_ctx *ctx, const char *entity, const char *ext,
		   int64_t *id, struct fc_error *err);
int import_key_put(struct fc_ctx *ctx, const char *entity, const char *ext,
		   int64_t id, struct fc_error *err);

/* ---- owners.c: owners in the summary ---- */

#define IMPORT_OWNERS_UNKNOWN_MAX 100	/* distinct ones a summary names */
#define IMPORT_OWNERS_TALLIED_MAX 1000	/* distinct owners tallied */

/* Counts a row whose owner_ref REF named no user in S->owners_unknown
 * (rows by REF; past IMPORT_OWNERS_UNKNOWN_MAX names, under "..."). */
void import_owner_unknown(struct import_summary *s, const char *ref);
/* Counts a row of OWNER (the file's text; NULL or "" for none) read, and
 * its OUTCOME ("imported", "updated", "skipped" or "rejected"), in
 * S->by_owner. */
void import_tally_owner(struct import_summary *s, const char *owner,
			const char *outcome);
/* ---- distinct.c: a row with an id of theirs is a record of its own ---- */

/* *HAS 1 when record ID was imported with an id of theirs of ENTITY or of
 * ALSO (NULL: ENTITY only; a contact may have come as a "lead"). */
int import_key_of_record(struct fc_ctx *ctx, const char *entity,
			 const char *also, int64_t id, int *has,
			 struct fc_error *err);
/* Creates IN (with EXTRA) as record_create() does; when the duplicate
 * guard refuses it as likely another's, creates it all the same, sets
 * *FLAGGED and writes the evidence to WHY. */
int import_create_distinct(struct fc_ctx *ctx, const struct entity *e,
			   json_t *in, json_t *extra, int64_t *id,
			   int *flagged, char *why, size_t whysize,
			   struct fc_error *err);

/* ---- lead.c: leads as contacts on the engage list ---- */

/* Sets a lead's fields: *EXTRA's lead_status (STATUS, may be NULL) and,
 * unless the status says the lead is closed or IN has a need, IN's need
 * (naming the status and SOURCE_LABEL) and timing_from (CREATED, a date,
 * or TODAY when empty). *EXTRA is made when NULL; IN NULL: the status
 * only. */
void import_lead_fields(json_t *in, json_t **extra, const char *status,
			const char *source_label, const char *created,
			const char *today);

/* Sets the DOMAIN (normalised), INDUSTRY and SIZE (each may be NULL) of
 * ACCOUNT that it has none of yet; in the caller's transaction. */
int import_account_fill(struct fc_ctx *ctx, int64_t account,
			const char *domain, const char *industry,
			const char *size, struct fc_error *err);

/* ---- unmapped.c: --keep-unmapped ---- */

#define IMPORT_NOTES_MAX 10000	/* bytes of a contact's notes (core/entities.c) */

/* The custom field among DEFS (N of them) that column HEADER names: its key
 * ("Birth Date" is birth_date) or its label, any case; NULL when none. */
const struct field_def *import_unmapped_field(const struct field_def *defs,
					      int n, const char *header);
/* Appends "HEADER: VALUE" to B, after "; " when B holds some already. */
void import_unmapped_append(struct buf *b, const char *header,
			    const char *value);
/* IN's notes, then "Imported fields: " and APPENDIX, cut to fit the notes
 * at a character's start. */
void import_unmapped_notes(json_t *in, const char *appendix);

/* ---- history.c: replaying another CRM's stage history ---- */

#define IMPORT_HISTORY_ROWS_MAX 1000000	/* rows of one history file */

enum hist_verdict { HIST_APPLIED, HIST_SKIPPED, HIST_REJECTED };

/* One checked row of a history file: deal DEAL entered STEP (an index into
 * its process's steps, or STEP_UNKNOWN with CLOSED won or lost) at AT. */
struct hist_row {
	int64_t deal, index, line;
	int step, closed;
	char at[TIME_LEN];
	char *raw;		/* the row as CSV, for the rejected rows */
	size_t order;		/* its place in the file */
	enum hist_verdict verdict;
	char reason[200];	/* why it was rejected */
};

/* Replays the N rows (sorted here by deal, time and place in the file) into
 * their deals' step stays, in the caller's transaction, and gives each row
 * its verdict. Returns 0 or a store error. */
int import_history_replay(struct fc_ctx *ctx, struct hist_row *rows, size_t n,
			  struct fc_error *err);

#endif
