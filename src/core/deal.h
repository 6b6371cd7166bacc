/* Deals and the process rules that move them (SPEC.md §1, R1-R6). Every
 * function runs in one transaction, checks access, and records history.
 * Inputs and outputs are JSON records (see record.h). Refusals return
 * FC_ERULE with err->rule one of: "next-step-required" (R1),
 * "exit-criteria" (R2), "fulcrum" (R3), "follow-up" (R4), "leverage" (R5),
 * "line-items" (a deal's value while its line items set it),
 * "order-required" (a win needs the order). */
#ifndef FC_CORE_DEAL_H
#define FC_CORE_DEAL_H

#include <jansson.h>

#include "core/ctx.h"
#include "util/buf.h"

/* IN: title, account_id, contact_id, value, currency, close_date, owner_id,
 * process (key) or process_id, and "next_step": {"what","due","type"} (R1:
 * required); referral_id: the referral that produced it (the rule of
 * referral_link, referral.h). The deal starts at the process's first step. */
int deal_create(struct fc_ctx *ctx, json_t *in, int64_t *id,
		struct fc_error *err);
/* Plain field edits (title, value, close date, owner, contact...). Step and
 * status change only through the functions below. While the deal has line
 * items its value and currency are theirs (core/line-item.h): a change of
 * either is refused with rule "line-items". */
int deal_update(struct fc_ctx *ctx, int64_t id, json_t *patch,
		int64_t if_version, struct fc_error *err);

/* The one bound on a reason a deal move records (a forced move's, a forced
 * win's, a loss's), whoever writes it: CLI, API or import. */
#define DEAL_REASON_MAX 500
/* 0 when REASON (may be NULL) is within DEAL_REASON_MAX, else FC_EINVAL. */
int deal_reason_check(const char *reason, struct fc_error *err);

struct advance_opts {
	const char *to;		/* target step key; NULL: the next step */
	int force;		/* managers and admins: skip R2 (not R3) */
	const char *reason;	/* required with force */
	int64_t if_version;	/* 0: no check */
};
int deal_advance(struct fc_ctx *ctx, int64_t id, const struct advance_opts *o,
		 struct fc_error *err);
/* Won: needs the deal in its agree phase with an agreement (R2) and the
 * customer's order, an agreement of type "order" recorded in that step
 * ("order-required"), unless a manager forces it with a reason; forced or
 * not, a win needs recorded wants (R3, "fulcrum"). Moves the deal to the
 * follow-up step and schedules the satisfaction check at DELIVERED
 * (default today) + the process's check days (R4). */
int deal_win(struct fc_ctx *ctx, int64_t id, const char *delivered,
	     int force, const char *reason, int64_t if_version,
	     struct fc_error *err);
int deal_lose(struct fc_ctx *ctx, int64_t id, const char *reason,
	      int64_t if_version, struct fc_error *err);
/* Disqualified, not lost: the sale was never possible (wrong person, no
 * need, wrong timing, or nothing we have gives them what they want), for
 * REASON, one of engage_disqualify_reasons (core/engage.h), with an
 * optional NOTE (at most DEAL_REASON_MAX bytes). Only an open deal
 * (FC_ECONFLICT otherwise); its next step is closed, its status
 * becomes "disqualified" and a "disqualified" event records the reason and
 * note. Reports keep such deals apart: neither open nor lost, outside the
 * win rate. deal_reopen() opens it again. */
int deal_disqualify(struct fc_ctx *ctx, int64_t id, const char *reason,
		    const char *note, int64_t if_version, struct fc_error *err);
/* Back to open at the step it stood on; needs a new next step afterwards
 * (it shows on the agenda until it gets one). */
int deal_reopen(struct fc_ctx *ctx, int64_t id, int64_t if_version,
		struct fc_error *err);
/* The deal with its step, next step, wants, fits, stakeholders and exit
 * checklist: {"...record...", "next_step": {...}|null, "checklist":
 * [{"item","done"}], "ready": bool}. */
int deal_show(struct fc_ctx *ctx, int64_t id, json_t **out,
	      struct fc_error *err);
/* The same written as JSON text into OUT (the API's answer, byte for byte
 * what the object dumps to), and the deal's *VERSION for its ETag. */
int deal_show_write(struct fc_ctx *ctx, int64_t id, struct buf *out,
		    int64_t *version, struct fc_error *err);
/* [{id, at, actor_id, actor, entity, entity_id, action, from_step,
 * to_step, reason, data}] oldest first: the deal's own events, and with
 * RELATED those of its wants, fits, next steps, interactions and the
 * referrals it gave too (the web timeline's "everything that happened"). */
int deal_history(struct fc_ctx *ctx, int64_t id, int related, json_t **out,
		 struct fc_error *err);

/* The roles a stakeholder may have, ended by NULL. "problem_owner" is the
 * person who owns the problem (the person with the need): step 1 looks for
 * them; a step's exit criteria may require a role ("stakeholder_role"). */
extern const char *const deal_stakeholder_roles[];
/* The same roles as "a|b|...", for messages and help. */
extern const char deal_stakeholder_role_list[];
/* How people read ROLE: "a decision maker", ... */
const char *deal_stakeholder_role_words(const char *role);
/* Stakeholders: role is one of deal_stakeholder_roles. */
int deal_stakeholder_set(struct fc_ctx *ctx, int64_t deal_id,
			 int64_t contact_id, const char *role,
			 struct fc_error *err);
int deal_stakeholder_remove(struct fc_ctx *ctx, int64_t deal_id,
			    int64_t contact_id, struct fc_error *err);

#endif
