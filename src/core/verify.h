/* `fulcrum verify` and GET /api/v1/verify: walks an organisation's chain
 * of history events (core/chain.h), in the database or in a JSON backup,
 * and names the first event that breaks it. Read next: core/chain.h. */
#ifndef FC_CORE_VERIFY_H
#define FC_CORE_VERIFY_H

#include <jansson.h>

#include "core/chain.h"
#include "core/ctx.h"

/* The rule a broken chain refuses under: "refused (history-chain): ...". */
#define VERIFY_RULE "history-chain"

/* What a walk found: the events walked and the chain's last hash, and when
 * it broke, the first event at fault. */
struct verify_report {
	int64_t events;
	int64_t last_id;
	char head[CHAIN_HEX + 1];
	int broken;
	int64_t id, entity_id;		/* the event at fault */
	char entity[32], action[32];
	char what[320];			/* what does not match */
};

/* A walk in order of id, for any source of events. HEAD_ID and HEAD_HASH
 * are what the chain's head row records (HEAD_HASH NULL: no head known). */
struct verify_walk {
	struct verify_report *r;
	int64_t head_id;
	char head_hash[CHAIN_HEX + 1];
	int have_head;
	char last_prev[CHAIN_HEX + 1];	/* the last event's prev_hash */
	char last_entity[32], last_action[32];
	int64_t last_entity_id;
};

void verify_walk_init(struct verify_walk *w, struct verify_report *r,
		      int64_t head_id, const char *head_hash);
/* 0 while the chain holds, 1 once R names the event at fault. */
int verify_walk_event(struct verify_walk *w, const struct chain_event *ev);
/* After the last event: whether the chain reaches its head. */
int verify_walk_end(struct verify_walk *w);

/* Walks ctx->org_id's chain in the database (admins only). 0 when it holds;
 * FC_ERULE (rule VERIFY_RULE) naming the first event at fault, R filled
 * either way. */
int verify_history(struct fc_ctx *ctx, struct verify_report *r,
		   struct fc_error *err);

/* Walks the chain a JSON backup (core/export.h) carries, as a restore
 * would: its "events" in order of id and its "event_chains" head. 0 when
 * it holds; FC_ERULE naming the first event at fault. A backup written
 * before the chain (no event has a hash, no head) has nothing to check:
 * *UNCHAINED is set, and it is refused unless ALLOW_UNCHAINED (a restore
 * takes it, and chains its events). */
int verify_backup(json_t *backup, int allow_unchained,
		  struct verify_report *r, int *unchained, struct fc_error *err);

/* The report as JSON: {"ok", "events", "last_id", "head"} and, when
 * broken, "event": {"id", "entity", "entity_id", "action"} and "problem". */
json_t *verify_report_json(const struct verify_report *r);

#endif
