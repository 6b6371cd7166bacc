/* The demo generator; see demo.h. One sequential PRNG (splitmix64) seeded by
 * the caller drives every choice, so the same seed and size give the same
 * data. Each deal lives its life forward in time from its creation day; the
 * clock (ctx->now) is set to each event before the core service records it,
 * and a life that would run past "now" simply stops there, open. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/check.h"
#include "core/deal.h"
#include "core/duplicate.h"
#include "core/demo/demo.h"
#include "core/demo/internal.h"
#include "core/demo/phase-time.h"
#include "core/fit.h"
#include "core/history.h"
#include "core/interaction.h"
#include "core/next-step.h"
#include "core/org.h"
#include "core/process.h"
#include "core/promise.h"
#include "core/record.h"
#include "core/referral.h"
#include "core/search.h"
#include "core/want.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define DAY 86400
#define HISTORY_DAYS 365

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static int rng_pct(struct rng *r, int pct)
{
	return (int)(rng_next(r) % 100) < pct;
}

#define PICK(r, arr) (arr[rng_next(r) % (sizeof(arr) / sizeof(arr[0]))])

static const char *const first_names[] = { "Ana", "Ben", "Chloe", "David",
	"Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Keiko", "Liam",
	"Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Samir", "Tara",
	"Ugo", "Vera", "Wei", "Yara", "Zoe" };
static const char *const last_names[] = { "Almeida", "Becker", "Chen", "Dubois",
	"Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski",
	"Lopez", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Schmidt",
	"Tanaka", "Uddin", "Varga", "Weber", "Young", "Zimmermann" };
static const char *const name_a[] = { "Blue", "North", "Bright", "Iron", "Silver",
	"Green", "Summit", "Harbor", "Cedar", "Atlas", "Pioneer", "Vector",
	"Granite", "Orbit", "Maple", "Falcon" };
static const char *const name_b[] = { "Logistics", "Foods", "Health", "Systems",
	"Retail", "Energy", "Labs", "Manufacturing", "Finance", "Media",
	"Builders", "Pharma", "Telecom", "Hotels", "Motors", "Analytics" };
static const char *const industries[] = { "logistics", "food", "healthcare",
	"software", "retail", "energy", "research", "manufacturing", "finance",
	"media", "construction", "pharma", "telecom", "hospitality", "automotive" };
static const char *const sizes[] = { "1-10", "11-50", "51-200", "201-1000",
	"1000+" };
static const char *const cities[] = { "Lyon", "Porto", "Leeds", "Ghent",
	"Bremen", "Turin", "Malmo", "Krakow", "Bilbao", "Utrecht" };
static const char *const titles[] = { "Operations Director", "Head of IT",
	"CFO", "Procurement Manager", "COO", "Plant Manager", "CTO",
	"Head of Customer Service", "Finance Controller", "General Manager" };
static const char *const sources[] = { "inbound", "outbound", "event", "web",
	"other" };
static const char *const needs[] = {
	"cut the time orders spend waiting for approval",
	"replace spreadsheets that break every month-end",
	"give field teams the same data as the office",
	"reduce stock-outs in the busy season",
	"see every customer's history in one place",
	"stop losing leads between marketing and sales",
	"bring reporting time down from days to hours",
	"meet the new audit requirements this year" };
static const char *const motivations[] = {
	"the CEO wants growth without more headcount",
	"the team is tired of working late at month-end",
	"a competitor just launched a faster service" };
static const char *const issues[] = {
	"two systems disagree on customer numbers",
	"approvals sit in inboxes for days",
	"nobody trusts the forecast" };
static const char *const problems[] = {
	"orders are entered twice by hand",
	"reports take three days to build",
	"stock counts are wrong every quarter" };
static const char *const objectives[] = {
	"close the books in two days",
	"answer customers within one hour",
	"cut inventory costs by ten percent",
	"double orders handled per person" };
static const char *const criteria[] = {
	"must run on their own servers",
	"needs single sign-on",
	"payback within twelve months" };
static const char *const fit_hows[] = {
	"automates the step they do by hand today",
	"puts the numbers they argue about in one shared view",
	"sends the approval to the right person with a deadline",
	"was proven at a customer of the same size in six weeks" };
/* The one "lost" reason that is a disqualification (wrong timing). */
#define DEMO_NOT_NOW "timing: revisit next year"
/* why a manager forces a rushed deal on (draw_habits()) */
#define DEMO_RUSHED "the customer is in a hurry"
static const char *const lost_reasons[] = { "price", "chose a competitor",
	"no budget this year", "project cancelled", "no decision",
	DEMO_NOT_NOW };
static const char *const kinds_call[] = { "call", "meeting", "visit", "web" };
static const char *const roles_stake[] = { "decision_maker", "influencer",
	"user", "problem_owner" };

static const struct {
	const char *name, *benefits, *description;
	int price;
} offerings[] = {
	{ "Fulcrum Cloud Suite", "one place for the whole team's data",
	  "subscription platform", 24000 },
	{ "Onboarding Package", "live in six weeks, with training",
	  "fixed-price implementation", 8000 },
	{ "Analytics Add-on", "reports in hours instead of days",
	  "dashboards and forecasts", 6000 },
	{ "Integration Kit", "no more double entry between systems",
	  "connectors and API support", 5000 },
	{ "Premium Support", "answers within one hour, all year",
	  "24/7 support plan", 4000 },
	{ "On-premise Edition", "runs on their own servers",
	  "self-hosted licence", 30000 },
};
#define NOFFERINGS (sizeof(offerings) / sizeof(offerings[0]))

struct demo_user {
	struct fc_actor a;
	int created;
};

struct demo {
	struct fc_ctx *ctx;
	struct fc_error *err;
	struct rng r;
	int64_t end;		/* the end of history: the caller's now */
	int64_t made, total;
	struct process *proc;
	int agree_pos;		/* position of the (first) agree-phase step */
	struct demo_user *users;
	int nusers, nreps, first_rep;
	int behind;		/* the rep who lets promises slip (-1: none) */
	int bulk;		/* the fast path of bulk.c */
	struct bulk bk;
	int fresh_org;		/* the organisation was created by this run */
	int64_t offering_ids[NOFFERINGS];
	/* the account being filled, and its contacts (for stakeholders) */
	int64_t account_id;
	int account_left, account_owner;
	int64_t account_contacts[4];
	int naccount_contacts;
	int64_t accounts, contacts, interactions, wants, fits, checks,
		referrals, open, won, lost, disqualified, line_items, proposals;
};

static void act(struct demo *dm, int user)
{
	dm->ctx->user = dm->users[user].a;
}

static void day_str(int64_t t, char out[DATE_LEN])
{
	date_format(date_from_time(t), out);
}

/* Moves *T forward by LO..HI days into working hours; 1 when that passes
 * the end of history (the deal's life stops there). */
static int later(struct demo *dm, int64_t *t, int lo, int hi)
{
	int64_t day = date_from_time(*t) + rng_range(&dm->r, lo, hi);
	int64_t next = time_from_date((int32_t)day) + 8 * 3600 +
		       rng_range(&dm->r, 0, 9 * 3600);
	if (next <= *t)
		next = *t + rng_range(&dm->r, 600, 3600);
	if (next > dm->end)
		return 1;
	*t = next;
	dm->ctx->now = next;
	return 0;
}

static json_t *next_spec(struct demo *dm, int64_t t, const char *what,
			 const char *type, int lo, int hi)
{
	char due[DATE_LEN];
	date_format(date_from_time(t) + (int32_t)rng_range(&dm->r, lo, hi), due);
	return json_pack("{s:s, s:s, s:s}", "what", what, "due", due, "type", type);
}

/* An interaction on DEAL; NEXT (stolen) non-NULL records an agreement,
 * with ORDER the customer's order. */
static int log_agreed(struct demo *dm, int64_t deal, const char *kind,
		      const char *purpose, json_t *next, int comfort, int planned,
		      int order, int64_t *iid)
{
	json_t *in = json_pack("{s:s, s:I, s:s, s:s}", "kind", kind, "deal_id",
			       (json_int_t)deal, "purpose", purpose, "notes",
			       next ? "talked it through; agreed what happens next"
				    : "no commitment today");
	int rc;
	if (next) {
		json_object_set_new(in, "agreement", json_true());
		json_object_set_new(in, "next_step", next);
	} else {
		json_object_set_new(in, "agreement", json_false());
	}
	if (comfort >= 0)
		json_object_set_new(in, "comfort", json_integer(comfort));
	if (planned >= 0)
		json_object_set_new(in, "planned", json_boolean(planned));
	if (order)
		json_object_set_new(in, "agreement_type", json_string("order"));
	rc = dm->bulk ? bulk_interaction_log(&dm->bk, dm->proc, in, iid, dm->err)
		     : interaction_log(dm->ctx, in, iid, dm->err);
	json_decref(in);
	dm->interactions += !rc;
	return rc;
}

/* An interaction on DEAL; WHAT/TYPE non-NULL records an agreement due in
 * two days to two weeks. */
static int log_call(struct demo *dm, int64_t deal, const char *kind,
		    const char *purpose, const char *what, const char *type,
		    int comfort, int planned, int64_t *iid)
{
	return log_agreed(dm, deal, kind, purpose,
			  what ? next_spec(dm, dm->ctx->now, what, type, 2, 14) : NULL,
			  comfort, planned, 0, iid);
}

/* The story of today, which the first screen tells: the day the promise
 * an open deal ends its history with falls due. Most fall in the coming
 * two weeks and about one in ten slipped by a few days; the rep who is
 * behind on the process lets nearly one in two slip, so a manager sees whom to
 * coach. */
static int32_t story_due(struct demo *dm, int owner)
{
	int32_t today = date_from_time(dm->end);
	if (rng_pct(&dm->r, owner == dm->behind ? 60 : 7))
		return today - (int32_t)rng_range(&dm->r, 1, 12);
	if (rng_pct(&dm->r, 85))
		return today + (int32_t)rng_range(&dm->r, 0, 14);
	return today + (int32_t)rng_range(&dm->r, 15, 30);
}

/* A moment in working hours on DAY, a few days before DUE at the latest
 * and never after the end of history. */
static int64_t story_time(struct demo *dm, int32_t due)
{
	int32_t day = date_from_time(dm->end) - (int32_t)rng_range(&dm->r, 0, 6);
	if (day > due - 1)
		day = due - (int32_t)rng_range(&dm->r, 1, 8);
	int64_t t = time_from_date(day) + 8 * 3600 + rng_range(&dm->r, 0, 9 * 3600);
	return t < dm->end ? t : dm->end;
}

/* An open deal whose history ended at T: its last talk with the customer,
 * recent, agrees the promise the story gives it, unless its own last
 * agreement is more recent than that talk could be. */
static int last_touch(struct demo *dm, int64_t deal, int owner, int64_t *t)
{
	char due[DATE_LEN];
	int32_t dd = story_due(dm, owner);
	int64_t at = story_time(dm, dd);
	int64_t iid;
	if (at <= *t)
		return 0;
	act(dm, owner);
	dm->ctx->now = *t = at;
	date_format(dd, due);
	return log_agreed(dm, deal, PICK(&dm->r, kinds_call), "keep the deal moving",
			  json_pack("{s:s, s:s, s:s}", "what",
				    "call to agree the next move together", "due",
				    due, "type", "appointment"),
			  -1, -1, 0, &iid);
}

static int add_user(struct demo *dm, const char *email, const char *name,
		    const char *role, const char *team)
{
	struct fc_ctx *ctx = dm->ctx;
	struct demo_user *u;
	int64_t id = 0;
	int rc, created = 0;

	rc = db_query_int(ctx->db, &id, "SELECT id FROM users WHERE org_id = ? AND "
			  "lower(email) = lower(?)", "is", ctx->org_id, email);
	if (rc == FC_ENOTFOUND) {
		json_t *in = json_pack("{s:s, s:s, s:s}", "email", email, "name", name,
				       "role", role);
		if (team)
			json_object_set_new(in, "team", json_string(team));
		rc = record_create(ctx, &entity_user, in, NULL, &id, dm->err);
		json_decref(in);
		if (!rc && (rc = auth_set_password(ctx, email, DEMO_PASSWORD, dm->err)))
			return rc;
		created = 1;
	} else if (rc) {
		return db_error(ctx->db, dm->err);
	} else if (dm->fresh_org && !strcmp(email, "admin@demo.test")) {
		/* org_create made the admin, without a password */
		if ((rc = auth_set_password(ctx, email, DEMO_PASSWORD, dm->err)))
			return rc;
		created = 1;
	}
	if (rc)
		return rc;
	dm->users = xrealloc(dm->users, (size_t)(dm->nusers + 1) * sizeof(*dm->users));
	u = &dm->users[dm->nusers++];
	memset(u, 0, sizeof(*u));
	u->created = created;
	u->a.id = id;
	role_parse(role, &u->a.role);
	snprintf(u->a.email, sizeof(u->a.email), "%s", email);
	snprintf(u->a.name, sizeof(u->a.name), "%s", name);
	snprintf(u->a.team, sizeof(u->a.team), "%s", team ? team : "");
	return 0;
}

/* The services path's create of a generated account or contact: people
 * are made up from a few names, so two at one account may share one as
 * they do in life; the demo creates them as an import allowing duplicates
 * would, and `fulcrum duplicates` lists them. */
static int demo_record_create(struct demo *dm, const struct entity *e,
			      json_t *in, int64_t *id)
{
	json_t *go_on = json_copy(in);
	json_object_set_new(go_on, DUPLICATE_ALLOW_FIELD, json_true());
	int rc = record_create(dm->ctx, e, go_on, NULL, id, dm->err);
	json_decref(go_on);
	return rc;
}

static int setup_team(struct demo *dm)
{
	struct fc_ctx *ctx = dm->ctx;
	struct fc_actor admin = ctx->user;
	char email[64], name[96];
	int rc;

	if ((rc = add_user(dm, "admin@demo.test", "Demo Admin", "admin", NULL)) ||
	    (rc = add_user(dm, "manager@demo.test", "Morgan Reyes", "manager",
			   "north")))
		return rc;
	dm->first_rep = dm->nusers;
	/* rep3 (on the manager's team) is behind on the process */
	dm->behind = dm->nreps >= 3 ? dm->nusers + 2 : -1;
	for (int i = 0; i < dm->nreps; i++) {
		ctx->user = admin;
		snprintf(email, sizeof(email), "rep%d@demo.test", i + 1);
		snprintf(name, sizeof(name), "%s %s", first_names[i % 25],
			 last_names[(i * 7 + 3) % 24]);
		if ((rc = add_user(dm, email, name, "rep", i % 2 ? "south" : "north")))
			return rc;
	}
	ctx->user = admin;
	for (size_t i = 0; i < NOFFERINGS; i++) {
		int64_t id = 0;
		rc = db_query_int(ctx->db, &id, "SELECT id FROM offerings WHERE "
				  "org_id = ? AND name = ? ORDER BY id LIMIT 1", "is",
				  ctx->org_id, offerings[i].name);
		if (rc == FC_ENOTFOUND) {
			json_t *in = json_pack("{s:s, s:s, s:s, s:i}", "name",
					       offerings[i].name, "benefits",
					       offerings[i].benefits, "description",
					       offerings[i].description, "price",
					       offerings[i].price);
			rc = record_create(ctx, &entity_offering, in, NULL, &id, dm->err);
			json_decref(in);
			if (rc)
				return rc;
		} else if (rc) {
			return db_error(ctx->db, dm->err);
		}
		dm->offering_ids[i] = id;
	}
	return 0;
}

static int new_account(struct demo *dm, int owner)
{
	char name[128], domain[160];
	const char *a = PICK(&dm->r, name_a), *b = PICK(&dm->r, name_b);
	int64_t n = dm->accounts + 1;
	json_t *in;
	int rc;

	snprintf(name, sizeof(name), "%s %s %" PRId64, a, b, n);
	snprintf(domain, sizeof(domain), "%c%s-%s-%" PRId64 ".example", a[0] | 0x20,
		 a + 1, b, n);
	for (char *p = domain; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p | 0x20);
	act(dm, owner);
	in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "name", name, "domain",
		       domain, "industry", PICK(&dm->r, industries), "size",
		       PICK(&dm->r, sizes), "address", PICK(&dm->r, cities),
		       "owner_id", (json_int_t)dm->users[owner].a.id);
	rc = dm->bulk ? bulk_insert(&dm->bk, BT_ACCOUNTS, "account", in,
				    &dm->account_id, dm->err)
		      : demo_record_create(dm, &entity_account, in, &dm->account_id);
	json_decref(in);
	if (rc)
		return rc;
	dm->accounts++;
	dm->account_owner = owner;
	dm->account_left = (int)rng_range(&dm->r, 1, 3);
	dm->naccount_contacts = 0;
	return 0;
}

/* A contact of the current account. QUALIFIED: a need and a timing window
 * around T; otherwise no need or a window that opens later. */
static int new_contact(struct demo *dm, int64_t t, int qualified,
		       const char *source, int64_t *id)
{
	char name[96], email[200], phone[32], from[DATE_LEN], to[DATE_LEN];
	const char *fn = PICK(&dm->r, first_names), *ln = PICK(&dm->r, last_names);
	int32_t d = date_from_time(t);
	json_t *in;
	int rc;

	snprintf(name, sizeof(name), "%s %s", fn, ln);
	snprintf(email, sizeof(email), "%c%s.%" PRId64 "@customer.example",
		 fn[0] | 0x20, ln, dm->contacts + 1);
	for (char *p = email; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p | 0x20);
	snprintf(phone, sizeof(phone), "+33 1 %02d %02d %02d %02d",
		 (int)rng_range(&dm->r, 10, 99), (int)rng_range(&dm->r, 10, 99),
		 (int)rng_range(&dm->r, 10, 99), (int)rng_range(&dm->r, 10, 99));
	in = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:I}", "name", name, "email",
		       email, "phone", phone, "title", PICK(&dm->r, titles),
		       "account_id", (json_int_t)dm->account_id, "source", source,
		       "owner_id", (json_int_t)dm->users[dm->account_owner].a.id);
	if (qualified) {
		date_format(d - (int32_t)rng_range(&dm->r, 0, 30), from);
		date_format(d + (int32_t)rng_range(&dm->r, 120, 300), to);
		json_object_set_new(in, "need", json_string(PICK(&dm->r, needs)));
		json_object_set_new(in, "timing_from", json_string(from));
		json_object_set_new(in, "timing_to", json_string(to));
	} else if (rng_pct(&dm->r, 50)) {
		/* interested, but the timing is not right yet */
		date_format(d + (int32_t)rng_range(&dm->r, 60, 120), from);
		date_format(d + (int32_t)rng_range(&dm->r, 150, 300), to);
		json_object_set_new(in, "need", json_string(PICK(&dm->r, needs)));
		json_object_set_new(in, "timing_from", json_string(from));
		json_object_set_new(in, "timing_to", json_string(to));
	}
	act(dm, dm->account_owner);
	rc = dm->bulk ? bulk_insert(&dm->bk, BT_CONTACTS, "contact", in, id, dm->err)
		      : demo_record_create(dm, &entity_contact, in, id);
	json_decref(in);
	if (rc)
		return rc;
	dm->contacts++;
	if (dm->naccount_contacts < 4)
		dm->account_contacts[dm->naccount_contacts++] = *id;
	return 0;
}

enum outcome { OUT_OPEN, OUT_WON, OUT_LOST };

/* Where a deal's life is going, drawn before it starts. */
struct plan {
	enum outcome out;
	int target;	/* the step it stops at, or leaves won or lost */
	int untouched;	/* open in engage, its first call still to come */
	int skip_at;	/* the step whose habits it skips (-1: none) */
};

static void draw_plan(struct demo *dm, int qualified, struct plan *pl)
{
	int64_t roll = rng_range(&dm->r, 1, 100);
	pl->out = roll <= 40 ? OUT_OPEN : roll <= 72 ? OUT_WON : OUT_LOST;
	pl->target = pl->out == OUT_WON ? dm->agree_pos
				    : (int)rng_range(&dm->r, 0, dm->agree_pos);
	if (!qualified) {
		/* no need or no timing yet: it cannot leave engage (R2) */
		pl->out = OUT_OPEN;
		pl->target = 0;
	}
	pl->untouched = pl->out == OUT_OPEN && pl->target == 0 &&
			rng_pct(&dm->r, 30);
}

static int run_deal(struct demo *dm, int64_t t, int64_t contact,
		    const struct plan *pl, int64_t referral_from,
		    int64_t source_deal);

/* Who follows the process, deal by deal, and what follows from it
 * (docs/reports.md, coaching and adherence): the rep who is behind rushes
 * most deals past comfort (seven in ten), the others a few (one in
 * twelve). A deal rushed past comfort skips its habits there
 * (skip_habits()) and is lost more often: more than two wins in three
 * become losses, and its losses come in discover, where the missing
 * rapport shows; so the reports find that following the process pays, and
 * where the rep who is behind loses most. */
static void draw_habits(struct demo *dm, struct plan *pl)
{
	int comfort = -1;
	for (int i = 0; i < dm->proc->nsteps && comfort < 0; i++)
		if (dm->proc->steps[i].phase == PHASE_COMFORT)
			comfort = i;
	pl->skip_at = -1;
	if (comfort < 0 || pl->target <= comfort || pl->untouched ||
	    !rng_pct(&dm->r, dm->account_owner == dm->behind ? 70 : 8))
		return;
	pl->skip_at = comfort;
	if (pl->out == OUT_WON && rng_pct(&dm->r, 70))
		pl->out = OUT_LOST;
	if (pl->out == OUT_LOST)
		pl->target = comfort + 1;
}

static int discover_wants(struct demo *dm, int64_t deal, int64_t contact,
			  int64_t iid, int64_t *want_ids, int *nwants)
{
	static const char *const kinds[] = { "objective", "problem", "issue",
		"motivation", "criterion" };
	int n = 0, rc = 0;
	for (int k = 0; k < 5 && !rc; k++) {
		/* objective, problem and issue always: any default grouping holds */
		if (k >= 3 && !rng_pct(&dm->r, 60))
			continue;
		const char *text = k == 0 ? PICK(&dm->r, objectives)
				 : k == 1 ? PICK(&dm->r, problems)
				 : k == 2 ? PICK(&dm->r, issues)
				 : k == 3 ? PICK(&dm->r, motivations)
					  : PICK(&dm->r, criteria);
		json_t *in = json_pack("{s:I, s:I, s:I, s:s, s:s, s:I}", "deal_id",
				       (json_int_t)deal, "contact_id",
				       (json_int_t)contact, "interaction_id",
				       (json_int_t)iid, "kind", kinds[k], "text", text,
				       "importance", (json_int_t)rng_range(&dm->r, 2, 5));
		rc = dm->bulk ? bulk_want_add(&dm->bk, in, &want_ids[n], dm->err)
			      : want_add(dm->ctx, in, &want_ids[n], dm->err);
		json_decref(in);
		n += !rc;
	}
	dm->wants += n;
	*nwants = n;
	return rc;
}

static int present_fits(struct demo *dm, const int64_t *want_ids, int nwants)
{
	int rc = 0;
	for (int i = 0; i < nwants && !rc; i++) {
		int64_t id;
		json_t *in = json_pack("{s:I, s:I, s:s}", "want_id",
				       (json_int_t)want_ids[i], "offering_id",
				       (json_int_t)dm->offering_ids[rng_next(&dm->r) %
								     NOFFERINGS],
				       "how", PICK(&dm->r, fit_hows));
		rc = dm->bulk ? bulk_fit_add(&dm->bk, in, &id, dm->err)
			      : fit_add(dm->ctx, in, &id, dm->err);
		json_decref(in);
		dm->fits += !rc;
	}
	return rc;
}

/* After a good check: the customer refers someone, who becomes a deal. */
static int referral_deal(struct demo *dm, int64_t t, int64_t from_contact,
			 int64_t source_deal)
{
	int64_t contact;
	struct plan pl;
	int rc;
	if (dm->made >= dm->total || later(dm, &t, 1, 10))
		return 0;
	if ((rc = new_account(dm, dm->account_owner)) ||
	    (rc = new_contact(dm, t, 1, "referral", &contact)))
		return rc;
	draw_plan(dm, 1, &pl);
	/* one still open would have sat in its step for months: it went
	 * nowhere instead */
	if (pl.out == OUT_OPEN && t < dm->end - (pl.target * 7 + 30) * DAY) {
		pl.out = OUT_LOST;
		pl.untouched = 0;
	}
	draw_habits(dm, &pl);
	return run_deal(dm, t, contact, &pl, from_contact, source_deal);
}

/* The asks a good check opened on DEAL at T are answered within three
 * weeks: more business asked for, and (REFERRAL) most who give no
 * referral said so; those of the last weeks still wait on the agenda. */
static int answer_asks(struct demo *dm, int64_t deal, int owner, int64_t t,
		       int referral)
{
	int rc = 0;
	if (later(dm, &t, 3, 20))
		return 0;
	act(dm, owner);
	for (int k = 0; k < 2 && !rc; k++) {
		const char *kind = k ? "referral" : "expansion";
		int64_t ask = 0;
		if (k && (!referral || !rng_pct(&dm->r, 80)))
			break;
		if (dm->bulk) {
			rc = bulk_ask_done(&dm->bk, deal, kind, dm->err);
			continue;
		}
		rc = db_query_int(dm->ctx->db, &ask, "SELECT id FROM asks WHERE "
				  "org_id = ? AND deal_id = ? AND kind = ? AND "
				  "status = 'open' ORDER BY id LIMIT 1", "iis",
				  dm->ctx->org_id, deal, kind);
		rc = rc == FC_ENOTFOUND ? 0 : rc ? db_error(dm->ctx->db, dm->err)
						 : ask_done(dm->ctx, ask, dm->err);
	}
	return rc;
}

/* A low score at T is answered two days later by the owner's call to put
 * it right, which clears the recovery item; those of the last week still
 * wait on the agenda. */
static int recover(struct demo *dm, int64_t deal, int owner, int64_t t)
{
	int64_t at = time_from_date(date_from_time(t) + 2) + 10 * 3600, iid;
	int rc;
	if (at > dm->end - 7 * DAY)
		return 0;
	act(dm, owner);
	dm->ctx->now = at;
	json_t *in = json_pack("{s:s, s:I, s:s, s:s, s:b}", "kind", "call",
			       "deal_id", (json_int_t)deal, "purpose", "put the "
			       "delivery right", "notes", "listened, apologised "
			       "and agreed how it will be fixed", "agreement", 0);
	rc = dm->bulk ? bulk_interaction_log(&dm->bk, dm->proc, in, &iid, dm->err)
		     : interaction_log(dm->ctx, in, &iid, dm->err);
	json_decref(in);
	dm->interactions += !rc;
	return rc;
}

/* The periodic checks of the customer that fell due on DEAL (one pending
 * per account: check.h) were done on their day, content, but for those of
 * the last week, which wait on the agenda. */
static int periodic_checks(struct demo *dm, int64_t deal, int owner)
{
	for (int rc;;) {
		char due[DATE_LEN] = "";
		int32_t day;
		/* the bulk path knows the check's id: no index is needed */
		struct db_stmt *st = db_prepare(dm->ctx->db, dm->bulk ?
			"SELECT due FROM checks WHERE org_id = ? AND id = ? AND "
			"done_at IS NULL" : "SELECT due FROM checks WHERE org_id = ? "
			"AND deal_id = ? AND kind = 'periodic' AND done_at IS NULL");
		if (!st)
			return db_error(dm->ctx->db, dm->err);
		if (dm->bulk && !dm->bk.d.check_periodic) {
			db_done(st);
			return 0;
		}
		db_bindf(st, "ii", dm->ctx->org_id, dm->bulk ? dm->bk.d.check_id
							      : deal);
		if ((rc = db_step(st)) > 0)
			snprintf(due, sizeof(due), "%s", db_col_text(st, 0));
		db_done(st);
		if (rc < 0)
			return db_error(dm->ctx->db, dm->err);
		if (!due[0] || date_parse(due, &day))
			return 0;
		int64_t at = time_from_date(day) + 10 * 3600;
		if (at > dm->end - 7 * DAY)
			return 0;
		act(dm, owner);
		dm->ctx->now = at;
		const char *notes = "still content; nothing new to ask for";
		if ((rc = dm->bulk ? bulk_check(&dm->bk, dm->proc, deal, 3, notes,
						dm->err)
				   : check_add(dm->ctx, deal, 3, notes, NULL, dm->err)))
			return rc;
		dm->checks++;
	}
}

static int win_and_follow_up(struct demo *dm, int64_t deal, int64_t contact,
			     int owner, int64_t t)
{
	char delivered[DATE_LEN];
	int32_t dd;
	int rc, score;
	int64_t check_due, cid;

	if (later(dm, &t, 1, 5))
		return 0;
	dd = date_from_time(t) + (int32_t)rng_range(&dm->r, 3, 21);
	date_format(dd, delivered);
	if ((rc = dm->bulk ? bulk_win(&dm->bk, dm->proc, deal, delivered, dm->err)
			   : deal_win(dm->ctx, deal, delivered, 0, NULL, 0, dm->err)))
		return rc;
	dm->won++;
	dm->open--;
	check_due = time_from_date(dd + dm->proc->check_days);
	/* checks due this week wait on the agenda, older ones were done on
	 * time, but for some of this month's of the rep who is behind */
	if (check_due > dm->end - 7 * DAY ||
	    (owner == dm->behind && check_due > dm->end - 30 * DAY &&
	     rng_pct(&dm->r, 50)))
		return 0;
	t = check_due;
	if (later(dm, &t, 0, 3))
		return 0;
	int64_t roll = rng_range(&dm->r, 1, 100);
	score = roll <= 35 ? 5 : roll <= 70 ? 4 : roll <= 88 ? 3 : roll <= 96 ? 2 : 1;
	const char *notes = score >= 4 ? "happy with the delivery, would "
			    "recommend us" : "delivery was late; needs attention";
	if ((rc = dm->bulk ? bulk_check(&dm->bk, dm->proc, deal, score,
					      notes, dm->err)
			   : check_add(dm->ctx, deal, score, notes, &cid, dm->err)))
		return rc;
	dm->checks++;
	if (score <= CHECK_RECOVERY_SCORE && (rc = recover(dm, deal, owner, t)))
		return rc;
	int refer = 0;
	if (score >= 4) {
		refer = rng_pct(&dm->r, 45);
		if ((rc = answer_asks(dm, deal, owner, t, !refer)))
			return rc;
	}
	if ((rc = periodic_checks(dm, deal, owner)))
		return rc;
	if (refer)
		return referral_deal(dm, t, contact, deal);
	return 0;
}

/* The habits a rushed deal skips at its step: the rep marks the meeting
 * done without agreeing what comes next, a talk a few days later ends in
 * no agreement with no promise standing, and a manager (the admin) forces
 * the deal on. *STOP when history ends on the way. */
static int skip_habits(struct demo *dm, int64_t deal, int owner, int64_t *t,
		       int *stop)
{
	struct fc_ctx *ctx = dm->ctx;
	int64_t iid;
	int rc;
	act(dm, owner);
	if ((rc = dm->bulk ? bulk_next_step_done(&dm->bk, deal, dm->err)
			   : next_step_done(ctx, deal, dm->err)))
		return rc;
	if ((*stop = later(dm, t, 3, 10)))
		return 0;
	if ((rc = log_call(dm, deal, "call", "chase an answer", NULL, NULL, -1,
			   -1, &iid)))
		return rc;
	if ((*stop = later(dm, t, 0, 2)))
		return 0;
	act(dm, 0);
	struct advance_opts ao = { .force = 1, .reason = DEMO_RUSHED };
	rc = dm->bulk ? bulk_force(&dm->bk, dm->proc, deal, DEMO_RUSHED, dm->err)
		      : deal_advance(ctx, deal, &ao, dm->err);
	act(dm, owner);
	return rc;
}

/* *OPEN 1 when DEAL (the one being written) has an open next step. */
static int open_next_step(struct demo *dm, int64_t deal, int *open)
{
	if (dm->bulk) {
		*open = dm->bk.have_next && !strcmp(dm->bk.n.status, "open");
		return 0;
	}
	struct db_stmt *st = db_prepare(dm->ctx->db, "SELECT next_step_id IS NOT "
					"NULL FROM deals WHERE org_id = ? AND id = ?");
	if (!st)
		return db_error(dm->ctx->db, dm->err);
	db_bindf(st, "ii", dm->ctx->org_id, deal);
	int rc = db_step(st);
	*open = rc > 0 && db_col_int(st, 0);
	db_done(st);
	return rc < 0 ? db_error(dm->ctx->db, dm->err) : 0;
}

/* One deal's life from T: created, moved step by step towards its drawn
 * outcome, stopping wherever "now" is reached. */
static int run_deal(struct demo *dm, int64_t t, int64_t contact,
		    const struct plan *pl, int64_t referral_from,
		    int64_t source_deal)
{
	struct fc_ctx *ctx = dm->ctx;
	const struct process *p = dm->proc;
	int owner = dm->account_owner;
	int64_t deal = 0, iid = 0, want_ids[8];
	int nwants = 0, rc, target = pl->target;
	enum outcome out = pl->out;
	char close[DATE_LEN], title[200], first_due[DATE_LEN];

	if (pl->untouched) {
		/* opened lately: its first call is the promise of the story */
		int32_t dd = story_due(dm, owner);
		int64_t at = story_time(dm, dd);
		if (at > t)
			t = at;
		else
			dd = date_from_time(t) + (int32_t)rng_range(&dm->r, 1, 7);
		date_format(dd, first_due);
	} else {
		date_format(date_from_time(t) + (int32_t)rng_range(&dm->r, 1, 7),
			    first_due);
	}
	act(dm, owner);
	ctx->now = t;
	day_str(t + rng_range(&dm->r, 45, 150) * DAY, close);
	snprintf(title, sizeof(title), "%s for %s", offerings[rng_next(&dm->r) %
		 NOFFERINGS].name, PICK(&dm->r, name_b));
	json_t *in = json_pack("{s:s, s:I, s:I, s:I, s:s, s:s, s:I, s:o}", "title",
			       title, "account_id", (json_int_t)dm->account_id,
			       "contact_id", (json_int_t)contact, "value",
			       (json_int_t)(rng_range(&dm->r, 2, 120) * 500), "currency",
			       "USD", "close_date", close, "owner_id",
			       (json_int_t)dm->users[owner].a.id, "next_step",
			       json_pack("{s:s, s:s, s:s}", "what",
					 "first call to hear what they need", "due",
					 first_due, "type", "appointment"));
	rc = dm->bulk ? bulk_deal_create(&dm->bk, p, in, &deal, dm->err)
		      : deal_create(ctx, in, &deal, dm->err);
	json_decref(in);
	if (rc)
		return rc;
	dm->made++;
	dm->open++;
	if (referral_from) {
		in = json_pack("{s:I, s:I, s:I, s:I}", "from_contact_id",
			       (json_int_t)referral_from, "contact_id",
			       (json_int_t)contact, "deal_id", (json_int_t)deal,
			       "source_deal_id", (json_int_t)source_deal);
		int64_t rid;
		rc = dm->bulk ? bulk_referral_add(&dm->bk, in, &rid, dm->err)
			      : referral_add(ctx, in, &rid, dm->err);
		json_decref(in);
		if (rc)
			return rc;
		dm->referrals++;
	}
	/* colleagues met at the same account join as stakeholders */
	for (int i = 0; i < dm->naccount_contacts; i++) {
		int64_t c = dm->account_contacts[i];
		const char *role = c == contact ? "champion" : PICK(&dm->r, roles_stake);
		if ((rc = dm->bulk ? bulk_stakeholder_set(&dm->bk, deal, c, role, dm->err)
				   : deal_stakeholder_set(ctx, deal, c, role, dm->err)))
			return rc;
	}

	int pos = 0;
	for (;;) {
		const struct step *s = &p->steps[pos];
		int stop = 0;
		switch (s->phase) {
		case PHASE_ENGAGE:
			if (pl->untouched)
				break;	/* not reached yet */
			if ((stop = later(dm, &t, 1, 6)))
				break;
			rc = log_call(dm, deal, "call", "qualify the need",
				      "meeting to get to know the team", "appointment",
				      -1, -1, &iid);
			break;
		case PHASE_COMFORT:
			/* some customers write in between: a reactive touch */
			if (rng_pct(&dm->r, 30)) {
				if ((stop = later(dm, &t, 1, 4)))
					break;
				if ((rc = log_call(dm, deal, "email", "answer a question",
						   NULL, NULL, -1, 0, &iid)))
					break;
			}
			if ((stop = later(dm, &t, 2, 8)))
				break;
			rc = log_call(dm, deal, PICK(&dm->r, kinds_call),
				      "build the relationship",
				      "discovery session with the team", "appointment",
				      pos == pl->skip_at || (pos == target &&
				      out == OUT_OPEN && rng_pct(&dm->r, 40)) ? 2 :
				      (int)rng_range(&dm->r, 3, 5),
				      -1, &iid);
			break;
		case PHASE_DISCOVER:
			if ((stop = later(dm, &t, 2, 10)))
				break;
			if ((rc = log_call(dm, deal, "meeting", "find out what they want",
					   "demo of the parts that matter to them", "demo",
					   -1, -1, &iid)))
				break;
			if (pos == target && out == OUT_OPEN && rng_pct(&dm->r, 30))
				break;	/* wants not recorded yet: blocked */
			rc = discover_wants(dm, deal, contact, iid, want_ids, &nwants);
			break;
		case PHASE_PRESENT:
			if ((stop = later(dm, &t, 2, 10)))
				break;
			if (!(pos == target && out == OUT_OPEN && rng_pct(&dm->r, 30)) &&
			    (rc = present_fits(dm, want_ids, nwants)))
				break;
			rc = log_call(dm, deal, "meeting", "show how it gives them what "
				      "they want", "proposal review with the buyer",
				      "proposal", -1, -1, &iid);
			break;
		case PHASE_AGREE:
			if ((stop = later(dm, &t, 3, 12)))
				break;
			if (pos == target && out == OUT_OPEN && rng_pct(&dm->r, 50)) {
				/* still waiting for their answer */
				rc = log_call(dm, deal, "call", "ask for the commitment",
					      NULL, NULL, -1, -1, &iid);
				break;
			}
			/* a deal to be won gets the customer's order here */
			if (out == OUT_WON)
				rc = log_agreed(dm, deal, "meeting", "ask for the order",
						next_spec(dm, dm->ctx->now, "kick off the "
							  "delivery", "follow-up", 2, 14),
						-1, -1, 1, &iid);
			else
				rc = log_call(dm, deal, "meeting", "ask for the commitment",
					      "committee review of the proposal",
					      "committee", -1, -1, &iid);
			break;
		default:
			break;
		}
		if (rc)
			return rc;
		if (stop)
			goto still_open;	/* history ends here, at this step */
		if (pos >= target)
			break;
		if (later(dm, &t, 0, 2))
			goto still_open;
		if (pos == pl->skip_at) {
			if ((rc = skip_habits(dm, deal, owner, &t, &stop)))
				return rc;
			if (stop)
				goto still_open;
			pos++;
			continue;
		}
		struct advance_opts ao = { 0 };
		if ((rc = dm->bulk ? bulk_advance(&dm->bk, p, deal, dm->err)
				   : deal_advance(ctx, deal, &ao, dm->err)))
			return rc;
		pos++;
	}
	if (out == OUT_WON) {
		int64_t won = dm->won;
		if ((rc = win_and_follow_up(dm, deal, contact, owner, t)) ||
		    dm->won > won)
			return rc;
		goto still_open;	/* history ended before the win */
	}
	if (out == OUT_LOST) {
		if (later(dm, &t, 2, 20))
			goto still_open;
		const char *why = PICK(&dm->r, lost_reasons);
		if (!strcmp(why, DEMO_NOT_NOW)) {
			/* no sale was possible this year: disqualified, so the
			 * win rate is not charged with it */
			if ((rc = dm->bulk ? bulk_disqualify(&dm->bk, deal,
					"wrong_timing", DEMO_NOT_NOW, dm->err)
					   : deal_disqualify(ctx, deal, "wrong_timing",
					DEMO_NOT_NOW, 0, dm->err)))
				return rc;
			dm->disqualified++;
			dm->open--;
			return 0;
		}
		if ((rc = dm->bulk ? bulk_lose(&dm->bk, deal, why, dm->err)
				   : deal_lose(ctx, deal, why, 0, dm->err)))
			return rc;
		dm->lost++;
		dm->open--;
		return 0;
	}
still_open:
	if (pl->untouched)
		return 0;
	if ((rc = last_touch(dm, deal, owner, &t)))
		return rc;
	/* a few open deals lose their next step: R1 puts them on the agenda;
	 * more of those of the rep who is behind */
	if (rng_pct(&dm->r, owner == dm->behind ? 20 : 4)) {
		act(dm, owner);
		if (later(dm, &t, 0, 3))
			return 0;
		int open;
		if ((rc = open_next_step(dm, deal, &open)) || !open)
			return rc;	/* a rushed deal's skipped habits left none */
		return dm->bulk ? bulk_next_step_done(&dm->bk, deal, dm->err)
				: next_step_done(ctx, deal, dm->err);
	}
	return 0;
}

static int one_deal(struct demo *dm)
{
	int64_t t, contact, days;
	int rc, owner;
	struct plan pl;

	if (dm->account_left <= 0) {
		owner = dm->first_rep + (int)((dm->accounts) % dm->nreps);
		if ((rc = new_account(dm, owner)))
			return rc;
	}
	dm->account_left--;
	int qualified = !rng_pct(&dm->r, 5);
	draw_plan(dm, qualified, &pl);
	draw_habits(dm, &pl);
	/* Closed deals spread over the whole year. Open ones began about as
	 * long ago as reaching their step takes (a week a step), so few sit
	 * past their step's stall limit; more of the rep who is behind do. */
	if (pl.out != OUT_OPEN)
		days = rng_range(&dm->r, 45, HISTORY_DAYS);
	else if (dm->account_owner == dm->behind)
		days = pl.target * 7 + rng_range(&dm->r, 6, 30);
	else
		days = pl.target * 7 + rng_range(&dm->r, 2, 12);
	t = dm->end - days * DAY;
	dm->ctx->now = t;
	if ((rc = new_contact(dm, t, qualified, PICK(&dm->r, sources), &contact)))
		return rc;
	/* now and then someone qualified is met but no deal is opened yet */
	if (rng_pct(&dm->r, 4)) {
		int64_t extra;
		if ((rc = new_contact(dm, dm->end - rng_range(&dm->r, 1, 20) * DAY, 1,
				      "event", &extra)))
			return rc;
	}
	return run_deal(dm, t, contact, &pl, 0, 0);
}

static int find_agree(struct demo *dm)
{
	dm->agree_pos = -1;
	for (int i = 0; i < dm->proc->nsteps; i++)
		if (dm->proc->steps[i].phase == PHASE_AGREE && dm->agree_pos < 0)
			dm->agree_pos = i;
	for (int i = 0; i < dm->agree_pos; i++)
		if (dm->proc->steps[i].phase > PHASE_AGREE)
			dm->agree_pos = -1;
	if (dm->agree_pos < 0)
		return fc_fail(dm->err, FC_EINVAL, "process", "the default process "
			       "'%s' has no agree step before follow-up",
			       dm->proc->key);
	return 0;
}

static json_t *summary_json(struct demo *dm, const char *org, uint64_t seed)
{
	json_t *users = json_array();
	for (int i = 0; i < dm->nusers; i++) {
		const struct fc_actor *a = &dm->users[i].a;
		json_t *u = json_pack("{s:s, s:s, s:s, s:b}", "email", a->email, "name",
				      a->name, "role", role_name(a->role), "new",
				      dm->users[i].created);
		json_object_set_new(u, "team", a->team[0] ? json_string(a->team)
							  : json_null());
		json_array_append_new(users, u);
	}
	return json_pack("{s:s, s:I, s:I, s:I, s:s, s:s, s:o, s:{s:I, s:I, s:I, s:I,"
			 " s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}}",
			 "org", org, "org_id", (json_int_t)dm->ctx->org_id, "seed",
			 (json_int_t)seed, "deals", (json_int_t)dm->made,
			 "password", DEMO_PASSWORD, "path",
			 dm->bulk ? "bulk" : "services", "users", users, "counts",
			 "accounts", (json_int_t)dm->accounts,
			 "contacts", (json_int_t)dm->contacts,
			 "deals_open", (json_int_t)dm->open,
			 "deals_won", (json_int_t)dm->won,
			 "deals_lost", (json_int_t)dm->lost,
			 "deals_disqualified", (json_int_t)dm->disqualified,
			 "interactions", (json_int_t)dm->interactions,
			 "wants", (json_int_t)dm->wants,
			 "fits", (json_int_t)dm->fits,
			 "checks", (json_int_t)dm->checks,
			 "referrals", (json_int_t)dm->referrals,
			 "line_items", (json_int_t)dm->line_items,
			 "proposals", (json_int_t)dm->proposals,
			 "reps", (json_int_t)dm->nreps);
}

int demo_generate(struct fc_ctx *ctx, const struct demo_opts *o,
		  json_t **summary, struct fc_error *err)
{
	struct demo dm;
	struct fc_actor saved_user = ctx->user;
	int64_t saved_org = ctx->org_id, saved_now = ctx->now, org = 0;
	char org_name[256] = "Demo Company";
	int rc, in_tx = 0, bulk_opened = 0;
	struct phase_time pt;

	memset(&dm, 0, sizeof(dm));
	phase_time_start(&pt);
	*summary = NULL;
	if (o->deals < 1 || o->deals > DEMO_DEALS_MAX)
		return fc_fail(err, FC_EINVAL, "deals", "'deals' must be between 1 and "
			       "%d", DEMO_DEALS_MAX);
	dm.ctx = ctx;
	dm.err = err;
	dm.r.s = o->seed;
	dm.end = ctx->now;
	dm.total = o->deals;
	dm.nreps = (int)((o->deals + DEMO_DEALS_PER_REP - 1) / DEMO_DEALS_PER_REP);
	if (dm.nreps < DEMO_REPS_MIN)
		dm.nreps = DEMO_REPS_MIN;

	/* the organisation and its history start a year before now */
	ctx->now = dm.end - HISTORY_DAYS * DAY - 7 * DAY;
	rc = db_query_int(ctx->db, &org, "SELECT id FROM orgs ORDER BY id LIMIT 1", "");
	if (rc == FC_ENOTFOUND) {
		struct org_init oi = { "Demo Company", "admin@demo.test", "Demo Admin" };
		if ((rc = org_create(ctx, &oi, err)))
			goto out;
		dm.fresh_org = 1;
	} else if (rc) {
		rc = db_error(ctx->db, err);
		goto out;
	} else {
		struct db_stmt *st;
		if ((rc = ctx_act_as(ctx, NULL, err)))
			goto out;
		st = db_prepare(ctx->db, "SELECT name FROM orgs WHERE id = ?");
		if (st) {
			db_bind_int(st, 1, ctx->org_id);
			if (db_step(st) > 0)
				snprintf(org_name, sizeof(org_name), "%s", db_col_text(st, 0));
			db_done(st);
		}
	}
	if ((rc = process_load(ctx, 0, &dm.proc, err)) || (rc = find_agree(&dm)))
		goto out;
	if ((rc = setup_team(&dm)))
		goto out;
	phase_time_end(&pt, "team");

	/* the fast path writes SQLite rows directly; elsewhere the services */
	dm.bulk = o->path == DEMO_PATH_BULK ||
		  (o->path == DEMO_PATH_AUTO && o->deals > DEMO_BULK_FROM &&
		   db_dialect(ctx->db) == DB_SQLITE);
	if (dm.bulk) {
		bulk_opened = 1;
		if ((rc = bulk_open(&dm.bk, ctx, dm.fresh_org, err)))
			goto out;
	}
	/* the bulk path loads in one transaction, its indexes set aside and
	 * built at the end (all or nothing); the services commit each batch */
	int64_t batch = o->batch > 0 ? o->batch : dm.bulk ? 50000 : 2000;
	if (dm.bulk) {
		if ((rc = db_begin(ctx->db, 1))) {
			rc = db_error(ctx->db, err);
			goto out;
		}
		in_tx = 1;
		if ((rc = bulk_indexes_drop(&dm.bk, err)))
			goto out;
	}
	while (dm.made < dm.total) {
		if (!dm.bulk) {
			if ((rc = db_begin(ctx->db, 1))) {
				rc = db_error(ctx->db, err);
				goto out;
			}
			in_tx = 1;
		}
		if (dm.bulk && (rc = bulk_batch_begin(&dm.bk, err)))
			goto out;
		int64_t stop = dm.made + batch;
		while (dm.made < dm.total && dm.made < stop)
			if ((rc = one_deal(&dm)))
				goto out;
		if (dm.bulk && (rc = bulk_batch_end(&dm.bk, err)))
			goto out;
		if (!dm.bulk) {
			in_tx = 0;
			if ((rc = db_commit(ctx->db))) {
				rc = db_error(ctx->db, err);
				goto out;
			}
		}
		if (o->progress)
			o->progress(o->progress_arg, dm.made, dm.total);
	}
	if (dm.bulk) {
		/* The bulk path wrote deal_steps itself, and the other rows
		 * with the rollups' and the search's triggers set aside: sum
		 * the report rollups and index the records from the rows
		 * once, with the indexes back, and write the contacts' and
		 * accounts' duplicate keys. */
		phase_time_end(&pt, "rows and events");
		if ((rc = bulk_indexes_build(&dm.bk, err)))
			goto out;
		phase_time_end(&pt, "indexes");
		if ((rc = history_rebuild_aggregates(ctx, err)))
			goto out;
		phase_time_end(&pt, "report rollups");
		if ((rc = history_rebuild_activity(ctx, err)))
			goto out;
		phase_time_end(&pt, "activity rollups");
		if ((rc = search_rebuild(ctx, err)))
			goto out;
		phase_time_end(&pt, "search index");
		if ((rc = duplicate_keys_rebuild(ctx, err)) ||
		    (rc = bulk_triggers_build(&dm.bk, err)))
			goto out;
		phase_time_end(&pt, "duplicate keys");
		in_tx = 0;
		if ((rc = db_commit(ctx->db))) {
			rc = db_error(ctx->db, err);
			goto out;
		}
		phase_time_end(&pt, "commit");
	} else {
		phase_time_end(&pt, "deals (services)");
	}
	/* the promises the story let slip past their grace days are in the
	 * history as missed, as the daily sweep records them (promise.h) */
	ctx->now = dm.end;
	if ((rc = promise_sweep_missed(ctx, NULL, err)))
		goto out;
	/* step 4 in full on a few deals, the same by either path */
	if ((rc = demo_proposals(ctx, &dm.line_items, &dm.proposals, err)))
		goto out;
	phase_time_end(&pt, "sweep and proposals");
	*summary = summary_json(&dm, org_name, o->seed);
out:
	if (in_tx)
		db_rollback(ctx->db);
	if (bulk_opened)
		bulk_close(&dm.bk);
	process_free(dm.proc);
	free(dm.users);
	ctx->now = saved_now;
	if (saved_org) {
		ctx->user = saved_user;
		ctx->org_id = saved_org;
	} else if (!rc) {
		/* a fresh database: leave the caller acting as the demo admin */
		rc = ctx_act_as(ctx, "admin@demo.test", err);
	}
	return rc;
}
