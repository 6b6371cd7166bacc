/* Shared inside core between the deal service and the services of what is
 * recorded around a deal (next-step.c, interaction.c, ...): the deal's state
 * as rules need it, and the one place a next step is written. */
#ifndef FC_CORE_DEAL_INTERNAL_H
#define FC_CORE_DEAL_INTERNAL_H

#include <jansson.h>

#include "core/ctx.h"
#include "core/process.h"

struct deal_state {
	int64_t id, process_id, contact_id, owner_id, account_id, version;
	int64_t next_step_id, value_minor;
	char step[64];
	char status[16];	/* open, won, lost or disqualified */
	char step_entered_at[24];
	char title[204];
	struct process *process;
	const struct step *cur;	/* in process */
};

/* Loads deal ID with access checked (WRITE: may change it, and its row is
 * locked on PostgreSQL). Release with deal_state_release even on error. */
int deal_state_load(struct fc_ctx *ctx, int64_t id, int write,
		    struct deal_state *d, struct fc_error *err);
/* The same from REC, the deal as record_get() read it (access checked
 * there): a read that has the record already reads no row twice. */
int deal_state_of_record(struct fc_ctx *ctx, json_t *rec,
			 struct deal_state *d, struct fc_error *err);
void deal_state_release(struct deal_state *d);

/* Evaluates step S's exit criteria against deal D. Returns 0 or a store
 * error (db->errmsg); *READY, ITEMS (may be NULL), MISSING as in deal.h. */
int deal_state_criteria(struct fc_ctx *ctx, const struct deal_state *d,
			const struct step *s, int *ready, json_t *items,
			char *missing, size_t mlen);

/* The exit criteria of many deals at once (deal-criteria.c): what they
 * read is loaded for all of them in a few queries, then each is judged as
 * deal_state_criteria() judges one. */
struct criteria_deal {
	int64_t deal_id, contact_id;
	const struct step *step;	/* whose criteria: borrowed */
	char entered_at[24];		/* the deal's step_entered_at */
};
struct deal_criteria;

/* Loads the facts of IN (N deals; IN stays the caller's and must outlive
 * *OUT). Returns 0 or a store error (db->errmsg); free *OUT with
 * deal_criteria_free(). */
int deal_criteria_load(struct fc_ctx *ctx, const struct criteria_deal *in,
		       int n, struct deal_criteria **out);
void deal_criteria_free(struct deal_criteria *dc);

/* Judges deal I of DC against its step's exit criteria: *READY, ITEMS
 * (may be NULL), MISSING as in deal.h. */
void deal_criteria_judge(struct fc_ctx *ctx, const struct deal_criteria *dc,
			 int i, int *ready, json_t *items, char *missing,
			 size_t mlen);

/* 1 when deal I of DC has a stakeholder with ROLE (its step's criteria
 * must name a role for the stakeholders to be loaded), else 0. */
int deal_criteria_has_role(const struct deal_criteria *dc, int i,
			   const char *role);

/* Validates SPEC {what, due, type} and makes it deal D's current next
 * step; the previous open one is marked done. */
int next_step_write(struct fc_ctx *ctx, const struct deal_state *d,
		    int64_t contact_id, json_t *spec, int64_t interaction_id,
		    int64_t *id, struct fc_error *err);

/* Marks deal DEAL_ID's open next step done (the one place that does);
 * *CLOSED (may be NULL) gets how many were open. The deal's next_step_id
 * is the caller's to change. */
int next_step_close_open(struct fc_ctx *ctx, int64_t deal_id, int64_t *closed,
			 struct fc_error *err);

/* A won deal's effects beyond its own row (R4), for every writer of a win:
 * the account becomes a customer, the referral the deal came from is won,
 * and the satisfaction check falls due CHECK_DAYS after DELIVERED. */
struct deal_won {
	int64_t deal_id, account_id, owner_id;
	int64_t check_id;	/* the check's id, or 0 for the database to pick */
	int32_t delivered;	/* day number of the delivery */
	int check_days;		/* the process's check_days */
	const char *now;	/* the timestamp written */
};
int deal_won_effects(struct fc_ctx *ctx, const struct deal_won *w,
		     struct fc_error *err);

/* The referral deal DEAL_ID came from follows its outcome: STATUS is "won"
 * or "lost". */
int deal_referral_follow(struct fc_ctx *ctx, int64_t deal_id,
			 const char *status, const char *now,
			 struct fc_error *err);

#endif
