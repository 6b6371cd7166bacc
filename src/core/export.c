/* Export of lists (CSV), contacts (vCard), the user's calendar (iCalendar)
 * and the whole organisation (JSON). Lists page through record_list() so
 * access rules and filters are the list's own; the backup reads the tables
 * directly, in the order import_json() restores them. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/contact-uid.h"
#include "core/digest.h"
#include "core/export.h"
#include "core/field.h"
#include "core/money.h"
#include "core/names.h"
#include "io/csv-reader.h"
#include "io/ical-writer.h"
#include "io/vcard.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

const struct export_table export_tables[] = {
	{ "users", "id:i email:s name:s role:s team:s password_hash:s "
	  "calendar_token:s active:i created_at:s updated_at:s version:i", "id" },
	{ "processes", "id:i key:s name:s description:s is_default:i check_days:i "
	  "check_every_months:i created_at:s updated_at:s version:i no_fit_days:i grace_days:i", "id" },
	{ "steps", "id:i process_id:i position:i key:s name:s phase:s goal:s "
	  "guidance:s criteria:s probability:i stall_days:i", "id" },
	{ "accounts", "id:i name:s domain:s industry:s size:s address:s owner_id:i "
	  "status:s referred_by_id:i created_at:s updated_at:s version:i", "id" },
	{ "contacts", "id:i name:s email:s emails:s phone:s phones:s title:s "
	  "account_id:i owner_id:i source:s referred_by_id:i need:s timing_from:s "
	  "timing_to:s comfort:i preferred_channel:s tags:s notes:s "
	  "disqualified_reason:s disqualified_at:s created_at:s updated_at:s "
	  "version:i vcard_uid:s source_label:s lead_status:s", "id" },
	{ "deals", "id:i title:s account_id:i contact_id:i process_id:i step:s "
	  "step_entered_at:s value_cents:m currency:s close_date:s status:s "
	  "lost_reason:s owner_id:i next_step_id:i delivered_on:s closed_at:s "
	  "source_referral_id:i created_at:s updated_at:s version:i "
	  "disqualified_reason:s disqualified_note:s", "id" },
	{ "stakeholders", "deal_id:i contact_id:i role:s", "deal_id, contact_id" },
	{ "shares", "entity:s entity_id:i user_id:i", "entity, entity_id, user_id" },
	{ "offerings", "id:i name:s description:s price_cents:m currency:s "
	  "benefits:s active:i created_at:s updated_at:s version:i", "id" },
	{ "interactions", "id:i deal_id:i contact_id:i owner_id:i kind:s at:s "
	  "purpose:s notes:s planned:i agreement:i agreement_type:s "
	  "next_step_id:i step:s created_at:s updated_at:s version:i "
	  "agreement_known:i", "id" },
	{ "wants", "id:i deal_id:i contact_id:i kind:s text:s importance:i "
	  "interaction_id:i created_at:s updated_at:s version:i", "id" },
	{ "fits", "id:i deal_id:i want_id:i offering_id:i how:s created_at:s "
	  "updated_at:s version:i", "id" },
	{ "line_items", "id:i deal_id:i offering_id:i quantity:i "
	  "unit_price_minor:m currency:s discount:i total_minor:m created_at:s "
	  "updated_at:s version:i", "id" },
	{ "proposals", "id:i deal_id:i number:i html:s total_minor:m currency:s "
	  "created_by:i created_at:s sent_at:s interaction_id:i", "id" },
	{ "next_steps", "id:i deal_id:i contact_id:i owner_id:i what:s type:s "
	  "due:s status:s interaction_id:i done_at:s created_at:s updated_at:s "
	  "version:i", "id" },
	{ "missed_promises", "next_step_id:i due:s deal_id:i owner_id:i "
	  "process_id:i missed_on:s", "next_step_id, due" },
	{ "checks", "id:i deal_id:i owner_id:i due:s score:i notes:s done_at:s "
	  "kind:s delivered_on:s created_at:s updated_at:s version:i", "id" },
	{ "asks", "id:i deal_id:i check_id:i owner_id:i kind:s status:s "
	  "created_at:s done_at:s declined_reason:s", "id" },
	{ "referrals", "id:i from_contact_id:i from_account_id:i contact_id:i "
	  "deal_id:i source_deal_id:i owner_id:i status:s created_at:s "
	  "updated_at:s version:i", "id" },
	{ "exchange_rates", "id:i currency:s valid_from:s rate:s created_at:s "
	  "updated_at:s version:i", "id" },
	{ "events", "id:i at:s actor_id:i entity:s entity_id:i action:s "
	  "from_step:s to_step:s reason:s data:s prev_hash:s hash:s", "id" },
	{ "event_chains", "last_id:i hash:s", "org_id" },
	{ "custom_fields", "id:i kind:s key:s label:s type:s choices:s currency:s "
	  "required_step:s position:i archived:i created_at:s updated_at:s "
	  "version:i", "id" },
	{ "custom_values", "kind:s record_id:i field_id:i text_value:s "
	  "number_value:i", "kind, record_id, field_id" },
	{ "forms", "id:i key:s title:s fields:s required:s lead_owner_id:i "
	  "team:s turn:i process_id:i origins:s thanks:s created_at:s "
	  "updated_at:s version:i", "id" },
	{ "merges", "id:i entity:s survivor_id:i merged_id:i merged_name:s "
	  "survivor_row:s survivor_version:i merged_row:s moved:s merged_by:i "
	  "merged_at:s undone_by:i undone_at:s", "id" },
	/* the subscriptions with their secrets, which keep working after a
	 * restore; their outboxes are not kept (docs/webhooks.md) */
	{ "webhooks", "id:i url:s events:s secret:s state:s failing_since:s "
	  "created_by:i created_at:s", "id" },
	{ NULL, NULL, NULL }
};

const struct entity *export_list_entity(const char *name)
{
	static const struct entity *const lists[] = { &entity_account,
		&entity_contact, &entity_deal, &entity_interaction,
		&entity_next_step, NULL };
	for (int i = 0; lists[i]; i++)
		if (!strcmp(lists[i]->plural, name) || !strcmp(lists[i]->name, name))
			return lists[i];
	if (!strcmp(name, "next_steps"))
		return &entity_next_step;
	return NULL;
}

/* ---- streams ------------------------------------------------------------- */

struct export_stream {
	struct fc_ctx *ctx;
	enum export_kind kind;
	const struct entity *e;		/* the list (contacts for vCard) */
	json_t *filters;		/* the list query's, kept */
	char *q;
	int flags;			/* CSV: CSV_WRITE_SAFE or 0 */
	int version;			/* vCard: 3 or 4 */
	int started, done;
	char *cursor;			/* the next page of a list */
	/* the backup: the table being read, its statement and columns */
	int in_tx, table, first;
	struct db_stmt *st;
	char names[40][32], types[40];
	int ncols;
	int page_rows;			/* rows of the table's current page */
	json_t *last;			/* the last row read, for the next page */
	struct buf v;			/* scratch for one CSV field */
	struct field_def *defs;		/* CSV: the list's custom fields */
	int ndefs;
};

static void field_text(json_t *v, struct buf *out)
{
	char tmp[64];
	buf_clear(out);
	if (!v || json_is_null(v))
		return;
	if (json_is_string(v)) {
		buf_add(out, json_string_value(v), json_string_length(v));
	} else if (json_is_integer(v)) {
		buf_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	} else if (json_is_real(v)) {
		snprintf(tmp, sizeof(tmp), "%.2f", json_real_value(v));
		buf_adds(out, tmp);
	} else if (json_is_boolean(v)) {
		buf_adds(out, json_is_true(v) ? "true" : "false");
	} else {
		char *s = json_dumps(v, JSON_COMPACT);
		buf_adds(out, s ? s : "");
		free(s);
	}
}

/* The names a CSV export adds beside an id field (core/names.h), so a
 * person and the import read who and what a row is about. */
static const char *const *names_beside(const char *field)
{
	static const char *const owner[] = { "owner_name", "owner_email", NULL };
	static const char *const user[] = { "user_name", "user_email", NULL };
	static const char *const account[] = { "account_name", NULL };
	static const char *const contact[] = { "contact_name", NULL };
	static const char *const deal[] = { "deal_title", NULL };
	static const char *const none[] = { NULL };
	if (!strcmp(field, "owner_id"))
		return owner;
	if (!strcmp(field, "user_id"))
		return user;
	if (!strcmp(field, "account_id"))
		return account;
	if (!strcmp(field, "contact_id"))
		return contact;
	if (!strcmp(field, "deal_id"))
		return deal;
	return none;
}

/* The entity whose import keys name E's records, or NULL. */
static const char *import_entity(const struct entity *e)
{
	if (e == &entity_account || e == &entity_contact || e == &entity_deal)
		return e->name;
	return NULL;
}

/* The CSV header: E's fields, each id followed by its names, then the
 * other CRM's id (last, so the fields keep their places). */
static void csv_header(struct export_stream *x, struct buf *out)
{
	for (const struct field *f = x->e->fields; f->name; f++) {
		if (f->flags & FF_HIDDEN)
			continue;
		csv_write_field_n(out, f->name, strlen(f->name), ',', 0);
		for (const char *const *n = names_beside(f->name); *n; n++)
			csv_write_field_n(out, *n, strlen(*n), ',', 0);
	}
	if (import_entity(x->e))
		csv_write_field_n(out, "external_id", strlen("external_id"), ',', 0);
	/* custom fields last, as "custom.KEY": what the CSV import maps back */
	for (int i = 0; i < x->ndefs; i++) {
		char name[FIELD_KEY_MAX + 8];
		snprintf(name, sizeof(name), "custom.%s", x->defs[i].key);
		csv_write_field_n(out, name, strlen(name), ',', 0);
	}
	csv_write_row_end(out);
}

static void csv_field(struct export_stream *x, json_t *item, const char *name,
		      struct buf *out)
{
	field_text(json_object_get(item, name), &x->v);
	csv_write_field_n(out, x->v.s, x->v.len, ',', x->flags);
}

static void csv_row(struct export_stream *x, json_t *item, struct buf *out)
{
	for (const struct field *f = x->e->fields; f->name; f++) {
		if (f->flags & FF_HIDDEN)
			continue;
		json_t *v = json_object_get(item, f->name);
		if (f->type == FT_MONEY && json_is_number(v)) {
			/* decimal units in the currency's decimals, beside the
			 * currency column */
			char amount[32], name[64];
			const char *cur = json_string_value(json_object_get(item,
									    "currency"));
			snprintf(name, sizeof(name), "%s_minor", f->name);
			money_format(json_is_integer(json_object_get(item, name)) ?
				     json_integer_value(json_object_get(item, name)) :
				     money_json_minor(v, cur), cur, amount,
				     sizeof(amount));
			csv_write_field_n(out, amount, strlen(amount), ',', x->flags);
		} else {
			csv_field(x, item, f->name, out);
		}
		for (const char *const *n = names_beside(f->name); *n; n++)
			csv_field(x, item, *n, out);
	}
	if (import_entity(x->e))
		csv_field(x, item, "external_id", out);
	json_t *custom = json_object_get(item, "custom");
	for (int i = 0; i < x->ndefs; i++) {
		buf_clear(&x->v);
		field_value_text(&x->defs[i], json_object_get(custom,
				 x->defs[i].key), &x->v);
		csv_write_field_n(out, x->v.s, x->v.len, ',', x->flags);
	}
	csv_write_row_end(out);
}

static void add_values(struct vcard_contact *c, json_t *one, json_t *many,
		       int email)
{
	const char *first = json_string_value(one);
	size_t i;
	json_t *v;
	if (first)
		email ? vcard_contact_add_email(c, first, VCARD_TYPE_PREF)
		      : vcard_contact_add_phone(c, first, VCARD_TYPE_PREF);
	json_array_foreach(many, i, v) {
		const char *s = json_string_value(v);
		if (!s || (first && !strcmp(s, first)))
			continue;
		email ? vcard_contact_add_email(c, s, 0) : vcard_contact_add_phone(c, s, 0);
	}
}

static void vcard_row(struct export_stream *x, json_t *item, struct buf *out)
{
	struct vcard_contact c;
	struct fc_error uid_err;
	int64_t id = json_integer_value(json_object_get(item, "id"));
	json_int_t account = json_integer_value(json_object_get(item, "account_id"));

	vcard_contact_init(&c);
	c.name = xstrdup(json_string_value(json_object_get(item, "name")) ?
			 json_string_value(json_object_get(item, "name")) : "");
	add_values(&c, json_object_get(item, "email"), json_object_get(item, "emails"), 1);
	add_values(&c, json_object_get(item, "phone"), json_object_get(item, "phones"), 0);
	if (json_string_value(json_object_get(item, "title")))
		c.title = xstrdup(json_string_value(json_object_get(item, "title")));
	if (json_string_value(json_object_get(item, "notes")))
		c.note = xstrdup(json_string_value(json_object_get(item, "notes")));
	if (account) {
		struct db_stmt *st = db_prepare(x->ctx->db, "SELECT name FROM accounts "
						"WHERE org_id = ? AND id = ?");
		if (st) {
			db_bindf(st, "ii", x->ctx->org_id, (int64_t)account);
			if (db_step(st) > 0 && db_col_text(st, 0))
				c.org = xstrdup(db_col_text(st, 0));
			db_done(st);
		}
	}
	/* on a database error the card goes without its UID, as it goes
	 * without its account's name */
	if (contact_uid(x->ctx, id, &c.uid, &uid_err))
		c.uid = NULL;
	vcard_write(out, &c, x->version);
	vcard_contact_release(&c);
}

/* One page of the list: its records as CSV rows or vCards. */
static int list_next(struct export_stream *x, struct buf *out,
		     struct fc_error *err)
{
	struct list_query lq = { .filters = x->filters, .q = x->q,
				 .limit = EXPORT_PAGE, .cursor = x->cursor };
	json_t *page = NULL, *items, *it;
	const char *next;
	size_t i;
	int rc;

	if (!x->started && x->kind == EXPORT_CSV && field_kind_of(x->e) &&
	    (rc = field_defs_load(x->ctx, field_kind_of(x->e), 0, &x->defs,
				  &x->ndefs, err)))
		return rc;
	if (!x->started && x->kind == EXPORT_CSV)
		csv_header(x, out);
	x->started = 1;
	if ((rc = record_list(x->ctx, x->e, &lq, &page, err)))
		return rc;
	items = json_object_get(page, "items");
	if (x->kind == EXPORT_CSV &&
	    (rc = names_add(x->ctx, items, import_entity(x->e), err))) {
		json_decref(page);
		return rc;
	}
	json_array_foreach(items, i, it) {
		if (x->kind == EXPORT_CSV)
			csv_row(x, it, out);
		else
			vcard_row(x, it, out);
	}
	next = json_string_value(json_object_get(page, "next_cursor"));
	free(x->cursor);
	x->cursor = next && json_array_size(items) ? xstrdup(next) : NULL;
	json_decref(page);
	x->done = !x->cursor;
	return x->done ? 0 : 1;
}

int export_stream_open(struct fc_ctx *ctx, enum export_kind kind,
		       const struct entity *e, const struct list_query *q,
		       int option, struct export_stream **out,
		       struct fc_error *err)
{
	struct export_stream *x;

	*out = NULL;
	if (kind == EXPORT_JSON && ctx->user.role != ROLE_ADMIN)
		return fc_fail(err, FC_EFORBIDDEN, NULL, "a full export is for admins");
	x = xcalloc(1, sizeof(*x));
	x->ctx = ctx;
	x->kind = kind;
	x->e = kind == EXPORT_VCARD ? &entity_contact : e;
	x->filters = q && q->filters ? json_incref(q->filters) : NULL;
	x->q = q && q->q ? xstrdup(q->q) : NULL;
	x->flags = kind == EXPORT_CSV ? option : 0;
	x->version = option == 3 ? 3 : 4;
	buf_init(&x->v, 0);
	*out = x;
	return 0;
}

static int json_next(struct export_stream *x, struct buf *out,
		     struct fc_error *err);

int export_stream_next(struct export_stream *x, struct buf *out,
		       struct fc_error *err)
{
	if (x->done)
		return 0;
	if (x->kind == EXPORT_JSON)
		return json_next(x, out, err);
	return list_next(x, out, err);
}

void export_stream_close(struct export_stream *x)
{
	if (!x)
		return;
	db_done(x->st);
	if (x->in_tx)
		db_rollback(x->ctx->db);
	json_decref(x->last);
	json_decref(x->filters);
	free(x->q);
	free(x->cursor);
	buf_release(&x->v);
	field_defs_free(x->defs, x->ndefs);
	free(x);
}

/* Runs a whole stream into FN, a batch at a time. */
static int stream_all(struct fc_ctx *ctx, enum export_kind kind,
		      const struct entity *e, const struct list_query *q,
		      int option, export_write_fn fn, void *data,
		      struct fc_error *err)
{
	struct export_stream *x;
	struct buf b;
	int rc = export_stream_open(ctx, kind, e, q, option, &x, err);

	if (rc)
		return rc;
	buf_init(&b, 0);
	do {
		rc = export_stream_next(x, &b, err);
		if (rc >= 0 && b.len && fn(data, b.s, b.len))
			rc = fc_fail(err, FC_ESTORE, NULL, "cannot write the export");
		buf_clear(&b);
	} while (rc > 0);
	buf_release(&b);
	export_stream_close(x);
	return rc;
}

int export_csv(struct fc_ctx *ctx, const struct entity *e,
	       const struct list_query *q, int flags, export_write_fn fn,
	       void *data, struct fc_error *err)
{
	return stream_all(ctx, EXPORT_CSV, e, q, flags, fn, data, err);
}

int export_vcard(struct fc_ctx *ctx, const struct list_query *q, int version,
		 export_write_fn fn, void *data, struct fc_error *err)
{
	return stream_all(ctx, EXPORT_VCARD, NULL, q, version, fn, data, err);
}

/* ---- iCalendar ---------------------------------------------------------- */

struct ical_list {
	struct ical_item *items;
	char **strs;		/* every string the items point to */
	size_t n, nstrs;
};

static const char *keep(struct ical_list *l, char *s)
{
	l->strs = xrealloc(l->strs, (l->nstrs + 1) * sizeof(*l->strs));
	l->strs[l->nstrs++] = s;
	return s;
}

int export_ical(struct fc_ctx *ctx, struct buf *out, struct fc_error *err)
{
	struct ical_list l = { 0 };
	struct digest_prefs prefs;
	struct db_stmt *st;
	int rc = 0;
	static const char *const sql[2] = {
		"SELECT n.id, n.what, n.due, n.type, d.id, d.title FROM next_steps n "
		"LEFT JOIN deals d ON d.org_id = n.org_id AND d.id = n.deal_id "
		"WHERE n.org_id = ? AND n.owner_id = ? AND n.status = 'open' "
		"ORDER BY n.due, n.id",
		"SELECT c.id, '', c.due, '', d.id, d.title FROM checks c "
		"JOIN deals d ON d.org_id = c.org_id AND d.id = c.deal_id "
		"WHERE c.org_id = ? AND c.owner_id = ? AND c.done_at IS NULL "
		"ORDER BY c.due, c.id",
	};
	/* next steps ring on the morning they are due, unless the user
	 * turned reminders off (core/digest.h) */
	if ((rc = digest_prefs_get(ctx, ctx->user.id, &prefs, err)))
		return rc;
	int alarms = prefs.reminders;
	for (int k = 0; k < 2 && !rc; k++) {
		if (!(st = db_prepare(ctx->db, sql[k]))) {
			rc = db_error(ctx->db, err);
			break;
		}
		db_bindf(st, "ii", ctx->org_id, ctx->user.id);
		int r;
		while ((r = db_step(st)) > 0) {
			if (l.n >= EXPORT_ICAL_MAX)
				break;
			struct ical_item *it;
			l.items = xrealloc(l.items, (l.n + 1) * sizeof(*l.items));
			it = &l.items[l.n++];
			memset(it, 0, sizeof(*it));
			int64_t id = db_col_int(st, 0), deal = db_col_int(st, 4);
			const char *title = db_col_text(st, 5) ? db_col_text(st, 5) : "";
			it->uid = keep(&l, xasprintf("fulcrum-%" PRId64 "-%s-%" PRId64,
						     ctx->org_id, k ? "check" : "next-step", id));
			if (k == 0) {
				it->summary = keep(&l, xasprintf("%s", db_col_text(st, 1)));
				it->description = keep(&l, deal ?
					xasprintf("Agreed next step (%s) of deal %" PRId64 ": %s",
						  db_col_text(st, 3), deal, title) :
					xasprintf("Agreed next step (%s)", db_col_text(st, 3)));
				it->categories = "next-step";
				it->alarm = alarms;
			} else {
				it->summary = keep(&l, xasprintf("Satisfaction check: %s", title));
				it->description = keep(&l, xasprintf("Ask how deal %" PRId64
					" (%s) is going: fulcrum check %" PRId64 " --score 1-5",
					deal, title, deal));
				it->categories = "check";
			}
			it->due = keep(&l, xstrdup(db_col_text(st, 2)));
			it->status = "open";
		}
		db_done(st);
		if (r < 0)
			rc = db_error(ctx->db, err);
	}
	if (!rc) {
		char *name = xasprintf("Fulcrum: %s", ctx->user.name);
		rc = ical_write(out, name, ctx->now, l.items, l.n, err);
		free(name);
	}
	for (size_t i = 0; i < l.nstrs; i++)
		free(l.strs[i]);
	free(l.strs);
	free(l.items);
	return rc;
}

/* ---- JSON backup -------------------------------------------------------- */

void export_member(const char *column, char type, char *out, size_t n)
{
	size_t len = strlen(column);
	if (type == 'm' && len > 6 && !strcmp(column + len - 6, "_cents"))
		snprintf(out, n, "%.*s_minor", (int)(len - 6), column);
	else
		snprintf(out, n, "%s", column);
}

/* Parses "name:t name:t" into names and types; returns the count. */
static int columns_parse(const char *spec, char names[][32], char *types,
			 int max)
{
	int n = 0;
	const char *p = spec;
	while (*p && n < max) {
		size_t len = strcspn(p, " ");
		const char *colon = memchr(p, ':', len);
		size_t nl = colon ? (size_t)(colon - p) : len;
		if (nl >= 32)
			nl = 31;
		memcpy(names[n], p, nl);
		names[n][nl] = '\0';
		types[n] = colon ? colon[1] : 's';
		n++;
		p += len;
		while (*p == ' ')
			p++;
	}
	return n;
}

static void dump_row(struct buf *out, json_t *row, int first)
{
	char *s = json_dumps(row, JSON_COMPACT | JSON_PRESERVE_ORDER |
			     JSON_ENSURE_ASCII);
	buf_adds(out, first ? "\n    " : ",\n    ");
	buf_adds(out, s ? s : "null");
	free(s);
}

static json_t *row_of(struct db_stmt *st, char names[][32], const char *types,
		      int n)
{
	json_t *o = json_object();
	for (int i = 0; i < n; i++) {
		json_t *v;
		if (db_col_is_null(st, i))
			v = json_null();
		else if (types[i] == 'i' || types[i] == 'm')
			v = json_integer(db_col_int(st, i));
		else
			v = json_string(db_col_text(st, i));
		char key[40];
		export_member(names[i], types[i], key, sizeof(key));
		json_object_set_new(o, key, v ? v : json_null());
	}
	return o;
}

/* The backup's head: one read transaction, a consistent snapshot of every
 * table, is held until the stream ends. */
static int json_head(struct export_stream *x, struct buf *out,
		     struct fc_error *err)
{
	struct fc_ctx *ctx = x->ctx;
	struct db_stmt *st;
	char now[TIME_LEN];

	ctx_now_time(ctx, now);
	if (db_begin(ctx->db, 0))
		return db_error(ctx->db, err);
	x->in_tx = 1;
	/* the pages of every table read from one snapshot (SQLite's read
	 * transaction is one already) */
	if (db_dialect(ctx->db) == DB_PG &&
	    db_run(ctx->db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ "
		   "READ ONLY", NULL) < 0)
		return db_error(ctx->db, err);
	if (!(st = db_prepare(ctx->db, "SELECT id, name, created_at, "
			      "base_currency FROM orgs WHERE id = ?")))
		return db_error(ctx->db, err);
	db_bind_int(st, 1, ctx->org_id);
	if (db_step(st) <= 0) {
		db_done(st);
		return fc_fail(err, FC_ENOTFOUND, NULL, "organisation %" PRId64
			       " is gone", ctx->org_id);
	}
	json_t *org = json_pack("{s:I, s:s, s:s, s:s}", "id",
				(json_int_t)db_col_int(st, 0), "name",
				db_col_text(st, 1), "created_at", db_col_text(st, 2),
				"base_currency", db_col_text(st, 3));
	db_done(st);
	char *orgs = json_dumps(org, JSON_COMPACT | JSON_PRESERVE_ORDER |
				JSON_ENSURE_ASCII);
	json_decref(org);
	buf_addf(out, "{\n  \"format\": \"fulcrum-backup\",\n  \"version\": 1,\n"
		 "  \"exported_at\": \"%s\",\n  \"org\": %s", now, orgs);
	free(orgs);
	return 0;
}

/* The next page of table T: its rows after x->last in T's order, at most
 * EXPORT_PAGE of them, so that no backend holds a whole table's result. */
static struct db_stmt *page_prepare(struct export_stream *x,
				    const struct export_table *t)
{
	char keys[4][32];
	int nkeys = 0;
	struct buf sql = BUF_INIT;
	struct db_stmt *st;

	for (const char *p = t->order; *p && nkeys < 4;) {
		size_t n = strcspn(p, ", ");
		snprintf(keys[nkeys++], sizeof(keys[0]), "%.*s", (int)n, p);
		p += n;
		p += strspn(p, ", ");
	}
	buf_adds(&sql, "SELECT ");
	for (int i = 0; i < x->ncols; i++)
		buf_addf(&sql, "%s%s", i ? ", " : "", x->names[i]);
	buf_addf(&sql, " FROM %s WHERE org_id = ?", t->name);
	if (x->last) {
		buf_adds(&sql, " AND (");
		for (int k = 0; k < nkeys; k++)
			buf_addf(&sql, "%s%s", k ? ", " : "", keys[k]);
		buf_adds(&sql, ") > (");
		for (int k = 0; k < nkeys; k++)
			buf_adds(&sql, k ? ", ?" : "?");
		buf_adds(&sql, ")");
	}
	buf_addf(&sql, " ORDER BY %s LIMIT %d", t->order, EXPORT_PAGE);
	st = db_prepare(x->ctx->db, sql.s);
	buf_release(&sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, x->ctx->org_id);
	for (int k = 0; x->last && k < nkeys; k++) {
		json_t *v = json_object_get(x->last, keys[k]);
		if (json_is_integer(v))
			db_bind_int(st, k + 2, json_integer_value(v));
		else if (json_is_string(v))
			db_bind_text(st, k + 2, json_string_value(v));
		else
			db_bind_null(st, k + 2);
	}
	return st;
}

/* Up to EXPORT_PAGE rows of the backup, across tables as they end. */
static int json_next(struct export_stream *x, struct buf *out,
		     struct fc_error *err)
{
	struct db *db = x->ctx->db;
	int rows = 0, rc;

	if (!x->started) {
		x->started = 1;
		if ((rc = json_head(x, out, err)))
			return rc;
	}
	while (rows < EXPORT_PAGE) {
		const struct export_table *t = &export_tables[x->table];
		if (!x->st) {
			if (!t->name) {
				buf_adds(out, "\n}\n");
				db_rollback(db);
				x->in_tx = 0;
				x->done = 1;
				return 0;
			}
			if (!x->last) {	/* the table's first page */
				x->ncols = columns_parse(t->columns, x->names,
							 x->types, 40);
				buf_addf(out, ",\n  \"%s\": [", t->name);
				x->first = 1;
			}
			if (!(x->st = page_prepare(x, t)))
				return db_error(db, err);
			x->page_rows = 0;
		}
		int r = db_step(x->st);
		if (r > 0) {
			json_t *row = row_of(x->st, x->names, x->types, x->ncols);
			dump_row(out, row, x->first);
			json_decref(x->last);
			x->last = row;
			x->first = 0;
			x->page_rows++;
			rows++;
			continue;
		}
		db_done(x->st);
		x->st = NULL;
		if (r < 0)
			return db_error(db, err);
		if (x->page_rows == EXPORT_PAGE)
			continue;	/* a full page: the next one may follow */
		json_decref(x->last);
		x->last = NULL;
		buf_adds(out, x->first ? "]" : "\n  ]");
		x->table++;
	}
	return 1;
}

int export_json(struct fc_ctx *ctx, export_write_fn fn, void *data,
		struct fc_error *err)
{
	return stream_all(ctx, EXPORT_JSON, NULL, NULL, 0, fn, data, err);
}
