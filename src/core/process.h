/* Processes and their steps (SPEC.md §1): the default six-step process with
 * its guidance, custom processes mapped to the six phases, their exit
 * criteria, and the JSON form used by `process export|import` and the API. */
#ifndef FC_CORE_PROCESS_H
#define FC_CORE_PROCESS_H

#include <jansson.h>

#include "core/ctx.h"

enum phase {
	PHASE_ENGAGE, PHASE_COMFORT, PHASE_DISCOVER, PHASE_PRESENT,
	PHASE_AGREE, PHASE_FOLLOW_UP, PHASE_COUNT
};

/* A step's exit criteria, from the step's "criteria" JSON object. Which
 * of them apply depends on the step's phase. */
struct step_criteria {
	int need;		/* engage: a recorded need or interest */
	int timing;		/* engage: a timing window that includes today */
	int comfort_min;	/* comfort: contact comfort >= this (default 3) */
	/* discover: each group must have a want of one of its kinds.
	 * Groups are '|'-separated kind lists, e.g. "objective", "problem|issue". */
	char want_groups[4][64];
	int want_group_count;
	int fit_importance;	/* present: wants at least this important need a fit */
	int agreement;		/* agree: an interaction with an agreement in step */
	int check_done;		/* follow_up: the satisfaction check is done */
	/* engage (any step may): a stakeholder with this role, one of
	 * deal_stakeholder_roles, e.g. "decision_maker" or "problem_owner";
	 * "" for none */
	char stakeholder_role[32];
};

/* The longest key of a process or a step, in bytes. */
#define PROCESS_KEY_MAX 63
/* A process's grace period for promises: the default and the bound. */
#define PROCESS_GRACE_DEFAULT 2
#define PROCESS_GRACE_MAX 90

struct step {
	int64_t id;
	int position;		/* 0-based order in its process */
	char key[PROCESS_KEY_MAX + 1];
	char name[128];
	enum phase phase;
	char *goal;		/* heap */
	char *guidance;		/* heap */
	struct step_criteria criteria;
	int probability;	/* percent, 0..100 */
	int stall_days;
};

/* Periodic satisfaction checks of active customers: every N months after
 * the last check, by default 6; 0 turns them off. */
#define PROCESS_CHECK_MONTHS_DEFAULT 6
#define PROCESS_CHECK_MONTHS_MAX 60

struct process {
	int64_t id;
	char key[PROCESS_KEY_MAX + 1];
	char name[128];
	int check_days;		/* R4: days after delivery for the check */
	int no_fit_days;	/* wants without any fit this long: the agenda's
				 * disqualification candidate (default 14) */
	int check_every_months;	/* periodic checks of customers; 0: none */
	int grace_days;		/* a promise this many days past due is missed */
	struct step *steps;
	int nsteps;
};

const char *phase_key(enum phase p);
int phase_parse(const char *s, enum phase *p);

/* Loads process ID (or, with ID 0, the organisation's default); the caller
 * frees *OUT with process_free(). */
int process_load(struct fc_ctx *ctx, int64_t id, struct process **out,
		 struct fc_error *err);
int process_load_by_key(struct fc_ctx *ctx, const char *key,
			struct process **out, struct fc_error *err);
void process_free(struct process *p);
/* The id of the process with KEY in ctx's organisation; FC_ENOTFOUND
 * ("no process 'KEY'") when there is none. */
int process_id_find(struct fc_ctx *ctx, const char *key, int64_t *id,
		    struct fc_error *err);
/* The step with KEY, or NULL. */
const struct step *process_step(const struct process *p, const char *key);

/* Creates the default six-step process for ctx->org_id. */
int process_create_default(struct fc_ctx *ctx, struct fc_error *err);

/* The process as JSON: {"key","name","check_days","no_fit_days",
 * "check_every_months","grace_days","steps":[{key,name,phase,
 * goal,guidance,criteria:{...},probability,stall_days}]}. */
json_t *process_to_json(const struct process *p);
/* Creates or replaces (by key) a process from its JSON form; admin only.
 * Deals standing on a removed step block the replace. */
int process_import(struct fc_ctx *ctx, json_t *in, int64_t *id,
		   struct fc_error *err);
int process_export(struct fc_ctx *ctx, const char *key, json_t **out,
		   struct fc_error *err);
/* [{process JSON}, ...] for every process of the org. */
int process_list(struct fc_ctx *ctx, json_t **out, struct fc_error *err);

#endif
