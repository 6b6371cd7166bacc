/* The engage list's way out: a contact whose need and timing put them on
 * the agenda ("engage them") can be disqualified instead, for one of the
 * reasons of SPEC.md §2.1, the same list a deal is disqualified for
 * (docs/process.md). A disqualified contact leaves the agenda; the
 * contact's history says why. */
#ifndef FC_CORE_ENGAGE_H
#define FC_CORE_ENGAGE_H

#include <stdint.h>

#include "core/ctx.h"

/* Why a contact or a deal is disqualified: "wrong_person", "no_need",
 * "wrong_timing", "no_fit" (nothing we have gives them what they want);
 * NULL-terminated. The one list, for contacts here and for deals
 * (deal_disqualify in core/deal.h). */
extern const char *const engage_disqualify_reasons[];
/* The same as "a|b|...", for help. */
extern const char engage_disqualify_reason_list[];
/* 0 when REASON is one of engage_disqualify_reasons, else FC_EINVAL. */
int disqualify_reason_check(const char *reason, struct fc_error *err);

/* Disqualifies contact ID for REASON (one of engage_disqualify_reasons),
 * with an optional NOTE (at most DEAL_REASON_MAX bytes), in one
 * transaction: sets the contact's disqualified_reason and disqualified_at
 * and records a "disqualified" event on the contact. FC_EINVAL for another
 * reason, FC_ECONFLICT when the contact is already disqualified or has a
 * deal (a deal is lost or disqualified on its own). */
int contact_disqualify(struct fc_ctx *ctx, int64_t id, const char *reason,
		       const char *note, struct fc_error *err);

#endif
