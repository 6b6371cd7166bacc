/* Inside the demo generator: the fast path that writes, for large demos,
 * the same rows and history events the core services would, without their
 * per-call access checks and process reloads. demo.c decides which path a
 * run takes; bulk.c is the fast one. */
#ifndef FC_CORE_DEMO_INTERNAL_H
#define FC_CORE_DEMO_INTERNAL_H

#include <jansson.h>

#include "core/chain.h"
#include "core/ctx.h"
#include "core/process.h"
#include "util/buf.h"
#include "util/date.h"

/* The deal being generated and its open next step, kept in memory for the
 * whole of its life and written once, in their final state, when the next
 * deal starts or the batch ends: the services would update the same rows
 * several times on the way (each move, each next step, each win or loss). */
struct bulk_deal {
	int64_t id, account_id, contact_id, owner_id, process_id, value_minor;
	int64_t next_step_id, source_referral_id, version, check_id;
	int check_periodic;	/* check_id is a periodic check */
	int grace_days;		/* its process's, for missed promises */
	int64_t first_want, last_want;	/* its wants: ids first..last */
	char title[256], currency[8], close_date[DATE_LEN], step[64];
	char status[16], lost_reason[128], delivered_on[DATE_LEN];
	char disqualified_reason[32], disqualified_note[128];
	char step_entered_at[TIME_LEN], closed_at[TIME_LEN];
	char created_at[TIME_LEN], updated_at[TIME_LEN];
};

struct bulk_next {
	int64_t id, deal_id, owner_id, interaction_id, version;
	char what[256], type[32], due[DATE_LEN], status[8];
	char done_at[TIME_LEN], created_at[TIME_LEN], updated_at[TIME_LEN];
};

enum bulk_table { BT_ACCOUNTS, BT_CONTACTS, BT_DEALS, BT_NEXT_STEPS,
	BT_INTERACTIONS, BT_WANTS, BT_FITS, BT_CHECKS, BT_ASKS, BT_REFERRALS,
	BT_EVENTS, BT_DEAL_STEPS, BT_COUNT };

/* One stay of the deal in a step: a row of `deal_steps` (history.c). */
struct bulk_stay {
	int64_t id, event_id;
	const char *entered_by, *left_by;	/* step actions: static text */
	char step[64], to_step[64], entered_at[TIME_LEN], left_at[TIME_LEN];
};
#define BULK_STAYS_MAX 32
#define BULK_INDEXES_MAX 128

struct bulk {
	struct fc_ctx *ctx;
	int64_t last_id[BT_COUNT];	/* ids are given here, as SQLite would */
	int64_t now_at;			/* the time `now` is formatted for */
	char now[TIME_LEN];
	int have_deal, have_next;
	struct bulk_deal d;
	struct bulk_next n;
	struct bulk_stay stays[BULK_STAYS_MAX];
	int nstays;
	int64_t ask_deal, ask_id;	/* the last referral ask and its deal */
	/* the accounts with a periodic check pending (check.h), which the
	 * service finds by a query the dropped indexes would make slow */
	int64_t *periodic;
	size_t nperiodic, periodic_alloc;
	struct buf json;		/* event data being written */
	struct chain_head chain;	/* the history's head, as events are added */
	/* the secondary indexes and the triggers set aside while loading,
	 * made again at the end */
	char *index_sql[BULK_INDEXES_MAX];
	int nindexes;
	char *trigger_sql[BULK_INDEXES_MAX];
	int ntriggers;
	int unjournaled;		/* journal and syncs off until close */
};

/* SQLite only (the deal row is written after rows that refer to it, so
 * this connection's foreign-key checks are off while it runs). FRESH: the
 * database held no organisation before this run, so there is nothing a
 * failed run could lose; it is then written without a rollback journal
 * and without syncs until bulk_close, which puts WAL back. Call outside a
 * transaction. */
int bulk_open(struct bulk *b, struct fc_ctx *ctx, int fresh,
	      struct fc_error *err);
void bulk_close(struct bulk *b);
/* Inside the load's transaction: drop the secondary indexes and the
 * triggers of the tables the demo writes (keeping their CREATE statements);
 * build the indexes again from the loaded rows (one sort per index instead
 * of millions of random b-tree inserts); then, once the rollups the
 * triggers keep are summed again from the rows
 * (history_rebuild_activity()), make the triggers again. Rows are written
 * before the deal they refer to, which the triggers could not follow.
 * bulk_close makes again whatever is still set aside. */
int bulk_indexes_drop(struct bulk *b, struct fc_error *err);
int bulk_indexes_build(struct bulk *b, struct fc_error *err);
int bulk_triggers_build(struct bulk *b, struct fc_error *err);
/* Inside each batch transaction: begin reads the ids in use, end writes
 * the deal still in memory. */
int bulk_batch_begin(struct bulk *b, struct fc_error *err);
int bulk_batch_end(struct bulk *b, struct fc_error *err);

/* Each mirrors the service of the same name in deal.h / next-step.h / interaction.h / record.h
 * for input the generator built (already valid), acting as ctx->user at
 * ctx->now. P is the deal's process. Moves act on the deal created last. */
int bulk_insert(struct bulk *b, enum bulk_table t, const char *entity,
		json_t *in, int64_t *id, struct fc_error *err);
int bulk_deal_create(struct bulk *b, const struct process *p, json_t *in,
		     int64_t *id, struct fc_error *err);
int bulk_interaction_log(struct bulk *b, const struct process *p, json_t *in,
			 int64_t *id, struct fc_error *err);
int bulk_want_add(struct bulk *b, json_t *in, int64_t *id,
		  struct fc_error *err);
int bulk_fit_add(struct bulk *b, json_t *in, int64_t *id,
		 struct fc_error *err);
int bulk_advance(struct bulk *b, const struct process *p, int64_t deal,
		 struct fc_error *err);
/* deal_advance() forced by a manager with REASON (ctx->user). */
int bulk_force(struct bulk *b, const struct process *p, int64_t deal,
	       const char *reason, struct fc_error *err);
int bulk_win(struct bulk *b, const struct process *p, int64_t deal,
	     const char *delivered, struct fc_error *err);
int bulk_lose(struct bulk *b, int64_t deal, const char *reason,
	      struct fc_error *err);
int bulk_disqualify(struct bulk *b, int64_t deal, const char *reason,
		    const char *note, struct fc_error *err);
int bulk_check(struct bulk *b, const struct process *p, int64_t deal,
	       int score, const char *notes,
	       struct fc_error *err);
int bulk_referral_add(struct bulk *b, json_t *in, int64_t *id,
		      struct fc_error *err);
int bulk_stakeholder_set(struct bulk *b, int64_t deal, int64_t contact,
			 const char *role, struct fc_error *err);
int bulk_next_step_done(struct bulk *b, int64_t deal, struct fc_error *err);
/* ask_done() for DEAL's open ask of KIND (check.h). */
int bulk_ask_done(struct bulk *b, int64_t deal, const char *kind,
		  struct fc_error *err);

/* After every deal is written, by either path: the first open deals in
 * their present or agree step with fits get a line item for each offering
 * that fits them and a proposal built from them, through the core
 * services as their owners (ctx->user is left as the last of them). Adds
 * to *ITEMS and *PROPOSALS. (proposals.c) */
int demo_proposals(struct fc_ctx *ctx, int64_t *items, int64_t *proposals,
		   struct fc_error *err);

#endif
