/* The demo generator behind `fulcrum demo`: a realistic, deterministic sales
 * team (users, accounts, contacts, offerings, deals in every step and status,
 * interactions, wants, fits, checks, referrals) with twelve months of history
 * ending at ctx->now. Every deal is driven through the core services with
 * the clock set to each event's time, so it obeys the same rules (R1-R6) as
 * a deal entered by a person. Read next: core/deal.h, core/interaction.h. */
#ifndef FC_CORE_DEMO_H
#define FC_CORE_DEMO_H

#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"

#define DEMO_PASSWORD "demo1234"
#define DEMO_DEALS_MAX 10000000
/* Open deals per rep the team is sized for: one rep per this many deals
 * (at least DEMO_REPS_MIN reps), so each holds ~10,000 open deals at 10^6. */
#define DEMO_DEALS_PER_REP 25000
#define DEMO_REPS_MIN 6

/* How deals are written: through the core services (each call checks
 * access and rules), or the fast path that writes the same rows in bulk. */
enum demo_path { DEMO_PATH_AUTO, DEMO_PATH_SERVICES, DEMO_PATH_BULK };
/* AUTO takes the fast path above this many deals. */
#define DEMO_BULK_FROM 20000

struct demo_opts {
	enum demo_path path;
	uint64_t seed;
	int64_t deals;		/* 1..DEMO_DEALS_MAX */
	int64_t batch;		/* deals per transaction; 0: chosen */
	/* called after each batch (may be NULL) */
	void (*progress)(void *arg, int64_t done, int64_t total);
	void *progress_arg;
};

/* Creates the demo organisation when the database holds none (else adds to
 * the first one) and generates O->deals deals. CTX's clock is the end of
 * the history; it and the acting user are restored before returning.
 * *SUMMARY (new reference) is {org, org_id, seed, deals, password,
 * users:[{email, name, role, team}], counts:{...}}. Batches already
 * committed stay when a later one fails. */
int demo_generate(struct fc_ctx *ctx, const struct demo_opts *o,
		  json_t **summary, struct fc_error *err);

#endif
