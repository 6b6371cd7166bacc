/* Export: every list as CSV (with the list's filters), contacts as vCard,
 * the acting user's next steps and checks as iCalendar, and the JSON
 * backup of a whole organisation. Every export but the calendar streams a
 * batch at a time (a page of a list, or of the backup's rows) through a
 * write callback or export_stream_next(), so no export holds all rows in
 * memory. Read next:
 * core/import.h, which reads what these write. */
#ifndef FC_CORE_EXPORT_H
#define FC_CORE_EXPORT_H

#include <jansson.h>
#include <stddef.h>

#include "core/ctx.h"
#include "core/record.h"
#include "util/buf.h"

#define EXPORT_PAGE 500
#define EXPORT_ICAL_MAX 20000	/* items in one calendar */

/* Receives output as it is made; a nonzero return stops the export, which
 * then fails with FC_ESTORE. */
typedef int (*export_write_fn)(void *data, const char *s, size_t len);

/* The exportable lists: "accounts", "contacts", "deals", "interactions",
 * "next-steps" (NULL when NAME is none of them). */
const struct entity *export_list_entity(const char *name);

/* Every record of E visible to ctx->user that matches Q's filters and text
 * (Q->limit, cursor and sort are ignored), as CSV with a header of field
 * names. FLAGS: CSV_WRITE_SAFE (see io/csv-reader.h) or 0. */
int export_csv(struct fc_ctx *ctx, const struct entity *e,
	       const struct list_query *q, int flags, export_write_fn fn,
	       void *data, struct fc_error *err);

/* Exports as streams, for writers that pull a batch at a time (the HTTP
 * export sends each batch as it is made): KIND EXPORT_CSV (E's list, OPTION
 * the flags above), EXPORT_VCARD (contacts, OPTION the version) or
 * EXPORT_JSON (the backup, admins only; OPTION unused). CTX must outlive
 * the stream, and its database serves the stream alone until it is
 * closed (the backup holds one read transaction across batches).
 * export_stream_next() appends the next batch to OUT (a page of
 * EXPORT_PAGE records, or as many rows of the backup) and returns 1 while
 * more follows, 0 after the last, or an error code (< 0). */
enum export_kind { EXPORT_CSV, EXPORT_VCARD, EXPORT_JSON };
struct export_stream;
int export_stream_open(struct fc_ctx *ctx, enum export_kind kind,
		       const struct entity *e, const struct list_query *q,
		       int option, struct export_stream **out,
		       struct fc_error *err);
int export_stream_next(struct export_stream *x, struct buf *out,
		       struct fc_error *err);
void export_stream_close(struct export_stream *x);	/* accepts NULL */

/* Contacts matching Q as vCards of VERSION 3 or 4. */
int export_vcard(struct fc_ctx *ctx, const struct list_query *q, int version,
		 export_write_fn fn, void *data, struct fc_error *err);

/* The acting user's open next steps and pending satisfaction checks as an
 * iCalendar (RFC 5545) calendar, appended to OUT. */
int export_ical(struct fc_ctx *ctx, struct buf *out, struct fc_error *err);

/* The whole organisation of CTX (admins only): {"format":"fulcrum-backup",
 * "version":1,"exported_at":...,"org":{...},"users":[...],...} with one
 * member per table, rows ordered by key. Users keep their password hashes
 * and calendar-token hashes, so a restore signs everyone in as before;
 * sessions, API tokens and import bookkeeping are left out. Only
 * "exported_at" differs between two exports of the same data. */
int export_json(struct fc_ctx *ctx, export_write_fn fn, void *data,
		struct fc_error *err);

/* The tables of the backup in restore order: name, and its columns as
 * "name:t" pairs (t is i for integers, s for text, m for an amount in the
 * minor units of the row's currency), space-separated. */
struct export_table {
	const char *name;
	const char *columns;
	const char *order;	/* ORDER BY */
};
extern const struct export_table export_tables[];

/* The backup's member for COLUMN of TYPE: an amount's "value_cents" column
 * is the member "value_minor" (the column keeps its first name, and holds
 * minor units since sql/012); any other column its own name. */
void export_member(const char *column, char type, char *out, size_t n);

#endif
