/* The engage list's way out: a contact whose need and timing put them on
 * the agenda ("engage them") can be disqualified instead, for one of the
 * reasons of SPEC.md §2.1 that apply before any deal exists. A
 * disqualified contact leaves the agenda; the contact's history says
 * why. */
#ifndef FC_CORE_ENGAGE_H
#define FC_CORE_ENGAGE_H

#include <stdint.h>

#include "core/ctx.h"

/* "wrong_person", "no_need", "wrong_timing"; NULL-terminated. */
extern const char *const engage_disqualify_reasons[];

/* Disqualifies contact ID for REASON (one of engage_disqualify_reasons),
 * with an optional NOTE (at most DEAL_REASON_MAX bytes), in one
 * transaction: sets the contact's disqualified_reason and disqualified_at
 * and records a "disqualified" event on the contact. FC_EINVAL for another
 * reason, FC_ECONFLICT when the contact is already disqualified or has a
 * deal (a deal is lost or disqualified on its own). */
int contact_disqualify(struct fc_ctx *ctx, int64_t id, const char *reason,
		       const char *note, struct fc_error *err);

#endif
