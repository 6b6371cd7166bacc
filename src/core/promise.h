/* Promises kept and missed: the one home of what makes an interaction
 * planned, when an agreed next step counts as missed, and how the agenda's
 * overdue points grow (SPEC.md §1 and §3; docs/promises.md). Days are day
 * numbers (util/date.h). */
#ifndef FC_CORE_PROMISE_H
#define FC_CORE_PROMISE_H

#include <stdint.h>

#include "core/ctx.h"
#include "util/buf.h"

/* An interaction on DAY keeps the promise due on DUE when it falls within
 * GRACE days of it, before or after: it is planned. Any other is reactive. */
int promise_kept_on(int32_t day, int32_t due, int grace);

/* A promise due on DUE is missed on TODAY once more than GRACE days have
 * passed since it fell due; it counts as missed from promise_missed_on(). */
int promise_missed(int32_t due, int grace, int32_t today);
int32_t promise_missed_on(int32_t due, int grace);

/* The agenda's overdue points of a promise DAYS overdue: 10 a day for the
 * first 30 days (300), then 50 more for each doubling of the days overdue,
 * growing linearly within each doubling, so the points keep growing for as
 * long as the promise stays open and never reach a ceiling. 0 for DAYS <= 0. */
int64_t promise_overdue_points(int64_t days);
/* The same as SQL over the integer expression DAYS, appended to OUT. */
void promise_overdue_points_sql(const char *days, struct buf *out);

/* Records every promise of ctx's organisation missed by today: an open
 * next step of an open deal more than its process's grace_days past due
 * (promise_missed()) is missed once per due day it had, as a row of
 * missed_promises and an event "missed" on the next step, without actor.
 * Deterministic and idempotent: run again, on the same day or later, it
 * records only promises missed since. *RECORDED (may be NULL) gets how
 * many it recorded. Run by `fulcrum promises sweep` and before the
 * discipline report counts them (docs/promises.md). */
int promise_sweep_missed(struct fc_ctx *ctx, int64_t *recorded,
			 struct fc_error *err);

/* promise_sweep_missed() for every organisation of DB, each in its own
 * transaction: what `fulcrum serve` runs when it starts and each night. */
int promise_sweep_all(struct db *db, int64_t *recorded, struct fc_error *err);

/* Before DEAL's open promise is closed (done, replaced by a new next step,
 * or its deal won, lost or disqualified), records it as missed when it is
 * past its grace days today, as the sweep would have: a promise settled
 * late was still missed. Inside the caller's transaction. */
int promise_close_missed(struct fc_ctx *ctx, int64_t deal_id,
			 struct fc_error *err);

#endif
