/* Processes: the default six steps with their coaching text, loading a
 * process with its steps, and the JSON form for export/import. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/deal.h"
#include "core/history.h"
#include "core/memo.h"
#include "core/process.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static const char *const phase_keys[PHASE_COUNT] = {
	"engage", "comfort", "discover", "present", "agree", "follow_up"
};

const char *phase_key(enum phase p)
{
	return (unsigned)p < PHASE_COUNT ? phase_keys[p] : "engage";
}

int phase_parse(const char *s, enum phase *p)
{
	for (int i = 0; i < PHASE_COUNT; i++) {
		if (s && !strcmp(s, phase_keys[i])) {
			*p = (enum phase)i;
			return 0;
		}
	}
	return -1;
}

static const struct default_step {
	const char *key, *name, *goal, *guidance, *criteria;
	int probability, stall_days;
} default_steps[] = {
	{ "engage", "Engage with the right people",
	  "Reach the people who feel the need and can act on it, at a time when acting is possible.",
	  "Find the person who owns the problem, not just anyone who will take a call. "
	  "Ask what prompted them to look now and write it down as their need. "
	  "Ask when they expect to decide or start, and record that window: if it "
	  "is not open yet, agree when to talk again instead of pushing. "
	  "Before you leave the call, agree on one concrete next step with a date.",
	  "{\"need\":true,\"timing\":true}", 5, 14 },
	{ "comfort", "Make them comfortable with you",
	  "Earn enough trust that they will tell you what they really want.",
	  "People buy from people they are comfortable with. Keep every promise, "
	  "however small, and be on time. Listen more than you talk; mirror their pace "
	  "and vocabulary. Share something useful that asks nothing in return. "
	  "Record how comfortable the contact is (0-5) after each conversation; "
	  "move on when they speak openly about their situation.",
	  "{\"comfort_min\":3}", 10, 21 },
	{ "discover", "Find out what they want",
	  "Learn their motivations, issues, problems, objectives and how they will choose.",
	  "This is the fulcrum: everything after rests on it. Ask open questions "
	  "and let silence work. Separate the objective (what they want to achieve) "
	  "from the problems and issues in the way, and from the criteria they will "
	  "use to choose. Write each want in their words and rate how much it matters "
	  "to them. Do not present anything yet.",
	  "{\"wants\":[\"objective\",\"problem|issue\"]}", 20, 21 },
	{ "present", "Show how what you have gives them what they want",
	  "Connect each important want to something you offer, in one sentence they accept.",
	  "Present only what answers a recorded want, and say how it gives them that "
	  "want, not what it is. Cover every want they rated 3 or higher; if "
	  "nothing you have fits one, say so honestly. Check each fit with them "
	  "before moving on, and ask what else they would need to see.",
	  "{\"fit_importance\":3}", 40, 21 },
	{ "agree", "Gain agreement on the next step",
	  "Have the customer commit to a concrete next step: an order, a trial, an evaluation.",
	  "Ask for the commitment plainly, and propose the smallest step that moves "
	  "them forward: a trial, an evaluation, a committee review, the order. "
	  "Summarise the wants and fits they agreed with first. If they hesitate, "
	  "find the want that is not yet met and go back to it. Record what was "
	  "agreed and by when; when the agreement is the order, mark the deal won.",
	  "{\"agreement\":true}", 70, 14 },
	{ "follow_up", "Follow up and leverage",
	  "Make sure they got what they wanted, then turn satisfaction into more business and referrals.",
	  "After delivery, check in: did they get what they wanted? Record the score "
	  "honestly. A satisfied customer (4 or 5) is the best source of new business: "
	  "ask who else inside their organisation has a similar want, and who outside "
	  "it they would introduce you to. Record every referral so its revenue "
	  "is traced back.",
	  "{\"check_done\":true}", 100, 30 },
};

/* The exit criteria a step may have (struct step_criteria), with what each
 * takes: every key and value a process definition gives is checked here. */
enum criterion_type { CRIT_BOOL, CRIT_LEVEL, CRIT_WANT_GROUPS, CRIT_ROLE };
static const struct {
	const char *key;
	enum criterion_type type;
} criteria_known[] = {
	{ "need", CRIT_BOOL }, { "timing", CRIT_BOOL },
	{ "comfort_min", CRIT_LEVEL }, { "wants", CRIT_WANT_GROUPS },
	{ "fit_importance", CRIT_LEVEL }, { "agreement", CRIT_BOOL },
	{ "check_done", CRIT_BOOL }, { "stakeholder_role", CRIT_ROLE },
};

static int known_role(json_t *v)
{
	for (int i = 0; json_is_string(v) && deal_stakeholder_roles[i]; i++)
		if (!strcmp(json_string_value(v), deal_stakeholder_roles[i]))
			return 1;
	return 0;
}

static int criteria_check(json_t *crit, const char *where,
			  struct fc_error *err)
{
	const char *key;
	json_t *v;
	json_object_foreach(crit, key, v) {
		size_t i = 0, n = sizeof(criteria_known) / sizeof(criteria_known[0]);
		while (i < n && strcmp(criteria_known[i].key, key))
			i++;
		if (i == n)
			return fc_fail(err, FC_EINVAL, where, "%s: unknown exit "
				       "criterion '%s' (known: need, timing, "
				       "comfort_min, wants, fit_importance, "
				       "agreement, check_done, stakeholder_role)",
				       where, key);
		int ok = 1;
		switch (criteria_known[i].type) {
		case CRIT_BOOL:
			ok = json_is_boolean(v);
			break;
		case CRIT_LEVEL:
			ok = json_is_integer(v) && json_integer_value(v) >= 0 &&
			     json_integer_value(v) <= 5;
			break;
		case CRIT_WANT_GROUPS: {
			size_t k;
			json_t *g;
			ok = json_is_array(v) && json_array_size(v) <= 4;
			json_array_foreach(v, k, g)
				ok = ok && json_is_string(g) &&
				     json_string_length(g) < 64;
			break;
		}
		case CRIT_ROLE:
			ok = known_role(v);
			break;
		}
		if (!ok && criteria_known[i].type == CRIT_ROLE)
			return fc_fail(err, FC_EINVAL, where, "%s: criterion '%s' "
				       "must be a stakeholder role: %s", where, key,
				       deal_stakeholder_role_list);
		if (!ok)
			return fc_fail(err, FC_EINVAL, where, "%s: criterion '%s' "
				       "must be %s", where, key,
				       criteria_known[i].type == CRIT_BOOL ?
				       "true or false" :
				       criteria_known[i].type == CRIT_LEVEL ?
				       "a level from 0 to 5" :
				       "a list of at most 4 want kinds, like "
				       "\"problem|issue\"");
	}
	return 0;
}

static int parse_criteria(const char *text, struct step_criteria *c)
{
	json_error_t jerr;
	json_t *o = json_loads(text, 0, &jerr);
	memset(c, 0, sizeof(*c));
	if (!o || !json_is_object(o)) {
		json_decref(o);
		return -1;
	}
	c->need = json_is_true(json_object_get(o, "need"));
	c->timing = json_is_true(json_object_get(o, "timing"));
	c->comfort_min = (int)json_integer_value(json_object_get(o, "comfort_min"));
	c->fit_importance = (int)json_integer_value(json_object_get(o, "fit_importance"));
	c->agreement = json_is_true(json_object_get(o, "agreement"));
	c->check_done = json_is_true(json_object_get(o, "check_done"));
	snprintf(c->stakeholder_role, sizeof(c->stakeholder_role), "%s",
		 json_string_value(json_object_get(o, "stakeholder_role")) ?
		 json_string_value(json_object_get(o, "stakeholder_role")) : "");
	json_t *wants = json_object_get(o, "wants");
	size_t i;
	json_t *w;
	json_array_foreach(wants, i, w) {
		if (c->want_group_count >= 4 || !json_is_string(w))
			break;
		snprintf(c->want_groups[c->want_group_count++],
			 sizeof(c->want_groups[0]), "%s", json_string_value(w));
	}
	json_decref(o);
	return 0;
}

static json_t *criteria_json(const struct step_criteria *c)
{
	json_t *o = json_object();
	if (c->need)
		json_object_set_new(o, "need", json_true());
	if (c->timing)
		json_object_set_new(o, "timing", json_true());
	if (c->comfort_min)
		json_object_set_new(o, "comfort_min", json_integer(c->comfort_min));
	if (c->want_group_count) {
		json_t *a = json_array();
		for (int i = 0; i < c->want_group_count; i++)
			json_array_append_new(a, json_string(c->want_groups[i]));
		json_object_set_new(o, "wants", a);
	}
	if (c->fit_importance)
		json_object_set_new(o, "fit_importance", json_integer(c->fit_importance));
	if (c->agreement)
		json_object_set_new(o, "agreement", json_true());
	if (c->check_done)
		json_object_set_new(o, "check_done", json_true());
	if (c->stakeholder_role[0])
		json_object_set_new(o, "stakeholder_role",
				    json_string(c->stakeholder_role));
	return o;
}

void process_free(struct process *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nsteps; i++) {
		free(p->steps[i].goal);
		free(p->steps[i].guidance);
	}
	free(p->steps);
	free(p);
}

const struct step *process_step(const struct process *p, const char *key)
{
	for (int i = 0; i < p->nsteps; i++)
		if (!strcmp(p->steps[i].key, key))
			return &p->steps[i];
	return NULL;
}

static int load_steps(struct fc_ctx *ctx, struct process *p, struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db,
		"SELECT id, position, key, name, phase, goal, guidance, criteria, "
		"probability, stall_days FROM steps WHERE org_id = ? AND process_id = ? "
		"ORDER BY position");
	size_t alloc = 0;
	int rc;
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "ii", ctx->org_id, p->id);
	while ((rc = db_step(st)) > 0) {
		ALLOC_GROW(p->steps, (size_t)p->nsteps + 1, alloc);
		struct step *s = &p->steps[p->nsteps++];
		memset(s, 0, sizeof(*s));
		s->id = db_col_int(st, 0);
		s->position = p->nsteps - 1;
		snprintf(s->key, sizeof(s->key), "%s", db_col_text(st, 2));
		snprintf(s->name, sizeof(s->name), "%s", db_col_text(st, 3));
		if (phase_parse(db_col_text(st, 4), &s->phase))
			s->phase = PHASE_ENGAGE;
		s->goal = xstrdup(db_col_text(st, 5));
		s->guidance = xstrdup(db_col_text(st, 6));
		parse_criteria(db_col_text(st, 7), &s->criteria);
		s->probability = (int)db_col_int(st, 8);
		s->stall_days = (int)db_col_int(st, 9);
	}
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

static int load_where(struct fc_ctx *ctx, const char *sql, const char *fmt,
		      int64_t id, const char *key, struct process **out,
		      struct fc_error *err)
{
	struct process *p = NULL;
	struct db_stmt *st = db_prepare(ctx->db, sql);
	int rc;
	*out = NULL;
	if (!st)
		return db_error(ctx->db, err);
	if (key)
		db_bindf(st, fmt, ctx->org_id, key);
	else if (id)
		db_bindf(st, fmt, ctx->org_id, id);
	else
		db_bindf(st, fmt, ctx->org_id);
	rc = db_step(st);
	if (rc > 0) {
		p = xcalloc(1, sizeof(*p));
		p->id = db_col_int(st, 0);
		snprintf(p->key, sizeof(p->key), "%s", db_col_text(st, 1));
		snprintf(p->name, sizeof(p->name), "%s", db_col_text(st, 2));
		p->check_days = (int)db_col_int(st, 3);
		p->no_fit_days = (int)db_col_int(st, 4);
		p->check_every_months = (int)db_col_int(st, 5);
		p->grace_days = (int)db_col_int(st, 6);
	}
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (rc == 0) {
		if (key)
			return fc_fail(err, FC_ENOTFOUND, "process", "no process '%s'", key);
		if (id)
			return fc_fail(err, FC_ENOTFOUND, "process",
				       "no process %" PRId64, id);
		return fc_fail(err, FC_ENOTFOUND, "process", "no default process");
	}
	if ((rc = load_steps(ctx, p, err))) {
		process_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

#define PROCESS_COLS "SELECT id, key, name, check_days, no_fit_days, " \
	"check_every_months, grace_days FROM processes "

int process_load(struct fc_ctx *ctx, int64_t id, struct process **out,
		 struct fc_error *err)
{
	int rc;
	if ((*out = memo_process_get(ctx->db, ctx->org_id, id)))
		return 0;
	if (id)
		rc = load_where(ctx, PROCESS_COLS "WHERE org_id = ? AND id = ?",
				"ii", id, NULL, out, err);
	else
		rc = load_where(ctx, PROCESS_COLS "WHERE org_id = ? ORDER BY "
				"is_default DESC, id LIMIT 1", "i", 0, NULL, out,
				err);
	if (!rc)
		memo_process_put(ctx->db, ctx->org_id, id, *out);
	return rc;
}

int process_load_by_key(struct fc_ctx *ctx, const char *key,
			struct process **out, struct fc_error *err)
{
	return load_where(ctx, PROCESS_COLS "WHERE org_id = ? AND key = ?", "is",
			  0, key, out, err);
}

json_t *process_to_json(const struct process *p)
{
	json_t *steps = json_array();
	for (int i = 0; i < p->nsteps; i++) {
		const struct step *s = &p->steps[i];
		json_array_append_new(steps, json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:o, s:i, s:i}",
			"key", s->key, "name", s->name, "phase", phase_key(s->phase),
			"goal", s->goal, "guidance", s->guidance,
			"criteria", criteria_json(&s->criteria),
			"probability", s->probability, "stall_days", s->stall_days));
	}
	return json_pack("{s:I, s:s, s:s, s:i, s:i, s:i, s:i, s:o}", "id", (json_int_t)p->id,
			 "key", p->key, "name", p->name, "check_days", p->check_days,
			 "no_fit_days", p->no_fit_days,
			 "check_every_months", p->check_every_months, 
			 "grace_days", p->grace_days, "steps", steps);
}

/* ---- writing processes ----------------------------------------------- */

static int insert_step(struct fc_ctx *ctx, int64_t process_id, int position,
		       const char *key, const char *name, const char *phase,
		       const char *goal, const char *guidance, const char *criteria,
		       int64_t probability, int64_t stall_days, struct fc_error *err)
{
	int rc = db_run(ctx->db, "INSERT INTO steps (org_id, process_id, position, "
			"key, name, phase, goal, guidance, criteria, probability, "
			"stall_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			"iiissssssii", ctx->org_id, process_id, (int64_t)position,
			key, name, phase, goal, guidance, criteria, probability,
			stall_days);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

int process_create_default(struct fc_ctx *ctx, struct fc_error *err)
{
	char now[TIME_LEN];
	int64_t pid = 0;
	int rc;
	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	rc = db_query_int(ctx->db, &pid, "INSERT INTO processes (org_id, key, name, "
			  "description, is_default, check_days, created_at, updated_at) "
			  "VALUES (?, 'default', 'Fundamental sales process', ?, 1, 14, ?, ?) "
			  "RETURNING id", "isss", ctx->org_id,
			  "The six steps every sale goes through.", now, now);
	if (rc) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	for (size_t i = 0; i < ARRAY_SIZE(default_steps); i++) {
		const struct default_step *d = &default_steps[i];
		if ((rc = insert_step(ctx, pid, (int)i, d->key, d->name, d->key,
				      d->goal, d->guidance, d->criteria,
				      d->probability, d->stall_days, err)))
			goto out;
	}
out:
	return ctx_tx_end(ctx, rc, err);
}

static const char *jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static int check_key(const char *key, const char *what, struct fc_error *err)
{
	size_t n = key ? strlen(key) : 0;
	if (n == 0 || n > 63)
		return fc_fail(err, FC_EINVAL, what, "%s needs a key of 1 to 63 characters",
			       what);
	for (const char *p = key; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-'))
			return fc_fail(err, FC_EINVAL, what, "key '%s' may hold only "
				       "a-z, 0-9, '_' and '-'", key);
	return 0;
}

static int validate_step(json_t *s, size_t i, struct fc_error *err)
{
	static const char *const allowed[] = { "key", "name", "phase", "goal",
		"guidance", "criteria", "probability", "stall_days", NULL };
	const char *k;
	json_t *v;
	enum phase ph;
	struct step_criteria c;
	char where[32];
	snprintf(where, sizeof(where), "steps[%zu]", i);
	if (!json_is_object(s))
		return fc_fail(err, FC_EINVAL, where, "%s must be an object", where);
	json_object_foreach(s, k, v) {
		int ok = 0;
		for (int a = 0; allowed[a]; a++)
			ok |= !strcmp(allowed[a], k);
		if (!ok)
			return fc_fail(err, FC_EINVAL, where, "unknown field '%s' in %s",
				       k, where);
	}
	int rc = check_key(jstr(s, "key"), where, err);
	if (rc)
		return rc;
	if (!jstr(s, "name") || !*jstr(s, "name") || strlen(jstr(s, "name")) > 127)
		return fc_fail(err, FC_EINVAL, where, "%s needs a name", where);
	if (phase_parse(jstr(s, "phase"), &ph))
		return fc_fail(err, FC_EINVAL, where, "%s: 'phase' must be one of "
			       "engage|comfort|discover|present|agree|follow_up", where);
	json_t *crit = json_object_get(s, "criteria");
	if (crit && !json_is_object(crit))
		return fc_fail(err, FC_EINVAL, where, "%s: 'criteria' must be an object",
			       where);
	if (crit && (rc = criteria_check(crit, where, err)))
		return rc;
	if (crit) {
		char *t = json_dumps(crit, JSON_COMPACT);
		rc = parse_criteria(t, &c);
		free(t);
		if (rc)
			return fc_fail(err, FC_EINVAL, where, "%s: bad criteria", where);
	}
	json_t *p = json_object_get(s, "probability");
	if (p && (!json_is_integer(p) || json_integer_value(p) < 0 ||
		  json_integer_value(p) > 100))
		return fc_fail(err, FC_EINVAL, where, "%s: 'probability' must be 0 to 100",
			       where);
	json_t *sd = json_object_get(s, "stall_days");
	if (sd && (!json_is_integer(sd) || json_integer_value(sd) < 1 ||
		   json_integer_value(sd) > 3650))
		return fc_fail(err, FC_EINVAL, where, "%s: 'stall_days' must be 1 to 3650",
			       where);
	for (size_t l = 0; l < 3; l++) {
		const char *f = l == 0 ? "goal" : l == 1 ? "guidance" : "name";
		if (jstr(s, f) && strlen(jstr(s, f)) > 8000)
			return fc_fail(err, FC_EINVAL, where, "%s: '%s' is too long", where, f);
	}
	return 0;
}

int process_import(struct fc_ctx *ctx, json_t *in, int64_t *id,
		   struct fc_error *err)
{
	static const char *const allowed[] = { "id", "key", "name", "description",
		"check_days", "no_fit_days", "check_every_months", "grace_days", "steps", NULL };
	const char *k;
	json_t *v, *steps = json_object_get(in, "steps");
	char now[TIME_LEN];
	int64_t pid = 0, used = 0;
	int rc;
	size_t i;

	if (ctx->user.role != ROLE_ADMIN)
		return fc_fail(err, FC_EFORBIDDEN, NULL, "only admins change processes");
	if (!json_is_object(in))
		return fc_fail(err, FC_EINVAL, NULL, "a process must be a JSON object");
	json_object_foreach(in, k, v) {
		int ok = 0;
		for (int a = 0; allowed[a]; a++)
			ok |= !strcmp(allowed[a], k);
		if (!ok)
			return fc_fail(err, FC_EINVAL, k, "unknown field '%s' in a process", k);
	}
	if ((rc = check_key(jstr(in, "key"), "process", err)))
		return rc;
	if (!jstr(in, "name") || !*jstr(in, "name"))
		return fc_fail(err, FC_EINVAL, "name", "a process needs a name");
	if (!json_is_array(steps) || json_array_size(steps) < 1 ||
	    json_array_size(steps) > 30)
		return fc_fail(err, FC_EINVAL, "steps", "a process needs 1 to 30 steps");
	json_t *cd = json_object_get(in, "check_days");
	if (cd && (!json_is_integer(cd) || json_integer_value(cd) < 0 ||
		   json_integer_value(cd) > 365))
		return fc_fail(err, FC_EINVAL, "check_days", "'check_days' must be 0 to 365");
	json_t *nf = json_object_get(in, "no_fit_days");
	if (nf && (!json_is_integer(nf) || json_integer_value(nf) < 1 ||
		   json_integer_value(nf) > 365))
		return fc_fail(err, FC_EINVAL, "no_fit_days", "'no_fit_days' must be "
			       "1 to 365");
	json_t *cm = json_object_get(in, "check_every_months");
	if (cm && (!json_is_integer(cm) || json_integer_value(cm) < 0 ||
		   json_integer_value(cm) > PROCESS_CHECK_MONTHS_MAX))
		return fc_fail(err, FC_EINVAL, "check_every_months", "'check_every_"
			       "months' must be 0 (no periodic checks) to %d",
			       PROCESS_CHECK_MONTHS_MAX);
	int64_t months = cm ? json_integer_value(cm) : PROCESS_CHECK_MONTHS_DEFAULT;
	json_t *gd = json_object_get(in, "grace_days");
	if (gd && (!json_is_integer(gd) || json_integer_value(gd) < 0 ||
		   json_integer_value(gd) > PROCESS_GRACE_MAX))
		return fc_fail(err, FC_EINVAL, "grace_days", "'grace_days' must be 0 "
			       "to %d", PROCESS_GRACE_MAX);
	int64_t grace = gd ? json_integer_value(gd) : PROCESS_GRACE_DEFAULT;
	int prev_phase = -1;
	json_array_foreach(steps, i, v) {
		if ((rc = validate_step(v, i, err)))
			return rc;
		enum phase ph;
		phase_parse(jstr(v, "phase"), &ph);
		if ((int)ph < prev_phase)
			return fc_fail(err, FC_EINVAL, "steps", "step '%s' (phase %s) comes "
				       "after a later phase: steps follow the six phases in "
				       "order", jstr(v, "key"), phase_key(ph));
		prev_phase = (int)ph;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(jstr(json_array_get(steps, j), "key"), jstr(v, "key")))
				return fc_fail(err, FC_EINVAL, "steps", "step key '%s' is "
					       "used twice", jstr(v, "key"));
	}

	ctx_now_time(ctx, now);
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	rc = db_query_int(ctx->db, &pid, "SELECT id FROM processes WHERE org_id = ? "
			  "AND key = ?", "is", ctx->org_id, jstr(in, "key"));
	if (rc == FC_ENOTFOUND) {
		rc = db_query_int(ctx->db, &pid, "INSERT INTO processes (org_id, key, "
				  "name, description, check_days, grace_days, created_at, "
				  "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				  "isssiiss", ctx->org_id, jstr(in, "key"), jstr(in, "name"),
				  jstr(in, "description"),
				  (int64_t)(cd ? json_integer_value(cd) : 14), grace, now,
				  now);
		if (rc)
			rc = db_error(ctx->db, err);
	} else if (rc == 0) {
		/* deals standing on a step that the new version drops would be lost */
		struct db_stmt *st = db_prepare(ctx->db, "SELECT DISTINCT step FROM deals "
						"WHERE org_id = ? AND process_id = ?");
		if (!st) {
			rc = db_error(ctx->db, err);
			goto out;
		}
		db_bindf(st, "ii", ctx->org_id, pid);
		while ((rc = db_step(st)) > 0) {
			const char *key = db_col_text(st, 0);
			int found = 0;
			json_array_foreach(steps, i, v)
				found |= !strcmp(jstr(v, "key"), key);
			if (!found) {
				used = 1;
				fc_fail(err, FC_ECONFLICT, "steps", "deals stand on step '%s' "
					"that the new version removes: move them first", key);
				break;
			}
		}
		db_done(st);
		if (used) {
			rc = FC_ECONFLICT;
			goto out;
		}
		if (rc < 0 || db_run(ctx->db, "UPDATE processes SET name = ?, description = ?, "
				     "check_days = ?, grace_days = ?, updated_at = ?, version = "
				     "version + 1 WHERE org_id = ? AND id = ?", "ssiisii",
				     jstr(in, "name"), jstr(in, "description"),
				     (int64_t)(cd ? json_integer_value(cd) : 14), grace, now,
				     ctx->org_id, pid) < 0 ||
		    db_run(ctx->db, "DELETE FROM steps WHERE org_id = ? AND process_id = ?",
			   "ii", ctx->org_id, pid) < 0) {
			rc = db_error(ctx->db, err);
			goto out;
		}
		rc = 0;
	} else {
		rc = db_error(ctx->db, err);
	}
	if (!rc && db_run(ctx->db, "UPDATE processes SET check_every_months = ? "
			  "WHERE org_id = ? AND id = ?", "iii", months, ctx->org_id,
			  pid) < 0)
		rc = db_error(ctx->db, err);
	if (rc)
		goto out;
	if (db_run(ctx->db, "UPDATE processes SET no_fit_days = ? WHERE org_id = ? "
		   "AND id = ?", "iii", (int64_t)(nf ? json_integer_value(nf) : 14),
		   ctx->org_id, pid) < 0) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	json_array_foreach(steps, i, v) {
		json_t *crit = json_object_get(v, "criteria");
		char *ct = crit ? json_dumps(crit, JSON_COMPACT) : xstrdup("{}");
		json_t *p = json_object_get(v, "probability");
		json_t *sd = json_object_get(v, "stall_days");
		rc = insert_step(ctx, pid, (int)i, jstr(v, "key"), jstr(v, "name"),
				 jstr(v, "phase"), jstr(v, "goal") ? jstr(v, "goal") : "",
				 jstr(v, "guidance") ? jstr(v, "guidance") : "", ct,
				 p ? json_integer_value(p) : 0,
				 sd ? json_integer_value(sd) : 21, err);
		free(ct);
		if (rc)
			goto out;
	}
	struct history_event ev = { .entity = "process", .entity_id = pid,
				    .action = "import", .data = in };
	rc = history_record(ctx, &ev, err);
out:
	if ((rc = ctx_tx_end(ctx, rc, err)))
		return rc;
	if (id)
		*id = pid;
	return 0;
}

int process_export(struct fc_ctx *ctx, const char *key, json_t **out,
		   struct fc_error *err)
{
	struct process *p;
	int rc = key ? process_load_by_key(ctx, key, &p, err)
		     : process_load(ctx, 0, &p, err);
	if (rc)
		return rc;
	*out = process_to_json(p);
	process_free(p);
	return 0;
}

int process_list(struct fc_ctx *ctx, json_t **out, struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT id FROM processes WHERE "
					"org_id = ? ORDER BY is_default DESC, id");
	json_t *a = json_array();
	int64_t ids[256];
	int n = 0, rc;
	if (!st) {
		json_decref(a);
		return db_error(ctx->db, err);
	}
	db_bind_int(st, 1, ctx->org_id);
	while ((rc = db_step(st)) > 0 && n < 256)
		ids[n++] = db_col_int(st, 0);
	db_done(st);
	if (rc < 0) {
		json_decref(a);
		return db_error(ctx->db, err);
	}
	for (int i = 0; i < n; i++) {
		struct process *p;
		if ((rc = process_load(ctx, ids[i], &p, err))) {
			json_decref(a);
			return rc;
		}
		json_array_append_new(a, process_to_json(p));
		process_free(p);
	}
	*out = a;
	return 0;
}

int process_id_find(struct fc_ctx *ctx, const char *key, int64_t *id,
		    struct fc_error *err)
{
	int rc = db_query_int(ctx->db, id, "SELECT id FROM processes WHERE "
			      "org_id = ? AND key = ?", "is", ctx->org_id, key);
	if (rc == FC_ENOTFOUND)
		return fc_fail(err, FC_ENOTFOUND, "process", "no process '%.64s'",
			       key);
	return rc ? db_error(ctx->db, err) : 0;
}
