/* report coaching: per rep, where their deals stop beside the team
 * (conversion and median days per selling step), the process habits
 * behind it, and the step where they lose most with its guidance. The
 * team is every owner of the organisation (or of --team), whoever asks:
 * an aggregate that names no one. docs/reports.md defines every number. */
#include <stdlib.h>
#include <string.h>

#include "core/report/internal.h"
#include "core/user.h"
#include "util/xmalloc.h"
#include "util/banned.h"

enum habit { H_AGREEMENT, H_COVERAGE, H_FORCED, H_WANTS_FIRST, H_CHECKS,
	     H_COUNT };

static const char *const habit_names[H_COUNT] = {
	"agreement_rate", "next_step_coverage", "forced_moves",
	"wants_before_present", "checks_done",
};

struct coach {
	int64_t id;			/* 0: the team */
	char email[256], name[256];
	int64_t n[H_COUNT], k[H_COUNT];	/* each habit: k of n */
	int64_t *entered, *advanced;	/* per step of r->steps */
	int64_t *stays, *median_hours;
};

struct coaching {
	struct report_run *r;
	struct coach team;
	struct coach *reps;
	size_t nreps, alloc;
};

static int64_t col0(struct db_stmt *st, int i)
{
	return db_col_is_null(st, i) ? 0 : db_col_int(st, i);
}

static void coach_init(struct coach *c, size_t nsteps, int64_t id)
{
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->entered = xcalloc(nsteps + 1, sizeof(int64_t));
	c->advanced = xcalloc(nsteps + 1, sizeof(int64_t));
	c->stays = xcalloc(nsteps + 1, sizeof(int64_t));
	c->median_hours = xcalloc(nsteps + 1, sizeof(int64_t));
}

static void coach_free(struct coach *c)
{
	free(c->entered);
	free(c->advanced);
	free(c->stays);
	free(c->median_hours);
}

static struct coach *coach_get(struct coaching *cg, int team, int64_t id)
{
	if (team)
		return &cg->team;
	for (size_t i = 0; i < cg->nreps; i++)
		if (cg->reps[i].id == id)
			return &cg->reps[i];
	ALLOC_GROW(cg->reps, cg->nreps + 1, cg->alloc);
	coach_init(&cg->reps[cg->nreps], cg->r->nsteps, id);
	return &cg->reps[cg->nreps++];
}

/* " AND ALIAS..." for the reps (the run's scope) or for the team: the
 * organisation, --team and --process, not the asker's owners. */
static void scope(struct qb *q, struct report_run *r, const char *alias,
		  int team)
{
	if (!team) {
		report_deal_scope(q, r, alias);
		return;
	}
	qb_sql(q, " AND %s.org_id = ?", alias);
	qb_int(q, r->ctx->org_id);
	if (r->o->team) {
		qb_sql(q, " AND %s.owner_id IN (SELECT tt.id FROM users tt WHERE "
		       "tt.org_id = ? AND tt.team = ?)", alias);
		qb_int(q, r->ctx->org_id);
		qb_text(q, r->o->team);
	}
	if (r->process_id) {
		qb_sql(q, " AND %s.process_id = ?", alias);
		qb_int(q, r->process_id);
	}
}

/* Runs Q and hands each row to FN. */
static int each_row(struct coaching *cg, struct qb *q, int team,
		    void (*fn)(struct coaching *, int, struct db_stmt *, void *),
		    void *arg)
{
	struct db_stmt *st = report_prepare(cg->r, q);
	int rc;
	if (!st)
		return cg->r->err->code;
	while ((rc = db_step(st)) > 0)
		fn(cg, team, st, arg);
	db_done(st);
	return rc < 0 ? report_step_error(cg->r) : 0;
}

static size_t step_index(struct report_run *r, int64_t process_id,
			 const char *key)
{
	const struct report_step *s = report_step_find(r, process_id, key);
	return s ? (size_t)(s - r->steps) : r->nsteps;
}

/* rows (owner, process_id, step, entered, advanced) */
static void add_entries(struct coaching *cg, int team, struct db_stmt *st,
			void *arg)
{
	(void)arg;
	struct coach *c = coach_get(cg, team, col0(st, 0));
	size_t i = step_index(cg->r, col0(st, 1), db_col_text(st, 2));
	c->entered[i] += col0(st, 3);
	c->advanced[i] += col0(st, 4);
}

/* rows (owner, "process_id:step", n, median hours, p90 hours) */
static void add_medians(struct coaching *cg, int team, struct db_stmt *st,
			void *arg)
{
	(void)arg;
	const char *g = db_col_text(st, 1);
	const char *colon = g ? strchr(g, ':') : NULL;
	if (!colon)
		return;
	struct coach *c = coach_get(cg, team, col0(st, 0));
	size_t i = step_index(cg->r, strtoll(g, NULL, 10), colon + 1);
	c->stays[i] = col0(st, 2);
	c->median_hours[i] = col0(st, 3);
}

/* rows (owner, n, k) of habit *ARG */
static void add_habit(struct coaching *cg, int team, struct db_stmt *st,
		      void *arg)
{
	enum habit h = *(const enum habit *)arg;
	if (!col0(st, 1))
		return;
	struct coach *c = coach_get(cg, team, col0(st, 0));
	c->n[h] += col0(st, 1);
	c->k[h] += col0(st, 2);
}

static void owner_col(struct qb *q, const char *alias, int team)
{
	if (team)
		qb_sql(q, "SELECT 0");
	else
		qb_sql(q, "SELECT %s.owner_id", alias);
}

static void owner_group(struct qb *q, const char *alias, int team)
{
	if (!team)
		qb_sql(q, " GROUP BY %s.owner_id", alias);
}

/* The query of habit H for the reps or the team: rows (owner, n, k). */
static void habit_query(struct qb *q, struct report_run *r, enum habit h,
			int team)
{
	switch (h) {
	case H_AGREEMENT:
		/* talks on the rep's deals while they were open */
		owner_col(q, "d", team);
		qb_sql(q, ", COUNT(*), SUM(CASE WHEN ");
		report_talk_kept(q, "i");
		qb_sql(q, " THEN 1 ELSE 0 END) FROM interactions i JOIN deals d ON "
		       "d.org_id = i.org_id AND d.id = i.deal_id WHERE (d.status = "
		       "'open' OR i.at <= d.closed_at)");
		scope(q, r, "d", team);
		report_period(q, r, "i.at");
		owner_group(q, "d", team);
		break;
	case H_COVERAGE:
		/* the open deals now, as the discipline report counts them */
		owner_col(q, "rc", team);
		qb_sql(q, ", SUM(rc.deals), SUM(CASE WHEN rc.due_day >= ? THEN "
		       "rc.deals ELSE 0 END) FROM report_coverage rc WHERE 1 = 1");
		qb_text(q, r->today);
		scope(q, r, "rc", team);
		owner_group(q, "rc", team);
		break;
	case H_FORCED:
		/* the moves forward: advanced, forced or won */
		owner_col(q, "s", team);
		qb_sql(q, ", COUNT(*), SUM(CASE WHEN ");
		report_forced_event(q, "e");
		qb_sql(q, " THEN 1 ELSE 0 END) FROM deal_steps s JOIN events e ON "
		       "e.org_id = s.org_id AND e.id = s.event_id WHERE "
		       "s.entered_by IN ('advance', 'force', 'won')");
		scope(q, r, "s", team);
		report_period(q, r, "s.entered_at");
		owner_group(q, "s", team);
		break;
	case H_WANTS_FIRST:
		owner_col(q, "s", team);
		qb_sql(q, ", COUNT(*), SUM(CASE WHEN ");
		report_wants_first(q, "s");
		qb_sql(q, " THEN 1 ELSE 0 END) FROM deal_steps s JOIN steps st ON "
		       "st.org_id = s.org_id AND st.process_id = s.process_id AND "
		       "st.key = s.step WHERE st.phase = 'present' AND "
		       "s.entered_by IN ('advance', 'force')");
		scope(q, r, "s", team);
		report_period(q, r, "s.entered_at");
		owner_group(q, "s", team);
		break;
	default:
		/* satisfaction checks due by today */
		owner_col(q, "d", team);
		qb_sql(q, ", COUNT(*), SUM(CASE WHEN c.done_at IS NOT NULL THEN 1 "
		       "ELSE 0 END) FROM checks c JOIN deals d ON d.org_id = "
		       "c.org_id AND d.id = c.deal_id WHERE c.due <= ?");
		qb_text(q, r->today);
		scope(q, r, "d", team);
		report_period(q, r, "c.due");
		owner_group(q, "d", team);
		break;
	}
}

static int load(struct coaching *cg, int team)
{
	struct report_run *r = cg->r;
	struct qb q;
	int rc;

	/* conversion: the funnel's entries, per owner */
	qb_init(&q);
	owner_col(&q, "fe", team);
	qb_sql(&q, ", fe.process_id, fe.step, SUM(fe.entered), SUM(fe.advanced) "
	       "FROM report_entries fe WHERE 1 = 1");
	scope(&q, r, "fe", team);
	report_first_entry(&q, r);
	qb_sql(&q, " GROUP BY %sfe.process_id, fe.step", team ? "" :
	       "fe.owner_id, ");
	rc = each_row(cg, &q, team, add_entries, NULL);
	qb_release(&q);
	if (rc)
		return rc;

	/* days in each step: the velocity report's stays, per owner */
	qb_init(&q);
	qb_sql(&q, "WITH hist AS (SELECT %s AS g1, CAST(vs.process_id AS TEXT) "
	       "|| ':' || vs.step AS g2, vs.hours AS hours, SUM(vs.n) AS c FROM "
	       "report_stays vs WHERE 1 = 1", team ? "0" : "vs.owner_id");
	scope(&q, r, "vs", team);
	report_period(&q, r, "vs.day");
	qb_sql(&q, " GROUP BY %svs.process_id, vs.step, vs.hours HAVING "
	       "SUM(vs.n) <> 0", team ? "" : "vs.owner_id, ");
	report_pct_wrap(&q);
	rc = each_row(cg, &q, team, add_medians, NULL);
	qb_release(&q);
	if (rc)
		return rc;

	for (enum habit h = 0; h < H_COUNT; h++) {
		qb_init(&q);
		habit_query(&q, r, h, team);
		rc = each_row(cg, &q, team, add_habit, &h);
		qb_release(&q);
		if (rc)
			return rc;
	}
	return 0;
}

static int coach_cmp(const void *a, const void *b)
{
	const struct coach *x = a, *y = b;
	int c = strcmp(x->email, y->email);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Each rep's e-mail and name, and the reps in that order; --owner alone
 * when it has no history yet. */
static int reps_finish(struct coaching *cg)
{
	struct report_run *r = cg->r;
	if (r->o->owner_id)
		coach_get(cg, 0, r->o->owner_id);
	for (size_t i = 0; i < cg->nreps; i++) {
		struct db_stmt *st = db_prepare(r->ctx->db, "SELECT email, name "
						"FROM users WHERE org_id = ? AND id = ?");
		int rc;
		if (!st)
			return db_error(r->ctx->db, r->err);
		db_bind_int(st, 1, r->ctx->org_id);
		db_bind_int(st, 2, cg->reps[i].id);
		rc = db_step(st);
		if (rc > 0) {
			snprintf(cg->reps[i].email, sizeof(cg->reps[i].email), "%s",
				 db_col_text(st, 0) ? db_col_text(st, 0) : "");
			snprintf(cg->reps[i].name, sizeof(cg->reps[i].name), "%s",
				 db_col_text(st, 1) ? db_col_text(st, 1) : "");
		}
		db_done(st);
		if (rc < 0)
			return report_step_error(r);
	}
	if (cg->nreps)
		qsort(cg->reps, cg->nreps, sizeof(*cg->reps), coach_cmp);
	return 0;
}

static json_t *rep_head(const struct coach *c)
{
	return json_pack("{s:I, s:s, s:s}", "owner_id", (json_int_t)c->id,
			 "owner", c->email, "owner_name", c->name);
}

/* The rep of a row of the extra tables: by id and name (a table shows
 * one owner column). */
static json_t *rep_ref(const struct coach *c)
{
	return json_pack("{s:I, s:s}", "owner_id", (json_int_t)c->id,
			 "owner_name", c->name);
}

static json_t *days_of(int64_t stays, int64_t hours)
{
	return stays ? json_real((double)hours / 24.0) : json_null();
}

static int selling(const struct report_step *s)
{
	return strcmp(s->phase, "follow_up") != 0;
}

/* The step's guidance text (core/process.h), or "". */
static int step_guidance(struct report_run *r, const struct report_step *s,
			 json_t **out)
{
	struct db_stmt *st = db_prepare(r->ctx->db, "SELECT guidance FROM steps "
					"WHERE org_id = ? AND process_id = ? AND key = ?");
	int rc;
	if (!st)
		return db_error(r->ctx->db, r->err);
	db_bind_int(st, 1, r->ctx->org_id);
	db_bind_int(st, 2, s->process_id);
	db_bind_text(st, 3, s->key);
	rc = db_step(st);
	*out = json_string(rc > 0 && db_col_text(st, 0) ? db_col_text(st, 0) : "");
	db_done(st);
	return rc < 0 ? report_step_error(r) : 0;
}

/* The rep's rows per selling step, and the index of the step with the
 * largest shortfall against the team's conversion (r->nsteps: none). */
static size_t step_rows(struct coaching *cg, const struct coach *c,
			json_t *rows)
{
	struct report_run *r = cg->r;
	const struct coach *t = &cg->team;
	size_t weakest = r->nsteps;
	double worst = 0;
	for (size_t i = 0; i < r->nsteps; i++) {
		const struct report_step *s = &r->steps[i];
		if (!selling(s))
			continue;
		json_t *row = rep_head(c);
		json_object_set_new(row, "process", json_string(s->process));
		json_object_set_new(row, "step", json_string(s->key));
		json_object_set_new(row, "name", json_string(s->name));
		json_object_set_new(row, "entered", json_integer(c->entered[i]));
		json_object_set_new(row, "advanced", json_integer(c->advanced[i]));
		json_object_set_new(row, "conversion",
				    report_rate(c->advanced[i], c->entered[i]));
		report_wilson(c->advanced[i], c->entered[i], row,
			      "conversion_low", "conversion_high");
		json_object_set_new(row, "team_entered", json_integer(t->entered[i]));
		json_object_set_new(row, "team_conversion",
				    report_rate(t->advanced[i], t->entered[i]));
		json_object_set_new(row, "shortfall", json_null());
		if (c->entered[i] && t->entered[i]) {
			double sf = (double)t->advanced[i] / (double)t->entered[i] -
				    (double)c->advanced[i] / (double)c->entered[i];
			json_object_set_new(row, "shortfall", json_real(sf));
			if (sf > worst + 1e-12) {
				worst = sf;
				weakest = i;
			}
		}
		json_object_set_new(row, "stays", json_integer(c->stays[i]));
		json_object_set_new(row, "median_days",
				    days_of(c->stays[i], c->median_hours[i]));
		json_object_set_new(row, "team_median_days",
				    days_of(t->stays[i], t->median_hours[i]));
		json_object_set_new(row, "small",
				    json_boolean(c->entered[i] < REPORT_SMALL_N));
		json_object_set_new(row, "weakest", json_false());
		json_array_append_new(rows, row);
	}
	return weakest;
}

static json_t *habit_row(const struct coach *c, const struct coach *t,
			 enum habit h)
{
	json_t *row = rep_ref(c);
	json_object_set_new(row, "habit", json_string(habit_names[h]));
	json_object_set_new(row, "count", json_integer(c->k[h]));
	json_object_set_new(row, "of", json_integer(c->n[h]));
	json_object_set_new(row, "share", report_rate(c->k[h], c->n[h]));
	report_wilson(c->k[h], c->n[h], row, "share_low", "share_high");
	json_object_set_new(row, "team_share", report_rate(t->k[h], t->n[h]));
	json_object_set_new(row, "small", json_boolean(c->n[h] < REPORT_SMALL_N));
	return row;
}

int report_coaching(struct report_run *r, json_t *rep)
{
	const struct fc_actor *u = &r->ctx->user;
	struct coaching cg = { .r = r };
	json_t *rows = json_object_get(rep, "rows");
	json_t *habits = json_array(), *weakest = json_array();
	int rc;

	json_object_set_new(rep, "habits", habits);
	json_object_set_new(rep, "weakest", weakest);
	/* a rep is coached on their own deals only (docs/reports.md) */
	if (u->role == ROLE_REP && r->o->owner_id && r->o->owner_id != u->id)
		return fc_fail(r->err, FC_EFORBIDDEN, "owner", "a rep sees only "
			       "their own coaching");
	coach_init(&cg.team, r->nsteps, 0);
	if ((rc = load(&cg, 0)) || (rc = load(&cg, 1)) ||
	    (rc = reps_finish(&cg)))
		goto out;
	for (size_t k = 0; k < cg.nreps; k++) {
		const struct coach *c = &cg.reps[k];
		size_t first = json_array_size(rows);
		size_t w = step_rows(&cg, c, rows);
		for (enum habit h = 0; h < H_COUNT; h++)
			json_array_append_new(habits, habit_row(c, &cg.team, h));
		if (w == r->nsteps)
			continue;
		/* the weakest step's row is flagged, then told apart */
		json_t *row = NULL, *g = NULL;
		for (size_t i = first; i < json_array_size(rows); i++) {
			json_t *x = json_array_get(rows, i);
			if (!strcmp(json_string_value(json_object_get(x, "step")),
				    r->steps[w].key) &&
			    !strcmp(json_string_value(json_object_get(x, "process")),
				    r->steps[w].process))
				row = x;
		}
		if ((rc = step_guidance(r, &r->steps[w], &g)))
			goto out;
		json_object_set_new(row, "weakest", json_true());
		json_t *wr = rep_ref(c);
		json_object_set(wr, "process", json_object_get(row, "process"));
		json_object_set(wr, "step", json_object_get(row, "step"));
		json_object_set(wr, "name", json_object_get(row, "name"));
		json_object_set(wr, "conversion", json_object_get(row, "conversion"));
		json_object_set(wr, "team_conversion",
				json_object_get(row, "team_conversion"));
		json_object_set(wr, "shortfall", json_object_get(row, "shortfall"));
		json_object_set_new(wr, "guidance", g);
		json_array_append_new(weakest, wr);
	}
	json_t *t = json_object_get(rep, "totals");
	json_object_set_new(t, "reps", json_integer((json_int_t)cg.nreps));
	json_object_set_new(t, "small_n", json_integer(REPORT_SMALL_N));
	rc = 0;
out:
	coach_free(&cg.team);
	for (size_t i = 0; i < cg.nreps; i++)
		coach_free(&cg.reps[i]);
	free(cg.reps);
	return rc;
}
