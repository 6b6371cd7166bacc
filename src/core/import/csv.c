/* CSV import of accounts, contacts and deals. The header is mapped to
 * import fields (explicit --map, then the preset, then the field's own
 * name); each row is checked, deduplicated and written inside its own
 * savepoint, and every IMPORT_BATCH_DEFAULT rows commit together with the
 * progress record that --resume reads. Imported deals get the history the
 * file states and no more: created in the step their stage maps to (or an
 * unknown one), then won or lost, dated from the file, with reason
 * "import" (see stated_history). Read next:
 * core/import/presets.c for the built-in maps. */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "core/contact-uid.h"
#include "core/currency.h"
#include "core/deal-internal.h"
#include "core/deal.h"
#include "core/duplicate.h"
#include "core/field.h"
#include "core/history.h"
#include "core/import/internal.h"
#include "core/import/picklist.h"
#include "core/money.h"
#include "core/next-step.h"
#include "core/process.h"
#include "core/record.h"
#include "core/refresh-defer.h"
#include "core/user.h"
#include "io/csv-reader.h"
#include "io/value-parse.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

enum target {
	T_NAME, T_FIRST, T_LAST, T_DOMAIN, T_INDUSTRY, T_SIZE, T_ADDRESS,
	T_STATUS, T_EMAIL, T_PHONE, T_MOBILE, T_TITLE, T_SOURCE, T_NEED,
	T_NOTES, T_TAGS, T_TIMING_FROM, T_TIMING_TO, T_COMFORT, T_CHANNEL,
	T_ACCOUNT, T_ACCOUNT_REF, T_ACCOUNT_ID, T_CONTACT, T_CONTACT_REF,
	T_CONTACT_ID, T_VALUE, T_CURRENCY, T_CLOSE, T_CREATED, T_STAGE,
	T_LOST_REASON, T_NEXT, T_NEXT_DUE, T_PROCESS, T_OWNER, T_EXT,
	T_DEAL, T_DATE, T_OWNER_REF, T_LEAD_STATUS, T_CONVERTED,
	T_CONVERTED_CONTACT, T_CONVERTED_DEAL, T_IGNORE, T_COUNT
};

/* The import fields: name, the kinds that take it, and how the values of
 * several columns mapped to it are joined. */
static const struct {
	const char *name;
	unsigned kinds;
	const char *join;
} targets[T_COUNT] = {
	[T_NAME] = { "name", IK_A | IK_C, " " },
	[T_FIRST] = { "first_name", IK_C, " " },
	[T_LAST] = { "last_name", IK_C, " " },
	/* contacts: their account's, set where it has none */
	[T_DOMAIN] = { "domain", IK_A | IK_C, NULL },
	[T_INDUSTRY] = { "industry", IK_A | IK_C, NULL },
	[T_SIZE] = { "size", IK_A | IK_C, NULL },
	[T_ADDRESS] = { "address", IK_A, ", " },
	[T_STATUS] = { "status", IK_A | IK_D, NULL },
	[T_EMAIL] = { "email", IK_C, NULL },
	[T_PHONE] = { "phone", IK_C, NULL },
	[T_MOBILE] = { "mobile", IK_C, NULL },
	[T_TITLE] = { "title", IK_C | IK_D, " " },
	[T_SOURCE] = { "source", IK_C, NULL },
	[T_NEED] = { "need", IK_C, "\n" },
	[T_NOTES] = { "notes", IK_C, "\n" },
	[T_TAGS] = { "tags", IK_C, "," },
	[T_TIMING_FROM] = { "timing_from", IK_C, NULL },
	[T_TIMING_TO] = { "timing_to", IK_C, NULL },
	[T_COMFORT] = { "comfort", IK_C, NULL },
	[T_CHANNEL] = { "preferred_channel", IK_C, NULL },
	[T_ACCOUNT] = { "account", IK_C | IK_D, NULL },
	[T_ACCOUNT_REF] = { "account_ref", IK_C | IK_D, NULL },
	[T_ACCOUNT_ID] = { "account_id", IK_C | IK_D, NULL },
	[T_CONTACT] = { "contact", IK_D, NULL },
	[T_CONTACT_REF] = { "contact_ref", IK_D, NULL },
	[T_CONTACT_ID] = { "contact_id", IK_D, NULL },
	[T_VALUE] = { "value", IK_D, NULL },
	[T_CURRENCY] = { "currency", IK_D, NULL },
	[T_CLOSE] = { "close_date", IK_D, NULL },
	[T_CREATED] = { "created", IK_A | IK_C | IK_D, NULL },
	[T_STAGE] = { "stage", IK_D | IK_H, NULL },
	[T_LOST_REASON] = { "lost_reason", IK_D, NULL },
	[T_NEXT] = { "next_step", IK_D, NULL },
	[T_NEXT_DUE] = { "next_step_due", IK_D, NULL },
	[T_PROCESS] = { "process", IK_D, NULL },
	[T_OWNER] = { "owner", IK_A | IK_C | IK_D, NULL },
	[T_EXT] = { "external_id", IK_A | IK_C | IK_D, NULL },
	[T_DEAL] = { "deal", IK_H, NULL },
	[T_DATE] = { "date", IK_H, NULL },
	[T_OWNER_REF] = { "owner_ref", IK_A | IK_C | IK_D, NULL },
	/* a lead's (lead.c): its status, and whether and into what their
	 * CRM converted it */
	[T_LEAD_STATUS] = { "lead_status", IK_C, NULL },
	[T_CONVERTED] = { "converted", IK_C, NULL },
	[T_CONVERTED_CONTACT] = { "converted_contact_ref", IK_C, NULL },
	[T_CONVERTED_DEAL] = { "converted_deal_ref", IK_C, NULL },
	[T_IGNORE] = { "ignore", IK_A | IK_C | IK_D | IK_H, NULL },
};

static const char *const kind_names[] = { "accounts", "contacts", "deals",
					  "history" };
static const char *const kind_entity[] = { "account", "contact", "deal",
					   "history" };

#define CACHE_MAX 256	/* lookups remembered per batch, of each kind */

struct kept_row {
	char **fields;
	size_t *lens, nfields;
	unsigned long line, index;
	int ragged;
};

struct imp {
	struct fc_ctx *ctx;
	const struct import_options *o;
	struct import_summary *s;
	struct fc_error *err;
	const struct preset *preset;
	unsigned kbit;

	int *colmap;		/* column -> enum target, or -1 */
	/* custom fields (core/field.h): column -> the field it fills (a
	 * "custom.KEY" header, or --map 'Their Column=custom.KEY'), or NULL;
	 * the row's values by key */
	const struct field_def **custom_cols;
	struct field_def *defs;
	int ndefs;
	json_t *custom;
	size_t ncols;
	struct pair *stages;	/* --stage-map then the preset's */
	size_t nstages;
	struct buf vals[T_COUNT];
	int present[T_COUNT];	/* a column is mapped to it */
	struct process *proc;	/* the default process */

	int64_t resume_from;	/* data rows a previous run committed */
	int tracked;		/* progress is kept in import_runs */
	int in_tx;
	int batch_rows;
	int64_t last_row;
	struct buf rejbuf;	/* rejected rows of the open batch */
	struct csv_reader *rd;
	struct hist_row *hist;	/* a history's checked rows, replayed at the end */
	size_t nhist;
	struct process *hproc;	/* the process of the last history row's deal */
	char **stage_cols;	/* column -> the stage its dates entered, or NULL */
	size_t nstage_cols;	/* columns that are "Date entered" ones */
	int fatal;
	char today[DATE_LEN], now[TIME_LEN];

	/* Rows are written without a savepoint each: every check that needs
	 * no write is made first, and a row rejected by one is rejected
	 * before it writes anything. When a row fails after it began to write
	 * (WROTE), the batch is rolled back and its rows, KEPT, are read again
	 * each in its own savepoint (CAREFUL), so only that row is lost. */
	int careful;		/* this batch's rows each in a savepoint */
	int wrote;		/* the current row has begun to write */
	struct kept_row *kept;	/* the open batch's rows, for a replay */
	size_t nkept, capkept;
	struct {		/* the summary as the open batch found it */
		int64_t read, imported, updated, skipped, rejected, flagged;
		size_t rejects, decisions, rejbuf;
		json_t *owners_unknown, *by_owner;
	} snap;
	/* why the current row was skipped, flagged or merged into a record
	 * that was there (empty: nothing to say), for the rejected rows' file */
	char why[300];
	/* the record that was there when the row is skipped or merged into it
	 * (NULL: none), named in the summary's decisions */
	const struct entity *dup_e;
	int64_t dup_id;
	json_t *dup_name;	/* its name before the row changed it */
	/* --keep-unmapped: column -> its header when it goes to the notes'
	 * appendix, else NULL; the current row's appendix */
	char **keep_cols;
	struct buf appendix;
	/* lookups of the open batch: owners by what the file says, accounts
	 * by name (CACHE_MAX each; emptied with the batch) */
	struct cached { char *key; int64_t id; } owners[CACHE_MAX],
		accounts[CACHE_MAX];
	size_t nowners, naccounts;
	/* the search index of the open batch, refreshed once at its commit
	 * (core/refresh-defer.h) */
	struct refresh_defer refresh;
};

/* ---- small helpers ------------------------------------------------------ */

void import_summary_init(struct import_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->rejects = json_array();
	s->decisions = json_array();
	s->ignored = json_array();
	s->owners_unknown = json_object();
	s->by_owner = json_object();
}

void import_summary_release(struct import_summary *s)
{
	if (!s)
		return;
	json_decref(s->rejects);
	json_decref(s->decisions);
	json_decref(s->ignored);
	json_decref(s->owners_unknown);
	json_decref(s->by_owner);
	s->rejects = s->decisions = s->ignored = NULL;
	s->owners_unknown = s->by_owner = NULL;
}

json_t *import_summary_json(const struct import_summary *s, int dry_run)
{
	json_t *none = json_array(), *nobody = json_object();
	json_t *j = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:O, s:O, s:O, s:b, s:O}",
			 "read", (json_int_t)s->read,
			 "imported", (json_int_t)s->imported,
			 "updated", (json_int_t)s->updated,
			 "skipped", (json_int_t)s->skipped,
			 "rejected", (json_int_t)s->rejected,
			 "flagged", (json_int_t)s->flagged,
			 "resumed", (json_int_t)s->resumed,
			 "rejects", s->rejects ? s->rejects : none,
			 "decisions", s->decisions ? s->decisions : none,
			 "ignored_columns", s->ignored ? s->ignored : none,
			 "dry_run", dry_run,
			 "owners_unknown", s->owners_unknown ? s->owners_unknown :
			 nobody);
	json_decref(none);
	json_decref(nobody);
	return j;
}

int import_kind_parse(const char *s)
{
	for (int i = 0; i <= IMPORT_HISTORY; i++)
		if (!strcmp(s, kind_names[i]) || !strcmp(s, kind_entity[i]))
			return i;
	return -1;
}

int import_dup_parse(const char *s)
{
	if (!strcmp(s, "skip"))
		return IMPORT_DUP_SKIP;
	if (!strcmp(s, "update"))
		return IMPORT_DUP_UPDATE;
	if (!strcmp(s, "error"))
		return IMPORT_DUP_ERROR;
	return -1;
}

int import_hash_stream(FILE *f, char out[65], struct fc_error *err)
{
	crypto_generichash_state st;
	unsigned char h[32], chunk[65536];
	size_t n;
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		crypto_generichash_update(&st, chunk, n);
	if (ferror(f))
		return fc_fail(err, FC_ESTORE, NULL, "cannot read the input");
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, 65, h, sizeof(h));
	rewind(f);
	return 0;
}

static int target_find(const char *name, unsigned kbit)
{
	for (int t = 0; t < T_COUNT; t++)
		if (!strcasecmp(targets[t].name, name) && (targets[t].kinds & kbit))
			return t;
	return -1;
}

/* "Close Date" and "close_date" name the same field. */
static int header_is_field(const char *h, const char *field)
{
	for (; *h && *field; h++, field++) {
		char a = (char)tolower((unsigned char)*h);
		if (a == ' ' || a == '-')
			a = '_';
		if (a != *field)
			return 0;
	}
	return !*h && !*field;
}

/* ---- the database side -------------------------------------------------- */

int import_connection_prepare(struct fc_ctx *ctx, struct fc_error *err)
{
	/* each row's savepoint keeps a sub-journal of the pages it changes;
	 * in a temporary file that is a write per page per row. Only a speed:
	 * inside a caller's transaction whose temporary storage is in use
	 * SQLite refuses the change, and the import goes on without it. */
	(void)err;
	if (db_dialect(ctx->db) == DB_SQLITE)
		(void)db_exec(ctx->db, "PRAGMA temp_store = MEMORY");
	return 0;
}

int import_row_begin(struct fc_ctx *ctx)
{
	return db_exec(ctx->db, "SAVEPOINT fc_import_row");
}

void import_row_end(struct fc_ctx *ctx, int failed)
{
	if (failed) {
		db_exec(ctx->db, "ROLLBACK TO SAVEPOINT fc_import_row");
		/* the row's own failure is undone: the batch lives on */
		ctx->db->tx_failed = 0;
	}
	db_exec(ctx->db, "RELEASE SAVEPOINT fc_import_row");
}

/* Binds ctx's organisation first, then per FMT letter A ('a'), B ('b') or
 * C (any other letter). */
static void bind_lookup(struct db_stmt *st, struct fc_ctx *ctx,
			const char *fmt, const char *a, const char *b,
			int64_t c)
{
	db_bind_int(st, 1, ctx->org_id);
	for (int i = 0; fmt[i]; i++) {
		if (fmt[i] == 'a')
			db_bind_text(st, i + 2, a);
		else if (fmt[i] == 'b')
			db_bind_text(st, i + 2, b);
		else
			db_bind_int(st, i + 2, c);
	}
}

static int query_id(struct fc_ctx *ctx, int64_t *id, struct fc_error *err,
		    const char *sql, const char *fmt, const char *a,
		    const char *b, int64_t c)
{
	struct db_stmt *st = db_prepare(ctx->db, sql);
	int rc;
	*id = 0;
	if (!st)
		return db_error(ctx->db, err);
	bind_lookup(st, ctx, fmt, a, b, c);
	rc = db_step(st);
	if (rc > 0)
		*id = db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

/* Lookups by what an importer knows (an id, a name, an email, an id of the
 * other CRM) find only records the importer may see: one it may not is
 * "unknown" exactly like one that does not exist, so an import tells
 * nothing about records it cannot see. */
#define VISIBLE_CANDIDATES 16

static void keep_visible(struct fc_ctx *ctx, const struct entity *e,
			 int64_t *id)
{
	if (*id && record_check_access(ctx, e, *id, 0, NULL))
		*id = 0;
}

/* Like query_id() for SQL selecting ids of E: the first that ctx->user may
 * see among the first VISIBLE_CANDIDATES rows, or 0. */
static int query_visible(struct fc_ctx *ctx, const struct entity *e,
			 int64_t *id, struct fc_error *err, const char *sql,
			 const char *fmt, const char *a, const char *b,
			 int64_t c)
{
	int64_t ids[VISIBLE_CANDIDATES];
	int n = 0, rc;
	struct db_stmt *st = db_prepare(ctx->db, sql);
	*id = 0;
	if (!st)
		return db_error(ctx->db, err);
	bind_lookup(st, ctx, fmt, a, b, c);
	while (n < VISIBLE_CANDIDATES && (rc = db_step(st)) > 0)
		ids[n++] = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	for (int i = 0; i < n && !*id; i++) {
		*id = ids[i];
		keep_visible(ctx, e, id);
	}
	return 0;
}

int import_account_by_name(struct fc_ctx *ctx, const char *name, int create,
			   int64_t *id, struct fc_error *err)
{
	int rc = query_visible(ctx, &entity_account, id, err, "SELECT id FROM "
			       "accounts WHERE org_id = ? AND name = ? ORDER BY id "
			       "LIMIT 16", "a", name, NULL, 0);
	if (rc || *id || !create)
		return rc;
	json_t *in = json_pack("{s:s}", "name", name);
	rc = record_create(ctx, &entity_account, in, NULL, id, err);
	json_decref(in);
	return rc;
}

int import_contact_by_email(struct fc_ctx *ctx, const char *email, int64_t *id,
			    struct fc_error *err)
{
	char *key = duplicate_email_key(email);
	int rc;
	*id = 0;
	if (!key)
		return 0;
	/* any of its addresses, whatever their case (core/duplicate.h) */
	rc = query_visible(ctx, &entity_contact, id, err, "SELECT record_id FROM "
			   "duplicate_keys WHERE org_id = ? AND kind = 'contact' AND "
			   "rule = 'email' AND norm = ? ORDER BY record_id LIMIT 16",
			   "a", key, NULL, 0);
	free(key);
	return rc;
}

int import_contact_by_vcard_uid(struct fc_ctx *ctx, const char *uid,
				int64_t *id, struct fc_error *err)
{
	int64_t made;
	int rc = query_visible(ctx, &entity_contact, id, err, "SELECT id FROM "
			       "contacts WHERE org_id = ? AND vcard_uid = ? "
			       "ORDER BY id LIMIT 16", "a", uid, NULL, 0);
	if (rc || *id || (rc = contact_uid_made_here(ctx, uid, &made, err)) ||
	    !made)
		return rc;
	/* a card exported from here (core/contact-uid.h): its contact, unless
	 * that one carries another card's UID */
	return query_visible(ctx, &entity_contact, id, err, "SELECT id FROM "
			     "contacts WHERE org_id = ? AND id = ? AND "
			     "vcard_uid IS NULL", "c", NULL, NULL, made);
}

void import_allow_duplicates(const struct import_options *o, json_t *in)
{
	if (o->allow_duplicates)
		json_object_set_new(in, DUPLICATE_ALLOW_FIELD, json_true());
}

int import_key_get(struct fc_ctx *ctx, const char *entity, const char *ext,
		   int64_t *id, struct fc_error *err)
{
	return query_id(ctx, id, err, "SELECT id FROM import_keys WHERE org_id = ? "
			"AND entity = ? AND ext_id = ?", "ab", entity, ext, 0);
}

int import_key_put(struct fc_ctx *ctx, const char *entity, const char *ext,
		   int64_t id, struct fc_error *err)
{
	if (db_run(ctx->db, "INSERT INTO import_keys (org_id, entity, ext_id, id) "
		   "VALUES (?, ?, ?, ?)", "issi", ctx->org_id, entity, ext, id) < 0)
		return db_error(ctx->db, err);
	return 0;
}

/* ---- one row ------------------------------------------------------------ */

static const char *val(struct imp *im, enum target t)
{
	return im->vals[t].len ? im->vals[t].s : NULL;
}

static int bad(struct imp *im, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(struct imp *im, const char *field, const char *fmt, ...)
{
	va_list ap;
	struct fc_error *e = im->err;
	fc_error_clear(e);
	e->code = FC_EINVAL;
	snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return FC_EINVAL;
}

/* The row's custom values into IN's "custom", each checked before the row
 * writes anything (links are checked as it writes). */
static int put_custom(struct imp *im, json_t *in)
{
	const char *key;
	json_t *v;
	if (!json_object_size(im->custom))
		return 0;
	json_object_foreach(im->custom, key, v) {
		const struct field_def *d = NULL;
		struct field_value fv;
		for (int i = 0; i < im->ndefs && !d; i++)
			if (!strcmp(im->defs[i].key, key))
				d = &im->defs[i];
		if (!d)
			continue;
		int rc = field_value_parse(d, v, &fv, im->err);
		field_value_release(&fv);
		if (rc < 0)
			return rc;
	}
	json_object_set_new(in, "custom", json_deep_copy(im->custom));
	return 0;
}

static int parse_date(struct imp *im, enum target t, char out[DATE_LEN])
{
	const char *s = val(im, t);
	int32_t days;
	struct fc_error e;
	out[0] = '\0';
	if (!s)
		return 0;
	if (value_parse_date(s, (enum value_date_format)im->o->date_format, &days, &e))
		return bad(im, targets[t].name, "'%s': %s", targets[t].name, e.message);
	date_format(days, out);
	return 0;
}

static int put_date(struct imp *im, json_t *in, enum target t, const char *field)
{
	char d[DATE_LEN];
	int rc = parse_date(im, t, d);
	if (!rc && d[0])
		json_object_set_new(in, field, json_string(d));
	return rc;
}

static void put_text(struct imp *im, json_t *in, enum target t, const char *field)
{
	const char *s = val(im, t);
	if (s)
		json_object_set_new(in, field, json_string(s));
}

static int cache_get(const struct cached *c, size_t n, const char *key,
		     int64_t *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(c[i].key, key)) {
			*id = c[i].id;
			return 1;
		}
	return 0;
}

static void cache_put(struct cached *c, size_t *n, const char *key, int64_t id)
{
	if (*n >= CACHE_MAX)
		return;
	c[*n].key = xstrdup(key);
	c[(*n)++].id = id;
}

static void caches_clear(struct imp *im)
{
	for (size_t i = 0; i < im->nowners; i++)
		free(im->owners[i].key);
	for (size_t i = 0; i < im->naccounts; i++)
		free(im->accounts[i].key);
	im->nowners = im->naccounts = 0;
}

/* The other CRM's owner of the row (owner_ref: its user id, or the name
 * it shows): a user imported or mapped with that id (import/users.c), else
 * the user of that id, e-mail or name; else nobody, and the row goes to
 * the importing user, counted in the summary's owners_unknown with the
 * owner the file named. */
static int owner_ref_of(struct imp *im, json_t *in)
{
	const char *s = val(im, T_OWNER_REF);
	struct fc_error e;
	int64_t id = 0;
	if (!s)
		return 0;
	char key[USER_REF_MAX + 8];
	/* cached apart from the owner column's names: an unknown one is 0 */
	snprintf(key, sizeof(key), "ref:%s", s);
	if (cache_get(im->owners, im->nowners, key, &id)) {
		if (id)
			json_object_set_new(in, "owner_id", json_integer(id));
		else
			import_owner_unknown(im->s, s);
		return 0;
	}
	int rc = import_key_get(im->ctx, "user", s, &id, im->err);
	if (!rc && !id) {
		rc = user_find(im->ctx, "owner", s, &id, &e);
		if (rc == FC_ENOTFOUND || rc == FC_EINVAL) {
			rc = 0;
			id = 0;
		} else if (rc) {
			*im->err = e;
		}
	}
	if (rc)
		return rc;
	cache_put(im->owners, &im->nowners, key, id);
	if (id)
		json_object_set_new(in, "owner_id", json_integer(id));
	else
		import_owner_unknown(im->s, s);
	return 0;
}

static int owner_of(struct imp *im, json_t *in)
{
	const char *s = val(im, T_OWNER);
	int64_t id;
	if (!s)
		return owner_ref_of(im, in);
	if (cache_get(im->owners, im->nowners, s, &id)) {
		json_object_set_new(in, "owner_id", json_integer(id));
		return 0;
	}
	/* the other CRM's id (or name) of a user imported or mapped before
	 * (import/users.c), then a user's id, e-mail or name */
	int rc = import_key_get(im->ctx, "user", s, &id, im->err);
	if (!rc && !id)
		rc = user_find(im->ctx, "owner", s, &id, im->err);
	if (rc == FC_ENOTFOUND) {	/* the row's fault: rejected, not fatal */
		im->err->code = FC_EINVAL;
		return FC_EINVAL;
	}
	if (rc)
		return rc;
	cache_put(im->owners, &im->nowners, s, id);
	json_object_set_new(in, "owner_id", json_integer(id));
	return 0;
}

static int parse_id(const char *s, int64_t *id)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		return -1;
	*id = v;
	return 0;
}

/* The account a contact or deal refers to: a Fulcrum id, the other CRM's
 * id of an account imported before, or a name (matched or created). */
static int account_of(struct imp *im, int64_t *id)
{
	const char *s;
	*id = 0;
	if ((s = val(im, T_ACCOUNT_ID))) {
		if (parse_id(s, id))
			return bad(im, "account_id", "'account_id' must be an id, "
				   "not '%s'", s);
		/* with the account's name beside it (a `fulcrum export`), an id
		 * naming another account is another database's: the name says
		 * which account the row means */
		const char *name = val(im, T_ACCOUNT);
		int rc = query_visible(im->ctx, &entity_account, id, im->err,
				       name ? "SELECT id FROM accounts WHERE org_id "
				       "= ? AND id = ? AND name = ?" : "SELECT id "
				       "FROM accounts WHERE org_id = ? AND id = ?",
				       name ? "ca" : "c", name, NULL, *id);
		if (!rc && !*id && !val(im, T_ACCOUNT))
			return bad(im, "account_id", "unknown account %s", s);
		if (rc || *id)
			return rc;
	}
	if (!val(im, T_ACCOUNT_ID) && (s = val(im, T_ACCOUNT_REF))) {
		int rc = import_key_get(im->ctx, "account", s, id, im->err);
		keep_visible(im->ctx, &entity_account, id);
		if (!rc && !*id)
			return bad(im, "account_ref", "unknown account '%s': import "
				   "the accounts file first", s);
		return rc;
	}
	if ((s = val(im, T_ACCOUNT))) {
		if (cache_get(im->accounts, im->naccounts, s, id))
			return 0;
		/* a Salesforce lead's Company may hold its account's Id */
		int rc = import_key_get(im->ctx, "account", s, id, im->err);
		keep_visible(im->ctx, &entity_account, id);
		if (rc || *id)
			return rc;
		im->wrote = 1;	/* a missing account is created */
		rc = import_account_by_name(im->ctx, s, 1, id, im->err);
		if (!rc && *id)
			cache_put(im->accounts, &im->naccounts, s, *id);
		return rc;
	}
	return 0;
}

/* What the other CRM's ids of the rows are ids of: a lead's id is not a
 * contact's, though both become contacts here. */
static const char *ext_entity(struct imp *im)
{
	return im->o->leads && im->o->kind == IMPORT_CONTACTS ? "lead"
		: kind_entity[im->o->kind];
}

/* Existing record of the other CRM's id, if mapped. */
static int by_ext(struct imp *im, int64_t *id)
{
	const char *ext = val(im, T_EXT);
	*id = 0;
	if (!ext)
		return 0;
	int rc = import_key_get(im->ctx, ext_entity(im), ext, id, im->err);
	keep_visible(im->ctx, entity_find(kind_entity[im->o->kind]), id);
	return rc;
}

enum outcome { OUT_IMPORTED, OUT_UPDATED, OUT_SKIPPED, OUT_FLAGGED };

static void dup_note(struct imp *im, const struct entity *e, int64_t id);

/* A row for record ID of E that is there, found by HOW ("the same
 * e-mail"): skipped, refused or merged into it, as on_dup says, and why. */
static int duplicate(struct imp *im, const struct entity *e, int64_t id,
		     const char *how, json_t *in, json_t *extra,
		     enum outcome *out)
{
	dup_note(im, e, id);
	if (im->o->on_dup == IMPORT_DUP_SKIP) {
		snprintf(im->why, sizeof(im->why), "%s #%" PRId64 " is there "
			 "with %s (--on-duplicate update merges the row into it)",
			 e->name, id, how);
		*out = OUT_SKIPPED;
		return 0;
	}
	if (im->o->on_dup == IMPORT_DUP_ERROR)
		return bad(im, NULL, "duplicate of %s %" PRId64 " (%s)", e->name,
			   id, how);
	snprintf(im->why, sizeof(im->why), "merged into %s #%" PRId64 ", which "
		 "has %s", e->name, id, how);
	*out = OUT_UPDATED;
	im->wrote = 1;
	return record_update(im->ctx, e, id, in, extra, 0, im->err);
}

static void created_extra(json_t **extra, const char *date)
{
	if (!date[0])
		return;
	if (!*extra)
		*extra = json_object();
	char at[TIME_LEN];
	snprintf(at, sizeof(at), "%sT00:00:00Z", date);
	json_object_set_new(*extra, "created_at", json_string(at));
}

static int keep_ext(struct imp *im, int64_t id)
{
	const char *ext = val(im, T_EXT);
	int64_t have;
	if (!ext)
		return 0;
	int rc = import_key_get(im->ctx, ext_entity(im), ext, &have, im->err);
	if (rc || have)
		return rc;
	im->wrote = 1;
	return import_key_put(im->ctx, ext_entity(im), ext, id, im->err);
}

static char *domain_normal(const char *s)
{
	const char *p = strstr(s, "://");
	p = p ? p + 3 : s;
	if (!strncasecmp(p, "www.", 4))
		p += 4;
	size_t n = strcspn(p, "/?#");
	char *d = xstrndup(p, n);
	for (char *c = d; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return d;
}

static int row_account(struct imp *im, enum outcome *out)
{
	const char *name = val(im, T_NAME);
	json_t *in = json_object(), *extra = NULL;
	char *domain = NULL;
	char created[DATE_LEN];
	int64_t id = 0;
	int rc;

	if (!name) {
		rc = bad(im, "name", "'name' is empty");
		goto out;
	}
	json_object_set_new(in, "name", json_string(name));
	if (val(im, T_DOMAIN)) {
		domain = domain_normal(val(im, T_DOMAIN));
		json_object_set_new(in, "domain", json_string(domain));
	}
	put_text(im, in, T_INDUSTRY, "industry");
	put_text(im, in, T_SIZE, "size");
	put_text(im, in, T_ADDRESS, "address");
	/* their account type through the picklist synonyms; one we have no
	 * word for ("Partner") leaves the status as a new account's */
	if (val(im, T_STATUS)) {
		const char *st = picklist_value(PICKLIST_ACCOUNT_STATUS,
						im->preset->name, val(im, T_STATUS));
		if (st)
			json_object_set_new(in, "status", json_string(st));
	}
	if ((rc = owner_of(im, in)) || (rc = parse_date(im, T_CREATED, created)) ||
	    (rc = put_custom(im, in)))
		goto out;
	const char *how = NULL;
	if ((rc = by_ext(im, &id)))
		goto out;
	if (id)
		how = "the same id of theirs";
	if (!id && domain && *domain &&
	    (rc = query_visible(im->ctx, &entity_account, &id, im->err,
				"SELECT id FROM accounts WHERE org_id = ? AND "
				"domain = ? ORDER BY id LIMIT 16", "a", domain,
				NULL, 0)))
		goto out;
	if (id && !how)
		how = "the same domain";
	if (!id && (rc = import_account_by_name(im->ctx, name, 0, &id, im->err)))
		goto out;
	if (id && !how)
		how = "the same name";
	if (id) {
		rc = duplicate(im, &entity_account, id, how, in, NULL, out);
	} else {
		created_extra(&extra, created);
		im->wrote = 1;
		import_allow_duplicates(im->o, in);
		rc = record_create(im->ctx, &entity_account, in, extra, &id, im->err);
		*out = OUT_IMPORTED;
	}
	if (!rc)
		rc = keep_ext(im, id);
out:
	free(domain);
	json_decref(in);
	json_decref(extra);
	return rc;
}

/* The row's source through the picklist synonyms (picklist.h); a label
 * they do not know is source 'other'. A label that is not our value's own
 * name is kept in EXTRA's source_label, cut to PICKLIST_LABEL_MAX bytes at
 * a character's start, so a picklist never costs a row. */
static void source_of(struct imp *im, json_t *in, json_t **extra)
{
	const char *s = val(im, T_SOURCE), *to;
	if (!s)
		return;
	to = picklist_value(PICKLIST_SOURCE, im->preset->name, s);
	json_object_set_new(in, "source", json_string(to ? to : "other"));
	if (to && picklist_same(to, s))
		return;
	size_t n = picklist_cut(s, PICKLIST_LABEL_MAX);
	if (!*extra)
		*extra = json_object();
	json_object_set_new(*extra, "source_label", json_stringn(s, n));
}

static int row_contact(struct imp *im, enum outcome *out)
{
	json_t *in = json_object(), *extra = NULL;
	struct buf name = BUF_INIT;
	char created[DATE_LEN];
	const char *email = val(im, T_EMAIL), *s;
	int64_t id = 0, account = 0;
	int rc;

	if (val(im, T_NAME)) {
		buf_adds(&name, val(im, T_NAME));
	} else {
		if (val(im, T_FIRST))
			buf_adds(&name, val(im, T_FIRST));
		if (val(im, T_LAST))
			buf_addf(&name, "%s%s", name.len ? " " : "", val(im, T_LAST));
	}
	if (!name.len && email)
		buf_adds(&name, email);
	if (!name.len) {
		rc = bad(im, "name", "'name' is empty (no name, first or last name, "
			 "or email)");
		goto out;
	}
	json_object_set_new(in, "name", json_string(name.s));
	if (email) {
		if (!value_email_valid(email)) {
			rc = bad(im, "email", "'%s' is not an email address", email);
			goto out;
		}
		json_object_set_new(in, "email", json_string(email));
	}
	if ((s = val(im, T_PHONE)) || (s = val(im, T_MOBILE)))
		json_object_set_new(in, "phone", json_string(s));
	if (val(im, T_PHONE) && val(im, T_MOBILE))
		json_object_set_new(in, "phones", json_pack("[ss]", val(im, T_PHONE),
							    val(im, T_MOBILE)));
	put_text(im, in, T_TITLE, "title");
	put_text(im, in, T_NEED, "need");
	put_text(im, in, T_NOTES, "notes");
	if (im->appendix.len)
		import_unmapped_notes(in, im->appendix.s);
	put_text(im, in, T_TAGS, "tags");
	put_text(im, in, T_CHANNEL, "preferred_channel");
	if ((s = val(im, T_COMFORT))) {
		int64_t c;
		char *end;
		c = strtoll(s, &end, 10);
		if (*end || c < 0 || c > 5) {
			rc = bad(im, "comfort", "'comfort' must be a whole number 0-5, "
				 "not '%s'", s);
			goto out;
		}
		json_object_set_new(in, "comfort", json_integer(c));
	}
	source_of(im, in, &extra);
	if ((rc = put_date(im, in, T_TIMING_FROM, "timing_from")) ||
	    (rc = put_date(im, in, T_TIMING_TO, "timing_to")) ||
	    (rc = parse_date(im, T_CREATED, created)) || (rc = owner_of(im, in)) ||
	    (rc = put_custom(im, in)) || (rc = account_of(im, &account)))
		goto out;
	if (account)
		json_object_set_new(in, "account_id", json_integer(account));
	if (account && (val(im, T_DOMAIN) || val(im, T_INDUSTRY) ||
			val(im, T_SIZE))) {
		char *domain = val(im, T_DOMAIN) ? domain_normal(val(im, T_DOMAIN))
			: NULL;
		im->wrote = 1;
		rc = import_account_fill(im->ctx, account, domain,
					 val(im, T_INDUSTRY), val(im, T_SIZE), im->err);
		free(domain);
		if (rc)
			goto out;
	}
	/* a lead their CRM converted is the contact it became */
	int converted = im->o->leads && picklist_yes(val(im, T_CONVERTED));
	int64_t became = 0, deal = 0;
	if (converted && (s = val(im, T_CONVERTED_CONTACT)) &&
	    (rc = import_key_get(im->ctx, "contact", s, &became, im->err)))
		goto out;
	if (converted && (s = val(im, T_CONVERTED_DEAL)) &&
	    (rc = import_key_get(im->ctx, "deal", s, &deal, im->err)))
		goto out;
	if (im->o->leads && !converted)
		import_lead_fields(in, &extra, val(im, T_LEAD_STATUS),
				   val(im, T_SOURCE), created, im->today);
	else if ((s = val(im, T_LEAD_STATUS)))
		import_lead_fields(NULL, &extra, s, NULL, NULL, NULL);
	if ((rc = by_ext(im, &id)))
		goto out;
	if (!id && became) {
		json_t *patch = json_object();
		snprintf(im->why, sizeof(im->why), "the lead became contact #%"
			 PRId64 "%s in their CRM: linked to it, not made twice",
			 became, deal ? " and its deal" : "");
		im->wrote = 1;
		dup_note(im, &entity_contact, became);
		rc = record_update(im->ctx, &entity_contact, became, patch, extra,
				   0, im->err);
		json_decref(patch);
		*out = OUT_UPDATED;
		id = became;
		goto keep;
	}
	const char *how = id ? "the same id of theirs" : "the same e-mail";
	if (!id && email && (rc = import_contact_by_email(im->ctx, email, &id, im->err)))
		goto out;
	if (id && !strcmp(how, "the same e-mail") && val(im, T_EXT)) {
		/* their CRM holds both as records of their own: so do we */
		int theirs = 0;
		if ((rc = import_key_of_record(im->ctx, "contact", "lead", id,
					       &theirs, im->err)))
			goto out;
		if (theirs)
			id = 0;
	}
	if (id) {
		rc = duplicate(im, &entity_contact, id, how, in, extra, out);
	} else if (val(im, T_EXT) && !im->o->allow_duplicates) {
		int flagged;
		created_extra(&extra, created);
		im->wrote = 1;
		rc = import_create_distinct(im->ctx, &entity_contact, in, extra, &id,
					    &flagged, im->why, sizeof(im->why),
					    im->err);
		*out = flagged ? OUT_FLAGGED : OUT_IMPORTED;
	} else {
		created_extra(&extra, created);
		im->wrote = 1;
		import_allow_duplicates(im->o, in);
		rc = record_create(im->ctx, &entity_contact, in, extra, &id, im->err);
		*out = OUT_IMPORTED;
	}
	/* the contact it became, when their contacts come after it */
	if (!rc && converted && !became && (s = val(im, T_CONVERTED_CONTACT))) {
		im->wrote = 1;
		rc = import_key_put(im->ctx, "contact", s, id, im->err);
	}
keep:
	if (!rc)
		rc = keep_ext(im, id);
out:
	buf_release(&name);
	json_decref(in);
	json_decref(extra);
	return rc;
}

/* The deal's contact: an id, an imported id, an email or a name at the
 * account (matched or created); without any, the account's first contact,
 * or a new "Contact at ACCOUNT" so the deal has the person it needs. */
static int contact_of(struct imp *im, int64_t account, int64_t *id)
{
	const char *s;
	int rc = 0;
	*id = 0;
	if ((s = val(im, T_CONTACT_ID))) {
		if (parse_id(s, id))
			return bad(im, "contact_id", "'contact_id' must be an id, "
				   "not '%s'", s);
		/* as for accounts: an id naming another contact than the name
		 * beside it is another database's */
		const char *name = val(im, T_CONTACT);
		rc = query_visible(im->ctx, &entity_contact, id, im->err,
				   name ? "SELECT id FROM contacts WHERE org_id = ? "
				   "AND id = ? AND name = ?" : "SELECT id FROM "
				   "contacts WHERE org_id = ? AND id = ?",
				   name ? "ca" : "c", name, NULL, *id);
		if (!rc && !*id && !val(im, T_CONTACT))
			return bad(im, "contact_id", "unknown contact %s", s);
	}
	if (rc || *id) {
		/* found by its id (or the store failed) */
	} else if (!val(im, T_CONTACT_ID) && (s = val(im, T_CONTACT_REF))) {
		rc = import_key_get(im->ctx, "contact", s, id, im->err);
		keep_visible(im->ctx, &entity_contact, id);
		if (!rc && !*id)
			return bad(im, "contact_ref", "unknown contact '%s': import "
				   "the contacts file first", s);
	} else if ((s = val(im, T_CONTACT))) {
		if (strchr(s, '@')) {
			rc = import_contact_by_email(im->ctx, s, id, im->err);
		} else {
			rc = query_visible(im->ctx, &entity_contact, id, im->err,
					   "SELECT id FROM contacts WHERE org_id = ? "
					   "AND name = ? AND account_id = ? ORDER BY "
					   "id LIMIT 16", "ac", s, NULL, account);
		}
		if (!rc && !*id) {
			json_t *in = json_pack("{s:s, s:I}", "name", s, "account_id",
					       (json_int_t)account);
			if (strchr(s, '@')) {
				if (!value_email_valid(s)) {
					json_decref(in);
					return bad(im, "contact", "'%s' is not an email "
						   "address", s);
				}
				json_object_set_new(in, "email", json_string(s));
			}
			im->wrote = 1;
			rc = record_create(im->ctx, &entity_contact, in, NULL, id, im->err);
			json_decref(in);
		}
	} else {
		rc = query_visible(im->ctx, &entity_contact, id, im->err,
				   "SELECT id FROM contacts WHERE org_id = ? AND "
				   "account_id = ? ORDER BY id LIMIT 16", "c",
				   NULL, NULL, account);
		if (!rc && !*id) {
			char *nm = NULL;
			int64_t found = 0;
			struct db_stmt *st = db_prepare(im->ctx->db, "SELECT name FROM "
				"accounts WHERE org_id = ? AND id = ?");
			if (!st)
				return db_error(im->ctx->db, im->err);
			db_bindf(st, "ii", im->ctx->org_id, account);
			if (db_step(st) > 0) {
				nm = xasprintf("Contact at %s", db_col_text(st, 0));
				found = 1;
			}
			db_done(st);
			if (!found)
				return bad(im, "account", "account %" PRId64 " is gone", account);
			json_t *in = json_pack("{s:s, s:I}", "name", nm, "account_id",
					       (json_int_t)account);
			im->wrote = 1;
			rc = record_create(im->ctx, &entity_contact, in, NULL, id, im->err);
			json_decref(in);
			free(nm);
		}
	}
	if (rc)
		return rc;
	struct db_stmt *st = db_prepare(im->ctx->db, "SELECT account_id FROM "
					"contacts WHERE org_id = ? AND id = ?");
	if (!st)
		return db_error(im->ctx->db, im->err);
	db_bindf(st, "ii", im->ctx->org_id, *id);
	int64_t acc = 0;
	if (db_step(st) > 0 && !db_col_is_null(st, 0))
		acc = db_col_int(st, 0);
	db_done(st);
	if (acc && acc != account)
		return bad(im, "contact", "contact %" PRId64 " belongs to another "
			   "account", *id);
	return 0;
}


/* The row's step and outcome, from its status and stage columns. An open
 * deal without a stage stands at the first step; a closed deal whose stage
 * names only the outcome has an unknown path (STEP_UNKNOWN). */
static int stage_of(struct imp *im, const struct process *p, int *pos,
		    int *closed)
{
	const char *s = val(im, T_STAGE), *status = val(im, T_STATUS);
	struct import_stage_map m = { im->stages, im->nstages };
	int said = -1;
	*pos = 0;
	*closed = DEAL_OPEN;
	if (status) {
		if (!strcasecmp(status, "won"))
			said = DEAL_WON;
		else if (!strcasecmp(status, "lost"))
			said = DEAL_LOST;
		else if (!strcasecmp(status, "open") || !strcasecmp(status, "active"))
			said = DEAL_OPEN;
		else
			return bad(im, "status", "unknown status '%s' (open, won, lost)",
				   status);
	}
	if (s && import_stage_map(&m, p, s, pos, closed))
		return bad(im, "stage", "unknown stage '%s': map it with "
			   "--stage-map '%s=STEP' (a step of process '%s', won or "
			   "lost)", s, s, p->key);
	if (!s && said > DEAL_OPEN)
		*pos = STEP_UNKNOWN;
	if (said > DEAL_OPEN && *closed != DEAL_OPEN && said != *closed)
		return bad(im, "status", "status '%s' but stage '%s'", status, s);
	if (said >= 0 && *closed == DEAL_OPEN)
		*closed = said;
	return 0;
}

static int event(struct imp *im, int64_t id, const char *action,
		 const char *from, const char *to, const char *at)
{
	struct history_event ev = { .entity = "deal", .entity_id = id,
				    .action = action, .from_step = from,
				    .to_step = to, .reason = "import", .at = at };
	return history_record(im->ctx, &ev, im->err);
}

/* The history of an imported deal states only what the file states: it
 * was created on its created date in the step its stage maps to (or, when
 * the file names only its outcome, in HISTORY_STEP_UNKNOWN) and, when
 * closed, won or lost on its close date from there. No step in between is
 * made up; `fulcrum import history` replays the steps a file records. */
static int stated_history(struct imp *im, const struct process *p, int64_t id,
			int pos, int closed, const char *at0, const char *at1)
{
	const char *from = pos == STEP_UNKNOWN ? HISTORY_STEP_UNKNOWN :
			   p->steps[pos].key;
	int rc = event(im, id, "create", NULL, from, at0);
	if (rc || closed == DEAL_OPEN)
		return rc;
	if (closed == DEAL_LOST)
		return event(im, id, "lost", from, from, at1);
	return event(im, id, "won", from, p->steps[p->nsteps - 1].key, at1);
}

static int row_deal(struct imp *im, enum outcome *out)
{
	json_t *in = json_object(), *extra = NULL;
	struct process *own = NULL;
	const struct process *p = im->proc;
	char close[DATE_LEN], created[DATE_LEN], due[DATE_LEN];
	char at0[TIME_LEN], at1[TIME_LEN];
	const char *title = val(im, T_TITLE), *s;
	int64_t id = 0, account = 0, contact = 0;
	int pos, closed, rc;

	if (!title) {
		rc = bad(im, "title", "'title' is empty");
		goto out;
	}
	if ((s = val(im, T_PROCESS)) &&
	    (rc = process_load_by_key(im->ctx, s, &own, im->err))) {
		if (rc == FC_ENOTFOUND)
			rc = bad(im, "process", "unknown process '%s'", s);
		goto out;
	}
	if (own)
		p = own;
	json_object_set_new(in, "title", json_string(title));
	if ((rc = put_custom(im, in)))
		goto out;
	if ((s = val(im, T_CURRENCY))) {
		char cur[4];
		struct fc_error e;
		snprintf(cur, sizeof(cur), "%s", s);
		for (int i = 0; cur[i]; i++)
			cur[i] = (char)toupper((unsigned char)cur[i]);
		if (strlen(s) != 3 || currency_check(cur, "currency", &e)) {
			rc = bad(im, "currency", "'currency' must be an ISO 4217 "
				 "code such as USD or EUR, not '%s'", s);
			goto out;
		}
		json_object_set_new(in, "currency", json_string(cur));
	}
	/* the currency column first: the value is read in its decimals */
	if ((s = val(im, T_VALUE))) {
		int64_t minor;
		char cur[4], amount[32];
		const char *in_cur = json_string_value(json_object_get(in,
								       "currency"));
		struct fc_error e;
		if (money_read(s, MONEY_DETECT, in_cur, &minor, cur, &e)) {
			rc = bad(im, "value", "'value': %s", e.message);
			goto out;
		}
		if (!in_cur && cur[0])
			json_object_set_new(in, "currency", json_string(cur));
		in_cur = json_string_value(json_object_get(in, "currency"));
		money_format(minor, in_cur, amount, sizeof(amount));
		json_object_set_new(in, "value", json_string(amount));
	}
	if ((rc = parse_date(im, T_CLOSE, close)) ||
	    (rc = parse_date(im, T_CREATED, created)) ||
	    (rc = parse_date(im, T_NEXT_DUE, due)) ||
	    (rc = stage_of(im, p, &pos, &closed)) || (rc = owner_of(im, in)))
		goto out;
	if (close[0])
		json_object_set_new(in, "close_date", json_string(close));
	if (!created[0])
		snprintf(created, sizeof(created), "%s", im->today);
	if (closed != DEAL_OPEN && !close[0]) {
		rc = bad(im, "close_date", "a %s deal needs its close date",
			 closed == DEAL_WON ? "won" : "lost");
		goto out;
	}
	/* a deal cannot close before it was created */
	if (closed != DEAL_OPEN && strcmp(close, created) < 0)
		snprintf(created, sizeof(created), "%s", close);
	if ((rc = account_of(im, &account)))
		goto out;
	if (!account) {
		rc = bad(im, "account", "no account: map a column to account, "
			 "account_ref or account_id");
		goto out;
	}
	if ((rc = contact_of(im, account, &contact)))
		goto out;
	json_object_set_new(in, "account_id", json_integer(account));
	json_object_set_new(in, "contact_id", json_integer(contact));
	if ((rc = by_ext(im, &id)))
		goto out;
	if (id) {
		rc = duplicate(im, &entity_deal, id, "the same id of theirs", in,
			       NULL, out);
		goto out;
	}

	/* where it stands: the mapped step; a win in the follow-up step after
	 * the whole way; a loss of unknown path at the first step */
	int last = p->nsteps - 1;
	int stand = closed == DEAL_WON ? last : pos == STEP_UNKNOWN ? 0 : pos;
	const char *status = closed == DEAL_WON ? "won" :
			     closed == DEAL_LOST ? "lost" : "open";
	snprintf(at0, sizeof(at0), "%sT00:00:00Z", created);
	snprintf(at1, sizeof(at1), "%sT00:00:00Z", closed != DEAL_OPEN ? close :
		 created);
	extra = json_pack("{s:I, s:s, s:s, s:s, s:s}", "process_id", (json_int_t)p->id,
			  "step", p->steps[stand].key, "step_entered_at", at1,
			  "status", status, "created_at", at0);
	if (closed != DEAL_OPEN)
		json_object_set_new(extra, "closed_at", json_string(at1));
	if (closed == DEAL_WON)
		json_object_set_new(extra, "delivered_on", json_string(close));
	if (closed == DEAL_LOST) {
		const char *why = val(im, T_LOST_REASON);
		if ((rc = deal_reason_check(why, im->err)))
			goto out;
		json_object_set_new(extra, "lost_reason",
				    json_string(why ? why : "imported as lost"));
	}
	im->wrote = 1;
	if ((rc = record_create(im->ctx, &entity_deal, in, extra, &id, im->err)))
		goto out;
	*out = OUT_IMPORTED;
	/* a new deal: its report rollups are summed when the batch commits */
	history_defer_deal(im->ctx, id);
	if ((rc = stated_history(im, p, id, pos, closed, at0, at1)))
		goto out;
	if (closed == DEAL_WON) {
		struct deal_won w = { .deal_id = id, .account_id = account,
				      .check_days = p->check_days, .now = im->now };
		date_parse(close, &w.delivered);
		/* R4 holds for imported wins too: each gets its check */
		if (db_query_int(im->ctx->db, &w.owner_id, "SELECT owner_id FROM deals "
				 "WHERE org_id = ? AND id = ?", "ii", im->ctx->org_id,
				 id)) {
			rc = db_error(im->ctx->db, im->err);
			goto out;
		}
		rc = deal_won_effects(im->ctx, &w, im->err);
	} else if (closed == DEAL_OPEN) {
		/* R1: an open deal has its agreed next step */
		json_t *ns = json_pack("{s:s, s:s, s:s}", "what",
				       val(im, T_NEXT) ? val(im, T_NEXT) : IMPORT_REVIEW_STEP,
				       "due", due[0] ? due : im->today, "type", "other");
		int64_t nid;
		rc = next_step_set(im->ctx, id, ns, &nid, im->err);
		json_decref(ns);
	}
	if (!rc)
		rc = keep_ext(im, id);
out:
	process_free(own);
	json_decref(in);
	json_decref(extra);
	return rc;
}

/* ---- history rows ------------------------------------------------------ */

static void reject(struct imp *im, const struct csv_record *rec,
		   const char *reason);

/* The deal a history row names: the other CRM's id of a deal imported
 * before, else a Fulcrum id. */
static int history_deal(struct imp *im, int64_t *id)
{
	const char *s = val(im, T_DEAL);
	int rc;
	*id = 0;
	if (!s)
		return bad(im, "deal", "'deal' is empty");
	if ((rc = import_key_get(im->ctx, "deal", s, id, im->err)))
		return rc;
	if (!*id && !parse_id(s, id) &&
	    (rc = query_visible(im->ctx, &entity_deal, id, im->err, "SELECT id "
				"FROM deals WHERE org_id = ? AND id = ?", "c", NULL,
				NULL, *id)))
		return rc;
	keep_visible(im->ctx, &entity_deal, id);
	if (!*id)
		return bad(im, "deal", "unknown deal '%s': import the deals first",
			   s);
	return 0;
}

/* A history row's time: a date in the file's format, or an ISO date and
 * time ("2024-03-05T14:22:10.000Z", "2024-03-05 14:22:10", HubSpot's
 * "2024-03-05 14:22"), kept to the second. */
static int history_time(struct imp *im, char out[TIME_LEN])
{
	const char *s = val(im, T_DATE);
	char d[DATE_LEN], hms[9] = "00:00:00";
	int32_t days;
	struct fc_error e;
	if (!s)
		return bad(im, "date", "'date' is empty");
	size_t n = strlen(s);
	if (n >= 16 && (s[10] == 'T' || s[10] == ' ') && s[13] == ':') {
		/* without seconds, the minute's start */
		memcpy(hms, s + 11, n >= 19 && s[16] == ':' ? 8 : 5);
		snprintf(d, sizeof(d), "%.10s", s);
		for (int i = 0; i < 8; i++)
			if (i % 3 != 2 && (hms[i] < '0' || hms[i] > '9'))
				return bad(im, "date", "'date': '%s' is not a date", s);
		if (date_parse(d, &days))
			return bad(im, "date", "'date': '%s' is not a date", s);
	} else if (value_parse_date(s, (enum value_date_format)im->o->date_format,
				    &days, &e)) {
		return bad(im, "date", "'date': %s", e.message);
	}
	date_format(days, d);
	snprintf(out, TIME_LEN, "%sT%.8sZ", d, hms);
	return 0;
}

/* Checks a history row and keeps it for the replay at the end. */
static int row_history(struct imp *im, const struct csv_record *rec)
{
	struct hist_row h = { .index = (int64_t)rec->index,
			      .line = (int64_t)rec->line, .order = im->nhist };
	struct import_stage_map m = { im->stages, im->nstages };
	const char *stage = val(im, T_STAGE);
	int64_t pid = 0;
	int rc;

	if ((rc = history_deal(im, &h.deal)) || (rc = history_time(im, h.at)))
		return rc;
	if (!stage)
		return bad(im, "stage", "'stage' is empty");
	if (db_query_int(im->ctx->db, &pid, "SELECT process_id FROM deals WHERE "
			 "org_id = ? AND id = ?", "ii", im->ctx->org_id, h.deal))
		return db_error(im->ctx->db, im->err);
	if (!im->hproc || im->hproc->id != pid) {
		process_free(im->hproc);
		im->hproc = NULL;
		if ((rc = process_load(im->ctx, pid, &im->hproc, im->err)))
			return rc;
	}
	if (import_stage_map(&m, im->hproc, stage, &h.step, &h.closed))
		return bad(im, "stage", "unknown stage '%s': map it with "
			   "--stage-map '%s=STEP' (a step of process '%s', won or "
			   "lost)", stage, stage, im->hproc->key);
	if (im->nhist >= IMPORT_HISTORY_ROWS_MAX)
		return fc_fail(im->err, FC_ELIMIT, NULL, "a history file holds at "
			       "most %d rows", IMPORT_HISTORY_ROWS_MAX);
	struct buf raw = BUF_INIT;
	for (size_t i = 0; i < rec->nfields; i++)
		csv_write_field_n(&raw, rec->fields[i], rec->lens[i],
				  (im->rd->delim ? im->rd->delim : ','), CSV_WRITE_SAFE);
	h.raw = raw.s ? raw.s : xstrdup("");
	if (!(im->nhist & (im->nhist - 1)))	/* grows at 0, 1, 2, 4, ... */
		im->hist = xrealloc(im->hist, (im->nhist ? im->nhist * 2 : 1) *
				    sizeof(*im->hist));
	im->hist[im->nhist++] = h;
	return 0;
}

/* Keeps REC for a replay of the open batch. */
static void keep_row(struct imp *im, const struct csv_record *rec)
{
	if (im->nkept == im->capkept) {
		im->capkept = im->capkept ? im->capkept * 2 : 64;
		im->kept = xrealloc(im->kept, im->capkept * sizeof(*im->kept));
	}
	struct kept_row *k = &im->kept[im->nkept++];
	k->nfields = rec->nfields;
	k->fields = xcalloc(rec->nfields ? rec->nfields : 1, sizeof(char *));
	k->lens = xcalloc(rec->nfields ? rec->nfields : 1, sizeof(size_t));
	for (size_t i = 0; i < rec->nfields; i++) {
		k->fields[i] = xstrndup(rec->fields[i], rec->lens[i]);
		k->lens[i] = rec->lens[i];
	}
	k->line = rec->line;
	k->index = rec->index;
	k->ragged = rec->ragged;
}

static void kept_clear(struct imp *im)
{
	for (size_t r = 0; r < im->nkept; r++) {
		for (size_t i = 0; i < im->kept[r].nfields; i++)
			free(im->kept[r].fields[i]);
		free(im->kept[r].fields);
		free(im->kept[r].lens);
	}
	im->nkept = 0;
}

/* A row of a deals export with a "Date entered" column per stage: a
 * history row per stage the deal entered, each checked and kept like a row
 * of a (deal, stage, date) file, and counted and rejected on its own. A
 * row whose deal is unknown is rejected once; a stage or date that does not
 * read is rejected naming its stage, and the row's other stages still
 * count. */
static int row_stage_dates(struct imp *im, const struct csv_record *rec)
{
	int64_t deal;
	int rc;

	if ((rc = history_deal(im, &deal)))
		return rc;
	for (size_t i = 0; i < rec->nfields && i < im->ncols; i++) {
		if (!im->stage_cols[i])
			continue;
		size_t fl = rec->lens[i];
		const char *fv = csv_unguard(rec->fields[i], &fl);
		char *v = import_trim_dup(fv, fl);
		buf_clear(&im->vals[T_STAGE]);
		buf_clear(&im->vals[T_DATE]);
		if (*v) {
			buf_adds(&im->vals[T_STAGE], im->stage_cols[i]);
			buf_adds(&im->vals[T_DATE], v);
		}
		free(v);
		if (!im->vals[T_DATE].len)	/* it never entered the stage */
			continue;
		if (!(rc = row_history(im, rec)))
			continue;
		if (rc == FC_ESTORE || rc == FC_ELIMIT)
			return rc;
		char why[sizeof(im->err->message) + 80];
		snprintf(why, sizeof(why), "date entered '%.60s': %s",
			 im->stage_cols[i], im->err->message);
		reject(im, rec, why);
	}
	return 0;
}

/* ---- batches ------------------------------------------------------------ */

static int flush_rejects(struct imp *im)
{
	if (im->o->rejected && im->rejbuf.len) {
		if (fwrite(im->rejbuf.s, 1, im->rejbuf.len, im->o->rejected) !=
		    im->rejbuf.len || fflush(im->o->rejected))
			return fc_fail(im->err, FC_ESTORE, NULL, "cannot write the "
				       "rejected rows");
	}
	buf_clear(&im->rejbuf);
	return 0;
}

static int batch_commit(struct imp *im, int finished)
{
	struct fc_ctx *ctx = im->ctx;
	/* the file ended right after a full batch: that batch committed as
	 * unfinished, and the run is finished now */
	if (!im->in_tx && finished && im->tracked && !im->o->dry_run &&
	    im->last_row > 0) {
		if (db_begin(ctx->db, 1))
			return db_error(ctx->db, im->err);
		im->in_tx = 1;
	}
	if (!im->in_tx)
		return flush_rejects(im);
	if (im->o->dry_run && !finished)
		return 0;	/* a dry run is one transaction, rolled back */
	if (im->o->dry_run) {
		db_rollback(ctx->db);
		im->in_tx = 0;
		return flush_rejects(im);
	}
	if (refresh_defer_flush(ctx, &im->refresh, im->err) ||
	    history_defer_flush(ctx, im->err)) {
		db_rollback(ctx->db);
		im->in_tx = 0;
		return FC_ESTORE;
	}
	if (im->tracked &&
	    db_run(ctx->db, "UPDATE import_runs SET rows_done = ?, finished = ?, "
		   "updated_at = ? WHERE org_id = ? AND input_hash = ? AND kind = ?",
		   "iisiss", im->last_row, (int64_t)finished, im->now, ctx->org_id,
		   im->o->input_hash, kind_names[im->o->kind]) < 0) {
		db_rollback(ctx->db);
		im->in_tx = 0;
		return db_error(ctx->db, im->err);
	}
	im->in_tx = 0;
	if (db_commit(ctx->db))
		return db_error(ctx->db, im->err);
	im->s->committed = im->last_row;
	im->batch_rows = 0;
	kept_clear(im);
	return flush_rejects(im);
}

/* Counts a rejected row and keeps it, RAW (its fields as CSV, NFIELDS of
 * them) then REASON, for the rejected rows' file. */
static void reject_raw(struct imp *im, int64_t index, int64_t line,
		       const char *raw, size_t rawlen, size_t nfields,
		       const char *reason)
{
	char delim = im->rd->delim ? im->rd->delim : ',';
	im->s->rejected++;
	if (json_array_size(im->s->rejects) < IMPORT_REJECTS_KEPT)
		json_array_append_new(im->s->rejects, json_pack("{s:I, s:I, s:s}",
			"row", (json_int_t)index, "line", (json_int_t)line,
			"reason", reason));
	if (!im->o->rejected)
		return;
	buf_add(&im->rejbuf, raw, rawlen);
	/* pad a short row so the reason stays in its column */
	for (size_t i = nfields; i < im->ncols; i++)
		csv_write_field_n(&im->rejbuf, "", 0, delim, CSV_WRITE_SAFE);
	csv_write_field_n(&im->rejbuf, reason, strlen(reason), delim,
			  CSV_WRITE_SAFE);
	csv_write_row_end(&im->rejbuf);
}

static void reject(struct imp *im, const struct csv_record *rec,
		   const char *reason)
{
	struct buf raw = BUF_INIT;
	for (size_t i = 0; i < rec->nfields; i++)
		csv_write_field_n(&raw, rec->fields[i], rec->lens[i],
				  (im->rd->delim ? im->rd->delim : ','), CSV_WRITE_SAFE);
	reject_raw(im, (int64_t)rec->index, (int64_t)rec->line, raw.s ? raw.s : "",
		   raw.len, rec->nfields, reason);
	buf_release(&raw);
}

/* Notes record ID of E as the one the current row is for, with its name
 * (a deal's title) as it is before the row changes it. */
static void dup_note(struct imp *im, const struct entity *e, int64_t id)
{
	char sql[96];
	im->dup_e = e;
	im->dup_id = id;
	json_decref(im->dup_name);
	im->dup_name = NULL;
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE org_id = ? AND id = ?",
		 e == &entity_deal ? "title" : "name", e->table);
	struct db_stmt *st = db_prepare(im->ctx->db, sql);
	if (!st)
		return;	/* the name is for people: the row goes on without */
	db_bindf(st, "ii", im->ctx->org_id, id);
	if (db_step(st) > 0 && db_col_text(st, 0))
		im->dup_name = json_string(db_col_text(st, 0));
	db_done(st);
}

/* The record that was there, {"kind", "id", "name"}, or null: people read
 * it by its name. */
static json_t *decided_record(struct imp *im)
{
	if (!im->dup_e)
		return json_null();
	return json_pack("{s:s, s:I, s:O}", "kind", im->dup_e->name, "id",
			 (json_int_t)im->dup_id, "name", im->dup_name ?
			 im->dup_name : json_null());
}

/* A row kept otherwise than as a new record (OUTCOME skipped, flagged or
 * updated) and why, when the row's check said why (im->why): listed in
 * the summary's decisions and written to the rejected rows' file with
 * its reason as "OUTCOME: why", so no row goes without a line. */
static void decided(struct imp *im, const struct csv_record *rec,
		    const char *outcome)
{
	if (!im->why[0])
		return;
	char reason[sizeof(im->why) + 16];
	snprintf(reason, sizeof(reason), "%s: %s", outcome, im->why);
	if (json_array_size(im->s->decisions) < IMPORT_REJECTS_KEPT)
		json_array_append_new(im->s->decisions, json_pack(
			"{s:I, s:I, s:s, s:s, s:o}", "row", (json_int_t)rec->index,
			"line", (json_int_t)rec->line, "outcome", outcome,
			"reason", im->why, "record", decided_record(im)));
	if (!im->o->rejected)
		return;
	char delim = im->rd->delim ? im->rd->delim : ',';
	for (size_t i = 0; i < rec->nfields; i++)
		csv_write_field_n(&im->rejbuf, rec->fields[i], rec->lens[i], delim,
				  CSV_WRITE_SAFE);
	for (size_t i = rec->nfields; i < im->ncols; i++)
		csv_write_field_n(&im->rejbuf, "", 0, delim, CSV_WRITE_SAFE);
	csv_write_field_n(&im->rejbuf, reason, strlen(reason), delim,
			  CSV_WRITE_SAFE);
	csv_write_row_end(&im->rejbuf);
}

/* Replays the checked rows of a history file and counts each. */
static int history_finish(struct imp *im)
{
	int rc = import_history_replay(im->ctx, im->hist, im->nhist, im->err);
	if (rc)
		return rc;
	for (size_t i = 0; i < im->nhist; i++) {
		struct hist_row *h = &im->hist[i];
		if (h->verdict == HIST_APPLIED)
			im->s->imported++;
		else if (h->verdict == HIST_SKIPPED)
			im->s->skipped++;
		else
			reject_raw(im, h->index, h->line, h->raw, strlen(h->raw),
				   im->ncols, h->reason);
	}
	return 0;
}

const char *import_column_field(const struct preset *preset, unsigned kbit,
				const char *h)
{
	const struct preset *ps[2] = { preset, import_preset_find("generic") };
	char stage[STAGE_NAME_MAX];
	/* a date of the stage its header names (stage-dates.c) */
	if (kbit == IK_H && preset->stage_dates &&
	    import_stage_date_column(h, stage, sizeof(stage)))
		return targets[T_DATE].name;
	for (int k = 0; k < 2; k++)
		for (const struct preset_col *c = ps[k]->cols; c->header; c++)
			if ((c->kinds & kbit) && !strcasecmp(c->header, h) &&
			    target_find(c->target, kbit) >= 0)
				return targets[target_find(c->target, kbit)].name;
	for (int t = 0; t < T_COUNT; t++)
		if ((targets[t].kinds & kbit) && header_is_field(h, targets[t].name))
			return targets[t].name;
	return NULL;
}

json_t *import_field_names(enum import_kind kind)
{
	json_t *a = json_array();
	for (int t = 0; t < T_COUNT; t++)
		if (targets[t].kinds & (1u << kind))
			json_array_append_new(a, json_string(targets[t].name));
	return a;
}

/* The custom field NAME ("custom.KEY") of the import's kind, or NULL. */
static const struct field_def *custom_def(struct imp *im, const char *name)
{
	if (strncmp(name, "custom.", 7))
		return NULL;
	for (int i = 0; i < im->ndefs; i++)
		if (!strcmp(im->defs[i].key, name + 7))
			return &im->defs[i];
	return NULL;
}

static int header(struct imp *im, const struct csv_record *rec)
{
	struct pair *map = NULL;
	size_t nmap = 0;
	int rc = 0;

	im->ncols = rec->nfields;
	im->colmap = xcalloc(rec->nfields ? rec->nfields : 1, sizeof(int));
	for (size_t i = 0; i < rec->nfields; i++)
		im->colmap[i] = -1;
	if (im->o->map && (rc = import_pairs_parse(im->o->map, "--map", &map, &nmap, im->err)))
		goto out;
	if (im->o->kind < IMPORT_HISTORY &&
	    (rc = field_defs_load(im->ctx, kind_entity[im->o->kind], 0, &im->defs,
				  &im->ndefs, im->err)))
		goto out;
	im->custom_cols = xcalloc(rec->nfields ? rec->nfields : 1,
				  sizeof(*im->custom_cols));
	for (size_t m = 0; m < nmap; m++) {
		int t = target_find(map[m].to, im->kbit), found = 0;
		if (!strncmp(map[m].to, "custom.", 7)) {
			const struct field_def *d = custom_def(im, map[m].to);
			if (!d) {
				rc = fc_fail(im->err, FC_EUSAGE, "map", "'%s' in --map is "
					     "not a custom field of %s (see fulcrum field "
					     "list)", map[m].to, kind_names[im->o->kind]);
				goto out;
			}
			for (size_t i = 0; i < rec->nfields; i++)
				if (!strcasecmp(rec->fields[i], map[m].from)) {
					im->custom_cols[i] = d;
					found = 1;
				}
			if (!found) {
				rc = fc_fail(im->err, FC_EUSAGE, "map", "column '%s' of "
					     "--map is not in the file", map[m].from);
				goto out;
			}
			continue;
		}
		if (t < 0) {
			rc = fc_fail(im->err, FC_EUSAGE, "map", "'%s' in --map is not a "
				     "field of %s (see fulcrum help import)", map[m].to,
				     kind_names[im->o->kind]);
			goto out;
		}
		for (size_t i = 0; i < rec->nfields; i++)
			if (!strcasecmp(rec->fields[i], map[m].from)) {
				im->colmap[i] = t;
				found = 1;
			}
		if (!found) {
			rc = fc_fail(im->err, FC_EUSAGE, "map", "column '%s' of --map is "
				     "not in the file", map[m].from);
			goto out;
		}
	}
	for (size_t i = 0; i < rec->nfields; i++) {
		const char *h = rec->fields[i];
		if (im->colmap[i] >= 0 || im->custom_cols[i])
			continue;
		/* a "custom.KEY" column, as the CSV export writes them */
		if ((im->custom_cols[i] = custom_def(im, h)))
			continue;
		const char *field = import_column_field(im->preset, im->kbit, h);
		if (field)
			im->colmap[i] = target_find(field, im->kbit);
		if (im->colmap[i] < 0 && im->o->keep_unmapped &&
		    im->o->kind < IMPORT_HISTORY) {
			if ((im->custom_cols[i] = import_unmapped_field(im->defs,
									 im->ndefs, h)))
				continue;
			if (im->o->kind == IMPORT_CONTACTS) {
				if (!im->keep_cols)
					im->keep_cols = xcalloc(rec->nfields,
								sizeof(char *));
				im->keep_cols[i] = xstrdup(h);
				continue;
			}
		}
		if (im->colmap[i] < 0 || im->colmap[i] == T_IGNORE)
			json_array_append_new(im->s->ignored, json_string(h));
	}
	/* with a preset that reads them, a "Date entered" column that goes to
	 * date (its own field, or the map's) dates the stage its header names;
	 * those columns then give each row's stages and dates */
	if (im->o->kind == IMPORT_HISTORY && im->preset->stage_dates) {
		im->stage_cols = xcalloc(rec->nfields ? rec->nfields : 1,
					 sizeof(*im->stage_cols));
		for (size_t i = 0; i < rec->nfields; i++) {
			char stage[STAGE_NAME_MAX];
			if (im->colmap[i] == T_DATE &&
			    import_stage_date_column(rec->fields[i], stage,
						     sizeof(stage))) {
				im->stage_cols[i] = xstrdup(stage);
				im->nstage_cols++;
				im->colmap[i] = -1;
			}
		}
	}
	for (size_t i = 0; i < rec->nfields && im->nstage_cols; i++)
		if (im->colmap[i] == T_STAGE || im->colmap[i] == T_DATE) {
			im->colmap[i] = -1;
			json_array_append_new(im->s->ignored,
					      json_string(rec->fields[i]));
		}
	for (size_t i = 0; i < rec->nfields; i++)
		if (im->colmap[i] >= 0)
			im->present[im->colmap[i]] = 1;
	if (im->nstage_cols)
		im->present[T_STAGE] = im->present[T_DATE] = 1;
	if (im->o->kind == IMPORT_DEALS && !im->present[T_TITLE])
		rc = fc_fail(im->err, FC_EINVAL, "map", "no column is mapped to the "
			     "deal's title: give --map 'Their Column=title'");
	else if (im->o->kind == IMPORT_HISTORY &&
		 (!im->present[T_DEAL] || !im->present[T_STAGE] ||
		  !im->present[T_DATE]))
		rc = fc_fail(im->err, FC_EINVAL, "map", "a history needs columns "
			     "mapped to deal, stage and date (or, with a preset that "
			     "reads them, 'Date entered' columns): give --map 'Their "
			     "Column=deal,...'");
	else if (im->o->kind < IMPORT_DEALS && !im->present[T_NAME] &&
		 !im->present[T_FIRST] && !im->present[T_LAST] &&
		 !(im->o->kind == IMPORT_CONTACTS && im->present[T_EMAIL]))
		rc = fc_fail(im->err, FC_EINVAL, "map", "no column is mapped to the "
			     "name: give --map 'Their Column=name'");
	if (!rc && im->o->rejected && ftell(im->o->rejected) <= 0) {
		for (size_t i = 0; i < rec->nfields; i++)
			csv_write_field_n(&im->rejbuf, rec->fields[i], rec->lens[i],
					  (im->rd->delim ? im->rd->delim : ','), CSV_WRITE_SAFE);
		csv_write_field_n(&im->rejbuf, "reason", 6, (im->rd->delim ?
				  im->rd->delim : ','), CSV_WRITE_SAFE);
		csv_write_row_end(&im->rejbuf);
		rc = flush_rejects(im);
	}
out:
	import_pairs_free(map, nmap);
	return rc;
}

/* Opens a batch: its transaction, and what a replay goes back to. */
static int batch_open(struct imp *im)
{
	struct import_summary *s = im->s;
	/* a batch rolled back took its deferral with it */
	refresh_defer_forget(&im->refresh);
	if (db_begin(im->ctx->db, 1))
		return db_error(im->ctx->db, im->err);
	im->in_tx = 1;
	if (refresh_defer_begin(im->ctx, &im->refresh, im->err))
		return FC_ESTORE;
	/* a dry run is one transaction over the whole file and a history
	 * never writes a row before its replay: neither keeps its rows */
	im->careful = im->o->dry_run;
	caches_clear(im);
	history_defer_begin(im->ctx);
	/* without a savepoint per row nothing rolls back but the whole
	 * batch: the chain's head can wait for its commit */
	if (!im->careful)
		history_defer_chain(im->ctx);
	im->snap.read = s->read;
	im->snap.imported = s->imported;
	im->snap.updated = s->updated;
	im->snap.skipped = s->skipped;
	im->snap.rejected = s->rejected;
	im->snap.flagged = s->flagged;
	im->snap.rejects = json_array_size(s->rejects);
	im->snap.decisions = json_array_size(s->decisions);
	im->snap.rejbuf = im->rejbuf.len;
	json_decref(im->snap.owners_unknown);
	im->snap.owners_unknown = json_deep_copy(s->owners_unknown);
	json_decref(im->snap.by_owner);
	im->snap.by_owner = json_deep_copy(s->by_owner);
	return 0;
}

#define ROW_REPLAY 1000	/* row_run(): the batch must be read again */

/* Checks and writes one data row; counts it or rejects it. Returns 0, a
 * fatal error, or ROW_REPLAY when the row failed after it began to write
 * outside a savepoint. */
static int row_run(struct imp *im, const struct csv_record *rec)
{
	struct fc_ctx *ctx = im->ctx;
	struct fc_error rowerr;
	enum outcome out = OUT_SKIPPED;
	int rc;

	im->s->read++;
	if (rec->ragged && rec->nfields != im->ncols) {
		char why[128];
		snprintf(why, sizeof(why), "the row has %zu fields and the header %zu",
			 rec->nfields, im->ncols);
		reject(im, rec, why);
		return 0;
	}
	for (int t = 0; t < T_COUNT; t++)
		buf_clear(&im->vals[t]);
	json_object_clear(im->custom);
	buf_clear(&im->appendix);
	for (size_t i = 0; i < rec->nfields && i < im->ncols; i++) {
		int t = im->colmap[i];
		if (im->custom_cols && im->custom_cols[i]) {
			size_t fl = rec->lens[i];
			const char *fv = csv_unguard(rec->fields[i], &fl);
			char *v = import_trim_dup(fv, fl);
			if (*v)
				json_object_set_new(im->custom, im->custom_cols[i]->key,
						    json_string(v));
			free(v);
			continue;
		}
		if (im->keep_cols && im->keep_cols[i]) {
			size_t fl = rec->lens[i];
			const char *fv = csv_unguard(rec->fields[i], &fl);
			char *v = import_trim_dup(fv, fl);
			if (*v)
				import_unmapped_append(&im->appendix, im->keep_cols[i], v);
			free(v);
			continue;
		}
		if (t < 0 || t == T_IGNORE)
			continue;
		/* a guarded export (CSV_WRITE_SAFE) imports as it was */
		size_t fl = rec->lens[i];
		const char *fv = csv_unguard(rec->fields[i], &fl);
		char *v = import_trim_dup(fv, fl);
		if (*v) {
			if (im->vals[t].len)
				buf_adds(&im->vals[t], targets[t].join ? targets[t].join : " ");
			buf_adds(&im->vals[t], v);
		}
		free(v);
	}
	fc_error_clear(&rowerr);
	struct fc_error *keep = im->err;
	im->err = &rowerr;
	im->wrote = 0;
	im->why[0] = '\0';
	im->dup_e = NULL;
	if (im->careful && import_row_begin(ctx)) {
		im->err = keep;
		return db_error(ctx->db, im->err);
	}
	if (im->o->kind == IMPORT_ACCOUNTS)
		rc = row_account(im, &out);
	else if (im->o->kind == IMPORT_CONTACTS)
		rc = row_contact(im, &out);
	else if (im->o->kind == IMPORT_DEALS)
		rc = row_deal(im, &out);
	else if (im->nstage_cols)
		rc = row_stage_dates(im, rec);	/* counted when replayed */
	else
		rc = row_history(im, rec);	/* counted when replayed */
	if (im->careful)
		import_row_end(ctx, rc != 0);
	im->err = keep;
	if (rc == FC_ESTORE) {
		*im->err = rowerr;
		return rc;
	}
	if (rc == FC_ELIMIT && im->o->kind == IMPORT_HISTORY) {
		*im->err = rowerr;
		return rc;
	}
	if (rc && !im->careful && im->wrote)
		return ROW_REPLAY;
	if (im->o->kind != IMPORT_HISTORY)	/* by owner, for import/folder.c */
		import_tally_owner(im->s, val(im, T_OWNER_REF) ? val(im, T_OWNER_REF)
				   : val(im, T_OWNER), rc ? "rejected" :
				   out == OUT_IMPORTED ? "imported" : out ==
				   OUT_UPDATED ? "updated" : "skipped");
	if (rc) {
		reject(im, rec, rowerr.message[0] ? rowerr.message : fc_strerror(rc));
	} else if (im->o->kind == IMPORT_HISTORY) {
		/* counted when replayed, at the end */
	} else if (out == OUT_IMPORTED) {
		im->s->imported++;
	} else if (out == OUT_FLAGGED) {
		im->s->imported++;
		im->s->flagged++;
		decided(im, rec, "flagged");
	} else if (out == OUT_UPDATED) {
		im->s->updated++;
		decided(im, rec, "updated");
	} else {
		im->s->skipped++;
		decided(im, rec, "skipped");
	}
	return 0;
}

/* A row of the open batch failed after it began to write: the batch is
 * undone and its rows read again, each in its own savepoint, so the
 * failing row is rejected alone and the others land as they would have. */
static int batch_replay(struct imp *im)
{
	struct import_summary *s = im->s;
	int rc = 0;

	db_rollback(im->ctx->db);
	im->in_tx = 0;
	s->read = im->snap.read;
	s->imported = im->snap.imported;
	s->updated = im->snap.updated;
	s->skipped = im->snap.skipped;
	s->rejected = im->snap.rejected;
	s->flagged = im->snap.flagged;
	if (im->snap.owners_unknown)
		json_object_update(s->owners_unknown, im->snap.owners_unknown);
	const char *okey;
	json_t *oval;
	void *otmp;
	json_object_foreach_safe(s->owners_unknown, otmp, okey, oval)
		if (!json_object_get(im->snap.owners_unknown, okey))
			json_object_del(s->owners_unknown, okey);
	if (im->snap.by_owner) {
		json_decref(s->by_owner);
		s->by_owner = json_deep_copy(im->snap.by_owner);
	}
	while (json_array_size(s->rejects) > im->snap.rejects)
		json_array_remove(s->rejects, json_array_size(s->rejects) - 1);
	while (json_array_size(s->decisions) > im->snap.decisions)
		json_array_remove(s->decisions, json_array_size(s->decisions) - 1);
	if (im->rejbuf.len > im->snap.rejbuf) {
		im->rejbuf.len = im->snap.rejbuf;
		im->rejbuf.s[im->rejbuf.len] = '\0';
	}
	if ((rc = batch_open(im)))
		goto out;
	im->careful = 1;	/* so nothing more is kept while reading them */
	history_defer_begin(im->ctx);	/* each row in a savepoint: no chain deferral */
	for (size_t r = 0; r < im->nkept && !rc; r++) {
		const struct kept_row *k = &im->kept[r];
		struct csv_record rec = {
			.fields = (const char *const *)k->fields, .lens = k->lens,
			.nfields = k->nfields, .line = k->line, .index = k->index,
			.ragged = k->ragged };
		rc = row_run(im, &rec);
	}
out:
	kept_clear(im);
	return rc;
}

static int on_record(const struct csv_record *rec, void *data)
{
	struct imp *im = data;
	int rc;

	if (rec->index == 0) {
		if ((rc = header(im, rec)))
			return im->fatal = rc;
		return 0;
	}
	if ((int64_t)rec->index <= im->resume_from) {
		im->s->resumed++;
		return 0;
	}
	if (!im->in_tx && (rc = batch_open(im)))
		return im->fatal = rc;
	im->last_row = (int64_t)rec->index;
	im->batch_rows++;
	if (!im->careful && im->o->kind != IMPORT_HISTORY)
		keep_row(im, rec);
	rc = row_run(im, rec);
	if (rc == ROW_REPLAY)
		rc = batch_replay(im);
	if (rc)
		return im->fatal = rc;
	/* a history is replayed whole at the end, in one transaction */
	if (im->o->kind != IMPORT_HISTORY &&
	    im->batch_rows >= (im->o->batch > 0 ? im->o->batch : IMPORT_BATCH_DEFAULT) &&
	    (rc = batch_commit(im, 0)))
		return im->fatal = rc;
	return 0;
}

/* Reads the progress of an earlier run of the same input. */
static int progress_open(struct imp *im)
{
	struct fc_ctx *ctx = im->ctx;
	const struct import_options *o = im->o;
	int64_t done = -1, finished = 0;
	int rc = 0;

	if (o->dry_run || !o->input_hash)
		return 0;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT rows_done, finished FROM "
		"import_runs WHERE org_id = ? AND input_hash = ? AND kind = ?");
	if (!st)
		return db_error(ctx->db, im->err);
	db_bindf(st, "iss", ctx->org_id, o->input_hash, kind_names[o->kind]);
	if ((rc = db_step(st)) > 0) {
		done = db_col_int(st, 0);
		finished = db_col_int(st, 1);
	}
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, im->err);
	if (done >= 0 && !finished && done > 0 && !o->resume)
		return fc_fail(im->err, FC_ECONFLICT, "resume", "an import of this "
			       "file stopped after row %" PRId64 ": run it again with "
			       "--resume to import the rest", done);
	if (o->resume && done >= 0)
		im->resume_from = finished ? INT64_MAX : done;
	if (done < 0)
		rc = db_run(ctx->db, "INSERT INTO import_runs (org_id, input_hash, kind, "
			    "rows_done, finished, updated_at) VALUES (?, ?, ?, 0, 0, ?)",
			    "isss", ctx->org_id, o->input_hash, kind_names[o->kind], im->now);
	else if (!o->resume || finished)
		rc = finished && o->resume ? 0 :
		     db_run(ctx->db, "UPDATE import_runs SET rows_done = 0, finished = 0, "
			    "updated_at = ? WHERE org_id = ? AND input_hash = ? AND "
			    "kind = ?", "siss", im->now, ctx->org_id, o->input_hash,
			    kind_names[o->kind]);
	if (rc < 0)
		return db_error(ctx->db, im->err);
	im->tracked = !(finished && o->resume);
	return 0;
}

int import_csv(struct fc_ctx *ctx, FILE *f, const struct import_options *o,
	       struct import_summary *s, struct fc_error *err)
{
	struct imp im;
	struct csv_reader rd;
	struct csv_reader_options ropt = { .delim = o->delim };
	unsigned char chunk[65536];
	int64_t bytes = 0;
	size_t n;
	int rc = 0, reader = 0;

	memset(&im, 0, sizeof(im));
	im.ctx = ctx;
	im.o = o;
	im.s = s;
	im.err = err;
	im.kbit = 1u << o->kind;
	im.custom = json_object();
	buf_init(&im.rejbuf, 0);
	buf_init(&im.appendix, 0);
	for (int t = 0; t < T_COUNT; t++)
		buf_init(&im.vals[t], CSV_READER_MAX_FIELD * 4);
	ctx_today(ctx, im.today);
	ctx_now_time(ctx, im.now);
	if (ctx->user.role == ROLE_REP) {
		rc = fc_fail(err, FC_EFORBIDDEN, NULL, "imports are for managers and "
			     "admins");
		goto out;
	}
	if ((unsigned)o->kind > IMPORT_HISTORY) {
		rc = fc_fail(err, FC_EUSAGE, NULL, "unknown import kind");
		goto out;
	}
	if (!(im.preset = import_preset_find(o->preset))) {
		rc = fc_fail(err, FC_EUSAGE, "preset", "unknown preset '%s' (see "
			     "fulcrum help import)", o->preset);
		goto out;
	}
	if (o->stage_map &&
	    (rc = import_pairs_parse(o->stage_map, "--stage-map", &im.stages, &im.nstages, err)))
		goto out;
	for (const char *const *p = im.preset->stages; p && *p; p++)
		if ((rc = import_pairs_parse(*p, "preset", &im.stages, &im.nstages, err)))
			goto out;
	if (o->kind == IMPORT_DEALS && (rc = process_load(ctx, 0, &im.proc, err)))
		goto out;
	if ((rc = import_connection_prepare(ctx, err)))
		goto out;
	/* a history replays whole or not at all, and once per deal: it keeps
	 * no progress for --resume */
	if (o->kind != IMPORT_HISTORY && (rc = progress_open(&im)))
		goto out;
	if (o->dry_run && (rc = batch_open(&im)))
		goto out;
	csv_reader_init(&rd, &ropt, on_record, &im, err);
	im.rd = &rd;
	reader = 1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if ((rc = csv_reader_feed(&rd, chunk, n)))
			break;
		bytes += (int64_t)n;
		if (o->progress)
			o->progress(o->progress_data, bytes);
	}
	if (!rc && ferror(f))
		rc = fc_fail(err, FC_ESTORE, NULL, "cannot read the input");
	if (!rc)
		rc = csv_reader_finish(&rd);
	if (im.fatal)
		rc = im.fatal;
	if (!rc && rd.nrecords == 0)
		rc = fc_fail(err, FC_EINVAL, NULL, "the file is empty: a CSV import "
			     "needs a header row");
	if (!rc && o->kind == IMPORT_HISTORY && im.in_tx)
		rc = history_finish(&im);
	if (!rc)
		rc = batch_commit(&im, 1);
out:
	if (im.in_tx)
		db_rollback(ctx->db);
	if (reader)
		csv_reader_release(&rd);
	for (int t = 0; t < T_COUNT; t++)
		buf_release(&im.vals[t]);
	buf_release(&im.rejbuf);
	buf_release(&im.appendix);
	json_decref(im.dup_name);
	for (size_t i = 0; im.keep_cols && i < im.ncols; i++)
		free(im.keep_cols[i]);
	free(im.keep_cols);
	free(im.colmap);
	free(im.custom_cols);
	field_defs_free(im.defs, im.ndefs);
	json_decref(im.custom);
	kept_clear(&im);
	free(im.kept);
	json_decref(im.snap.owners_unknown);
	json_decref(im.snap.by_owner);
	caches_clear(&im);
	refresh_defer_forget(&im.refresh);
	history_defer_end(ctx);
	for (size_t i = 0; im.stage_cols && i < im.ncols; i++)
		free(im.stage_cols[i]);
	free(im.stage_cols);
	import_pairs_free(im.stages, im.nstages);
	process_free(im.proc);
	process_free(im.hproc);
	for (size_t i = 0; i < im.nhist; i++)
		free(im.hist[i].raw);
	free(im.hist);
	if (rc > 0)
		rc = FC_EINVAL;
	return rc;
}
