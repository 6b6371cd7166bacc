/* The exit criteria of a step (R2), evaluated for one deal or for many at
 * once: what the criteria read (the contact, the wants and their fits, the
 * agreements, the stakeholders, the checks, the required custom fields) is
 * loaded for all the deals in one query per kind of fact, and each deal is
 * then judged from its facts by the one set of rules below. The agenda
 * judges its 100 most valuable deals this way in a few statements instead
 * of a few per deal. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deal-internal.h"
#include "core/deal.h"
#include "core/field.h"
#include "core/query.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define FACTS_CHUNK 80	/* deals per query, within QB_MAX_BINDS */

struct want_fact {
	char kind[64];
	int64_t importance;
	int fitted;
};

struct field_fact {
	char *label;
	int set;
};

/* What the criteria read of one deal. */
struct deal_facts {
	int has_contact, has_need, comfort;
	char *timing_from, *timing_to;	/* NULL when not set */
	struct want_fact *wants;
	size_t nwants, wants_alloc;
	struct buf roles;	/* "|role|role|" of its stakeholders */
	int agreement;	/* one in the step, since the deal entered it */
	int64_t checks_done;
	struct field_fact *fields;	/* required to leave the step, in order */
	size_t nfields, fields_alloc;
};

/* A deal of the query running, by the id its rows are keyed by. */
struct keyed {
	int64_t id;	/* the deal's, or its contact's */
	int i;		/* its index in deal_criteria.in */
};

struct deal_criteria {
	const struct criteria_deal *in;
	struct deal_facts *f;
	int n;
	const int *sel;		/* the deals of the query running */
	int nsel;
	struct keyed *keys;	/* the same, sorted by id: a row finds its
				   deals without a pass over all of them */
};

static void add_item(json_t *items, int *ready, int done, char *missing,
		     size_t mlen, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void add_item(json_t *items, int *ready, int done, char *missing,
		     size_t mlen, const char *fmt, ...)
{
	char text[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (items)
		json_array_append_new(items, json_pack("{s:s, s:b}", "item", text,
						       "done", done));
	if (!done && *ready) {
		*ready = 0;
		if (missing)
			snprintf(missing, mlen, "needs %s", text);
	}
}

static int kind_in_group(const char *kind, const char *group)
{
	char copy[64], *save = NULL;
	snprintf(copy, sizeof(copy), "%s", group);
	for (char *k = strtok_r(copy, "|", &save); k; k = strtok_r(NULL, "|", &save))
		if (!strcmp(k, kind))
			return 1;
	return 0;
}

static void group_words(const char *group, char *out, size_t n)
{
	struct buf b = BUF_INIT;
	char copy[64], *save = NULL;
	int i = 0;
	snprintf(copy, sizeof(copy), "%s", group);
	for (char *k = strtok_r(copy, "|", &save); k; k = strtok_r(NULL, "|", &save))
		buf_addf(&b, "%s%s", i++ ? " or " : "", k);
	snprintf(out, n, "%s", b.s);
	buf_release(&b);
}

/* ---- loading the facts ------------------------------------------------- */

/* The kinds of fact, each read by one query. */
enum fact { FACT_CONTACT, FACT_WANTS, FACT_AGREEMENT, FACT_ROLES, FACT_CHECKS,
	    FACT_COUNT };

/* Whether criteria C read fact K: only the deals whose step does are
 * looked up, as deal by deal. */
static int reads(const struct step_criteria *c, enum fact k)
{
	switch (k) {
	case FACT_CONTACT: return c->need || c->timing || c->comfort_min;
	case FACT_WANTS: return c->want_group_count || c->fit_importance;
	case FACT_AGREEMENT: return c->agreement;
	case FACT_ROLES: return !!c->stakeholder_role[0];
	case FACT_CHECKS: return c->check_done;
	default: return 0;
	}
}

static int by_key(const void *pa, const void *pb)
{
	const struct keyed *x = pa, *y = pb;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* One fact query over the deals DC->sel: SQL up to its "IN (", the ids
 * (the contacts' when BY_CONTACT), then TAIL with its one text bind AFTER
 * (or none when NULL); ROW takes each row. */
typedef void (*fact_row)(struct deal_criteria *dc, struct db_stmt *st);

static int fact_query(struct fc_ctx *ctx, struct deal_criteria *dc,
		      const char *sql, int by_contact, const char *tail,
		      const char *after, fact_row row)
{
	struct qb q;
	int rc;
	qb_init(&q);
	qb_sql(&q, "%s", sql);
	qb_int(&q, ctx->org_id);
	for (int k = 0; k < dc->nsel; k++) {
		const struct criteria_deal *d = &dc->in[dc->sel[k]];
		qb_sql(&q, k ? ", ?" : "?");
		qb_int(&q, by_contact ? d->contact_id : d->deal_id);
	}
	qb_sql(&q, ")%s", tail);
	if (after)
		qb_text(&q, after);
	for (int k = 0; k < dc->nsel; k++) {
		const struct criteria_deal *d = &dc->in[dc->sel[k]];
		dc->keys[k].id = by_contact ? d->contact_id : d->deal_id;
		dc->keys[k].i = dc->sel[k];
	}
	qsort(dc->keys, (size_t)dc->nsel, sizeof(*dc->keys), by_key);
	struct db_stmt *st = qb_prepare(&q, ctx->db);
	qb_release(&q);
	if (!st)
		return ctx->db->last_error;
	while ((rc = db_step(st)) > 0)
		row(dc, st);
	db_done(st);
	return rc < 0 ? rc : 0;
}

static char *text_or_null(struct db_stmt *st, int i)
{
	return db_col_is_null(st, i) ? NULL : xstrdup(db_col_text(st, i));
}

/* The first of DC->keys with ID, or DC->nsel when none has it. */
static int first_key(const struct deal_criteria *dc, int64_t id)
{
	int lo = 0, hi = dc->nsel;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (dc->keys[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Each deal I of the query running whose key (the deal, or its contact
 * for a query by contact) is the row's column 0. */
#define EACH_DEAL(dc, st, i) \
	for (int64_t id_ = db_col_int(st, 0), k_ = first_key(dc, id_), i; \
	     k_ < dc->nsel && dc->keys[k_].id == id_ && \
	     (i = dc->keys[k_].i, 1); k_++)

static void contact_row(struct deal_criteria *dc, struct db_stmt *st)
{
	/* id, need, timing_from, timing_to, comfort */
	EACH_DEAL(dc, st, i) {
		struct deal_facts *f = &dc->f[i];
		const char *need = db_col_text(st, 1);
		if (f->has_contact)
			continue;
		f->has_contact = 1;
		f->has_need = need && *need;
		f->timing_from = text_or_null(st, 2);
		f->timing_to = text_or_null(st, 3);
		f->comfort = (int)db_col_int(st, 4);
	}
}

static void want_row(struct deal_criteria *dc, struct db_stmt *st)
{
	/* deal, kind, importance, fitted */
	EACH_DEAL(dc, st, i) {
		struct deal_facts *f = &dc->f[i];
		ALLOC_GROW(f->wants, f->nwants + 1, f->wants_alloc);
		struct want_fact *w = &f->wants[f->nwants++];
		snprintf(w->kind, sizeof(w->kind), "%s", db_col_text(st, 1) ?
			 db_col_text(st, 1) : "");
		w->importance = db_col_int(st, 2);
		w->fitted = db_col_int(st, 3) != 0;
	}
}

static void agreement_row(struct deal_criteria *dc, struct db_stmt *st)
{
	/* deal, step, the step's latest agreement: it counts in the deal's
	 * step, since the deal entered the step (timestamps compare as text) */
	const char *step = db_col_text(st, 1), *when = db_col_text(st, 2);
	EACH_DEAL(dc, st, i)
		if (step && when && !strcmp(step, dc->in[i].step->key) &&
		    strcmp(when, dc->in[i].entered_at) >= 0)
			dc->f[i].agreement = 1;
}

static void role_row(struct deal_criteria *dc, struct db_stmt *st)
{
	/* deal, role */
	EACH_DEAL(dc, st, i) {
		struct buf *r = &dc->f[i].roles;
		buf_addf(r, "%s%s|", r->len ? "" : "|", db_col_text(st, 1));
	}
}

static void check_row(struct deal_criteria *dc, struct db_stmt *st)
{
	/* deal, done checks */
	EACH_DEAL(dc, st, i)
		dc->f[i].checks_done += db_col_int(st, 1);
}

static void field_row(void *data, int i, const char *label, int set)
{
	struct deal_facts *f = &((struct deal_criteria *)data)->f[i];
	ALLOC_GROW(f->fields, f->nfields + 1, f->fields_alloc);
	f->fields[f->nfields].label = xstrdup(label);
	f->fields[f->nfields++].set = set;
}

/* The query of fact K over the deals DC->sel. */
static int load_fact(struct fc_ctx *ctx, struct deal_criteria *dc, enum fact k)
{
	const char *since = NULL;
	switch (k) {
	case FACT_CONTACT:
		return fact_query(ctx, dc, "SELECT id, need, timing_from, timing_to, "
				  "comfort FROM contacts WHERE org_id = ? AND id IN (", 1,
				  "", NULL, contact_row);
	case FACT_WANTS:
		return fact_query(ctx, dc, "SELECT w.deal_id, w.kind, w.importance, "
				  "EXISTS (SELECT 1 FROM fits f WHERE f.org_id = w.org_id "
				  "AND f.want_id = w.id) FROM wants w WHERE w.org_id = ? AND "
				  "w.deal_id IN (", 0, "", NULL, want_row);
	case FACT_AGREEMENT:
		/* none counts from before the earliest entry into a step */
		for (int j = 0; j < dc->nsel; j++)
			if (!since || strcmp(dc->in[dc->sel[j]].entered_at, since) < 0)
				since = dc->in[dc->sel[j]].entered_at;
		/* the latest of each step is enough, read on
		 * interactions_agreement (sql/051-agenda-unfit-agreements.sql): a
		 * deal with many agreements logged is not read whole */
		return fact_query(ctx, dc, "SELECT deal_id, step, MAX(at) FROM "
				  "interactions WHERE org_id = ? AND deal_id IN (", 0,
				  " AND at >= ? AND agreement = 1 GROUP BY deal_id, step",
				  since, agreement_row);
	case FACT_ROLES:
		return fact_query(ctx, dc, "SELECT deal_id, role FROM stakeholders "
				  "WHERE org_id = ? AND deal_id IN (", 0, "", NULL, role_row);
	case FACT_CHECKS:
		return fact_query(ctx, dc, "SELECT deal_id, COUNT(*) FROM checks WHERE "
				  "org_id = ? AND deal_id IN (", 0, " AND done_at IS NOT "
				  "NULL GROUP BY deal_id", NULL, check_row);
	default:
		return 0;
	}
}

/* Fact K for the deals whose step reads it, FACTS_CHUNK at a time. */
static int load_facts(struct fc_ctx *ctx, struct deal_criteria *dc, enum fact k)
{
	int *sel = xcalloc((size_t)dc->n, sizeof(*sel)), n = 0, rc = 0;
	dc->keys = xcalloc((size_t)dc->n, sizeof(*dc->keys));
	for (int i = 0; i < dc->n; i++)
		if (reads(&dc->in[i].step->criteria, k))
			sel[n++] = i;
	for (int at = 0; at < n && !rc; at += FACTS_CHUNK) {
		dc->sel = sel + at;
		dc->nsel = n - at < FACTS_CHUNK ? n - at : FACTS_CHUNK;
		rc = load_fact(ctx, dc, k);
	}
	dc->sel = NULL;
	dc->nsel = 0;
	free(sel);
	free(dc->keys);
	dc->keys = NULL;
	return rc;
}

void deal_criteria_free(struct deal_criteria *dc)
{
	if (!dc)
		return;
	for (int i = 0; i < dc->n; i++) {
		struct deal_facts *f = &dc->f[i];
		free(f->timing_from);
		free(f->timing_to);
		free(f->wants);
		buf_release(&f->roles);
		for (size_t k = 0; k < f->nfields; k++)
			free(f->fields[k].label);
		free(f->fields);
	}
	free(dc->f);
	free(dc);
}

int deal_criteria_load(struct fc_ctx *ctx, const struct criteria_deal *in,
		       int n, struct deal_criteria **out)
{
	struct deal_criteria *dc = xcalloc(1, sizeof(*dc));
	int rc = 0;
	dc->in = in;
	dc->n = n;
	dc->f = xcalloc(n ? (size_t)n : 1, sizeof(*dc->f));
	for (int i = 0; i < n; i++)
		dc->f[i].roles = (struct buf)BUF_INIT;
	for (int k = 0; k < FACT_COUNT && !rc; k++)
		rc = load_facts(ctx, dc, (enum fact)k);
	if (!rc && n) {
		int64_t *ids = xcalloc((size_t)n, sizeof(*ids));
		const char **steps = xcalloc((size_t)n, sizeof(*steps));
		for (int i = 0; i < n; i++) {
			ids[i] = in[i].deal_id;
			steps[i] = in[i].step->key;
		}
		rc = field_steps_required(ctx, ids, steps, n, field_row, dc);
		free(ids);
		free(steps);
	}
	if (rc) {
		deal_criteria_free(dc);
		dc = NULL;
	}
	*out = dc;
	return rc;
}

/* ---- judging ----------------------------------------------------------- */

int deal_criteria_has_role(const struct deal_criteria *dc, int i,
			   const char *role)
{
	char key[40];
	const struct buf *r = &dc->f[i].roles;
	snprintf(key, sizeof(key), "|%s|", role);
	return r->len && strstr(r->s, key) != NULL;
}

void deal_criteria_judge(struct fc_ctx *ctx, const struct deal_criteria *dc,
			 int i, int *ready, json_t *items, char *missing,
			 size_t mlen)
{
	const struct step *s = dc->in[i].step;
	const struct step_criteria *c = &s->criteria;
	const struct deal_facts *f = &dc->f[i];
	char today[DATE_LEN];
	ctx_today(ctx, today);
	*ready = 1;
	if (missing && mlen)
		missing[0] = '\0';

	if (c->need)
		add_item(items, ready, f->has_need, missing, mlen,
			 "a recorded need or interest");
	if (c->timing) {
		const char *from = f->timing_from, *to = f->timing_to;
		int open = (from || to) && (!from || strcmp(from, today) <= 0) &&
			   (!to || strcmp(to, today) >= 0);
		add_item(items, ready, open, missing, mlen,
			 "timing that is right (a window that includes today)");
	}
	if (c->comfort_min)
		add_item(items, ready, f->comfort >= c->comfort_min, missing, mlen,
			 "a comfort level of at least %d (now %d)", c->comfort_min,
			 f->comfort);
	for (int g = 0; g < c->want_group_count; g++) {
		int found = 0;
		char words[96];
		for (size_t k = 0; k < f->nwants; k++)
			found |= kind_in_group(f->wants[k].kind, c->want_groups[g]);
		group_words(c->want_groups[g], words, sizeof(words));
		add_item(items, ready, found, missing, mlen, "a recorded %s", words);
	}
	if (c->fit_importance) {
		int64_t n = 0;
		for (size_t k = 0; k < f->nwants; k++)
			n += f->wants[k].importance >= c->fit_importance &&
			     !f->wants[k].fitted;
		if (n)
			add_item(items, ready, 0, missing, mlen, "a fit for every want of "
				 "importance %d or more (%" PRId64 " without one)",
				 c->fit_importance, n);
		else
			add_item(items, ready, 1, missing, mlen, "a fit for every want of "
				 "importance %d or more", c->fit_importance);
	}
	if (c->agreement)
		add_item(items, ready, f->agreement, missing, mlen,
			 "an agreement from the customer recorded in this step");
	if (c->stakeholder_role[0])
		add_item(items, ready, deal_criteria_has_role(dc, i,
			 c->stakeholder_role), missing, mlen, "%s among the "
			 "stakeholders", deal_stakeholder_role_words(c->stakeholder_role));
	if (c->check_done)
		add_item(items, ready, f->checks_done > 0, missing, mlen,
			 "a satisfaction check done");
	/* the custom fields an admin requires before a deal leaves the step */
	for (size_t k = 0; k < f->nfields; k++)
		add_item(items, ready, f->fields[k].set, missing, mlen,
			 "the field '%s'", f->fields[k].label);
}

int deal_state_criteria(struct fc_ctx *ctx, const struct deal_state *d,
			const struct step *s, int *ready, json_t *items,
			char *missing, size_t mlen)
{
	struct criteria_deal in = { .deal_id = d->id, .contact_id = d->contact_id,
				    .step = s };
	struct deal_criteria *dc;
	int rc;
	snprintf(in.entered_at, sizeof(in.entered_at), "%s", d->step_entered_at);
	if ((rc = deal_criteria_load(ctx, &in, 1, &dc)))
		return rc;
	deal_criteria_judge(ctx, dc, 0, ready, items, missing, mlen);
	deal_criteria_free(dc);
	return 0;
}
