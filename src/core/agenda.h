/* The agenda (SPEC.md §3): what one user should do next, and why, ranked
 * by a deterministic score that --explain prints. */
#ifndef FC_CORE_AGENDA_H
#define FC_CORE_AGENDA_H

#include <jansson.h>

#include "core/ctx.h"

enum agenda_kind {
	AGENDA_PROMISE,		/* agreed next step due today or overdue */
	AGENDA_NO_NEXT_STEP,	/* open deal without a next step (R1) */
	AGENDA_CHECK,		/* satisfaction check due (R4) */
	AGENDA_REFERRAL_ASK,	/* R5 */
	AGENDA_EXPANSION_ASK,	/* R5 */
	AGENDA_STALLED,		/* past the step's stall limit */
	AGENDA_READY,		/* exit criteria hold: advance it */
	AGENDA_BLOCKED,		/* in step a while, criteria missing */
	AGENDA_ENGAGE,		/* qualified contact, timing open, no deal */
	AGENDA_MISSING_PERSON,	/* the step needs a stakeholder role nobody has */
	AGENDA_NO_FIT,		/* wants without any fit too long: disqualify? */
	AGENDA_RECOVERY,	/* a low satisfaction score to recover (check.h) */
	AGENDA_KIND_COUNT
};

/* Items of ctx->user's agenda (a manager's covers the team, an admin's
 * the org), best first: [{kind, reason, score, explain?:{...}, deal_id?,
 * contact_id?, title, step, guidance, due?, days_overdue?, ...}].
 * LIMIT 0 means 50. */
int agenda_build(struct fc_ctx *ctx, int limit, int explain, json_t **out,
		 struct fc_error *err);

/* Adds to each of ITEMS that names a deal or a contact who it is about:
 * "contact": {id, name, email, phone} and "account": {id, name} (each
 * when known), so that Today can link to them and call or write. */
int agenda_people(struct fc_ctx *ctx, json_t *items, struct fc_error *err);

#endif
