/* Import: CSV files from other CRMs and spreadsheets (accounts, contacts,
 * deals, and a stage history of deals imported before, replayed whole in
 * one transaction), vCard address books, and the JSON backup of a whole
 * organisation.
 * Rows go in batches that commit whole, each with a progress record in the
 * same transaction, so a killed import resumes exactly where its last batch
 * ended. A row that cannot go in is rejected with its reason and the rest
 * carry on. Bulk loads are for managers and admins. Formats: io/csv-reader.h,
 * io/vcard.h, io/value-parse.h. Read next: core/export.h. */
#ifndef FC_CORE_IMPORT_H
#define FC_CORE_IMPORT_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "core/ctx.h"

enum import_kind { IMPORT_ACCOUNTS, IMPORT_CONTACTS, IMPORT_DEALS,
		   IMPORT_HISTORY };
enum import_dup { IMPORT_DUP_SKIP, IMPORT_DUP_UPDATE, IMPORT_DUP_ERROR };

#define IMPORT_BATCH_DEFAULT 500
#define IMPORT_BATCH_MAX 100000
#define IMPORT_REJECTS_KEPT 1000	/* rejected rows listed in the summary */
#define IMPORT_REVIEW_STEP "Review imported deal"

struct import_options {
	enum import_kind kind;
	const char *preset;	/* NULL or "generic": headers named as fields */
	const char *map;	/* "Their Column=field,..." (overrides the preset) */
	const char *stage_map;	/* "Their Stage=step|phase|won|lost,..." */
	char delim;		/* 0: detect */
	int date_format;	/* enum value_date_format */
	int dry_run;		/* everything is checked, nothing is kept */
	enum import_dup on_dup;	/* a row for a record that is there: the same
				   id of theirs, e-mail (any case), vCard UID,
				   domain or account name */
	int allow_duplicates;	/* create rows that are only likely
				   duplicates (core/duplicate.h) instead of
				   rejecting them */
	int leads;		/* contacts: the rows are another CRM's leads
				   (core/import/lead.c); their ids are kept
				   apart from its contacts' */
	int keep_unmapped;	/* columns no field takes: into the custom
				   field they name, else (contacts) an
				   appendix of the notes (import/unmapped.c) */
	int resume;		/* skip the rows a previous run committed */
	int batch;		/* rows per transaction; 0: IMPORT_BATCH_DEFAULT */
	const char *input_hash;	/* identity of the input for --resume (hex) */
	FILE *rejected;		/* may be NULL: rejected rows as CSV + reason */
	void (*progress)(void *data, int64_t bytes);
	void *progress_data;
};

/* The option names every front end offers, ending with NULL: preset, map,
 * stage_map, delimiter, date_format, dry_run, on_duplicate, resume, batch,
 * allow_duplicates, leads, keep_unmapped. */
extern const char *const import_option_names[];
/* Sets option NAME of O from its text VALUE, the same for every front end:
 * delimiter , ; | tab (or \t); date_format iso, us or eu; on_duplicate skip,
 * update or error; batch 1-IMPORT_BATCH_MAX; dry_run and resume are on when
 * VALUE is NULL, "", true or 1 and off for false or 0. NAME may use '-' for
 * '_' (the CLI's --stage-map); allow_duplicates, leads and keep_unmapped
 * are flags like dry_run.
 * Preset, map and stage_map keep VALUE by
 * reference. Returns 0, or FC_EINVAL naming the option. */
int import_option_set(struct import_options *o, const char *name,
		      const char *value, struct fc_error *err);

struct import_summary {
	int64_t read, imported, updated, skipped, rejected;
	int64_t flagged;	/* imported, and listed as likely duplicates */
	int64_t resumed;	/* rows skipped because a previous run had them */
	int64_t committed;	/* data rows committed so far (for messages) */
	json_t *rejects;	/* [{"row","line","reason"}], at most IMPORT_REJECTS_KEPT */
	/* rows skipped, flagged or merged into a record that was there, each
	 * with why: [{"row","line","outcome","reason","record"}] (record: the
	 * one that was there, {"kind","id","name"}, or null), at most
	 * IMPORT_REJECTS_KEPT; they are in the rejected rows' file too, their
	 * reason starting "skipped: ", "flagged: " or "updated: " */
	json_t *decisions;
	json_t *ignored;	/* header names nothing was mapped to */
	json_t *owners_unknown;	/* {"their owner": rows}: an owner_ref naming
				   no user; those rows are the importer's */
	json_t *by_owner;	/* {"their owner": {"read", "imported",
				   "updated", "skipped", "rejected"}}: rows by
				   the owner the file names ("": none) */
};

void import_summary_init(struct import_summary *s);
void import_summary_release(struct import_summary *s);
/* {"read","imported","updated","skipped","rejected","flagged","resumed",
 * "rejects","decisions","ignored_columns","dry_run","owners_unknown"} (new
 * reference); flagged rows are counted in imported too. */
json_t *import_summary_json(const struct import_summary *s, int dry_run);

/* "accounts", "contacts", "deals" (singular too); -1 when unknown. */
int import_kind_parse(const char *s);
int import_dup_parse(const char *s);
/* Names and one-line descriptions of the presets, ending with NULL. */
struct import_preset_info { const char *name, *about; };
extern const struct import_preset_info import_presets[];

/* Hex BLAKE2b of the whole stream (then rewound), for input_hash. */
int import_hash_stream(FILE *f, char out[65], struct fc_error *err);

#define IMPORT_PREVIEW_ROWS_MAX 100

/* The import fields a column of KIND can go to, "ignore" among them (a JSON
 * array of strings, new reference). */
json_t *import_field_names(enum import_kind kind);

/* Reads the header and the first ROWS (0..IMPORT_PREVIEW_ROWS_MAX) data rows
 * of the CSV in F, nothing written: *OUT gets {"kind", "preset",
 * "delimiter", "columns": [{"header", "field"|null}], "rows": [[...]],
 * "fields", "presets": [{"name", "about"}]}, each column's field being where an import with O's preset and
 * map would put it, and "fields" every field the kind takes. Uses O's kind,
 * preset, map and delim. Fails on an unknown preset, a map naming an
 * unknown field, or a file without a header. */
int import_preview(FILE *f, const struct import_options *o, int rows,
		   json_t **out, struct fc_error *err);

/* What an import of the CSV in F with options O would do with each of its
 * first ROWS data rows, found by a dry run of the header and those rows
 * through import_csv() (import/preview-check.c): the same rules, nothing
 * kept. *OUT gets [{"row", "outcome", "reason", "record"}], one per row
 * read: outcome imported, flagged (imported and listed as a likely
 * duplicate), skipped, updated (merged into the record that is there) or
 * rejected; reason null for a plain import, else why (a likely duplicate's
 * evidence names the other record); record {"kind", "id", "name"} of the
 * record that is there when the row is skipped or merged into it, else
 * null. A history's rows are no records: an empty array. Fails as
 * import_csv() does as a whole (a bad map, a user who may not import). */
int import_preview_check(struct fc_ctx *ctx, FILE *f,
			 const struct import_options *o, int rows,
			 json_t **out, struct fc_error *err);

/* Imports the CSV in F (read from its current position to the end); O->kind
 * IMPORT_HISTORY replays a stage history (deal, stage, date) into the step
 * stays of imported deals, see import/history.c. Fails
 * as a whole (nothing written) on a bad option, a preset or map that does
 * not fit the header, or an unreadable file; otherwise each row is imported
 * or rejected and S says how many. On a storage failure the batches before
 * it stay committed and S->committed says how many rows they held. */
int import_csv(struct fc_ctx *ctx, FILE *f, const struct import_options *o,
	       struct import_summary *s, struct fc_error *err);

/* Imports the contacts of a vCard file (DATA, LEN bytes): a card whose UID
 * or e-mail (any case) a contact has is that contact, as O->on_dup says;
 * a new card that is only likely a duplicate is rejected with the
 * evidence unless O->allow_duplicates; the UID is kept. ORG matched to an
 * account by name or created. Only on_dup, allow_duplicates, dry_run,
 * rejected and batch of O are used. */
int import_vcard(struct fc_ctx *ctx, const char *data, size_t len,
		 const struct import_options *o, struct import_summary *s,
		 struct fc_error *err);

#define IMPORT_USERS_MAX 10000	/* rows of a users file */

/* Imports the users of another CRM from the CSV in F (import/users.c):
 * each row (Id, Email, Name or FirstName and LastName, team) is the user
 * its id was recorded for, else the user of its e-mail (any case), else of
 * its full name, else a new user: a rep, inactive and without a password.
 * The row's id is recorded (import_keys, entity "user") so that owner
 * columns of later imports find the user by it. Admins only; one
 * transaction; O's dry_run, delim, preset (checked only) and rejected are
 * used. S: imported = created, updated = matched, skipped = known by id. */
int import_users(struct fc_ctx *ctx, FILE *f, const struct import_options *o,
		 struct import_summary *s, struct fc_error *err);
/* Records each "their owner id or name=user" pair of SPEC (one a line, or
 * comma-separated; the user by id, e-mail or name) as import_users() does:
 * a pair naming no user is rejected with its reason. Admins only. */
int import_owner_map(struct fc_ctx *ctx, const char *spec,
		     const struct import_options *o, struct import_summary *s,
		     struct fc_error *err);

/* Imports another CRM's activities from the CSV in F
 * (import/activities.c): Salesforce Task and Event, HubSpot engagements,
 * Pipedrive activities. A done one becomes an interaction on its contact
 * and deal (their ids of records imported before, or Pipedrive's names)
 * with its date, owner, kind, subject and notes, its agreement unknown
 * (agreement_known false); an open one becomes the next step of its deal
 * (or contact) where the import's placeholder or nothing stands. A row
 * whose id was imported before is skipped; a done one that is no call,
 * e-mail, meeting or visit (a note, a to-do) and an open one whose deal
 * has its next step are skipped with the reason in O->rejected; a row
 * naming no known contact or deal is rejected. Managers and admins; O's
 * dry_run, delim, date_format, batch, preset (checked only) and rejected
 * are used. */
int import_activities(struct fc_ctx *ctx, FILE *f,
		      const struct import_options *o, struct import_summary *s,
		      struct fc_error *err);

/* Imports the export folder DIR of SYSTEM ("salesforce", "hubspot",
 * "pipedrive"; import/folder.c lists the files each reads) file by file in
 * the order they refer to each other, each with SYSTEM's preset and BASE's
 * other options, each file's rejected (and activities' skipped) rows in
 * REJECTS_DIR/FILE.rejected.csv when REJECTS_DIR is not NULL; OWNER_MAP
 * (may be NULL: import_owner_map()'s pairs) is recorded after the users
 * file, as a row "--owner-map" of its own (a pair naming nobody is in its
 * "rejected", the first reason its "note"). *OUT gets
 * {"system", "files": [{"file", "kind", "read", "imported", "merged",
 * "skipped", "rejected", "note", "rejects"}], "owners": [{"owner", "read",
 * "imported", "merged", "skipped", "rejected"}], "dry_run"}: a CSV no
 * step reads is listed with kind "none", its rows skipped; owners by the
 * user's name (or "unknown owner 'X'"). Admins only; no dry run. A file
 * that cannot be read stops the import (the files before it stay). */
int import_folder(struct fc_ctx *ctx, const char *system, const char *dir,
		  const struct import_options *base, const char *owner_map,
		  const char *rejects_dir, json_t **out, struct fc_error *err);

/* Restores a backup made by export_json() into an EMPTY database (ids kept
 * as they were); FC_ECONFLICT when the database already holds an
 * organisation. CTX needs only ctx->db. *ORG_ID gets the organisation. */
int import_json(struct fc_ctx *ctx, json_t *backup, int64_t *org_id,
		struct fc_error *err);

#endif
