/* The context every core call runs in: the store, the organisation, the
 * acting user and the clock. The CLI builds one from --db/--as, the server
 * one per request from the session or token. Read next: core/record.h. */
#ifndef FC_CORE_CTX_H
#define FC_CORE_CTX_H

#include <stdint.h>

#include "store/db.h"
#include "util/error.h"

enum fc_role { ROLE_REP = 0, ROLE_MANAGER = 1, ROLE_ADMIN = 2 };

struct fc_actor {
	int64_t id;		/* 0: nobody signed in */
	enum fc_role role;
	char email[256];
	char name[256];
	char team[128];		/* "" when in no team */
};

struct fc_ctx {
	struct db *db;		/* borrowed */
	int64_t org_id;
	struct fc_actor user;
	int64_t now;		/* epoch seconds, from clock_now() at start */
	/* NULL, or the new deals whose report rollups are summed once at the
	 * end of the writer's transaction (core/history.h, history_defer_*) */
	struct history_defer *defer;
};

void ctx_init(struct fc_ctx *ctx, struct db *db);
/* Act as the user with EMAIL (or, when EMAIL is NULL, the first admin of the
 * first organisation). FC_ENOTFOUND when there is no such user. */
int ctx_act_as(struct fc_ctx *ctx, const char *email, struct fc_error *err);
/* Act as user ID of ORG (for sessions and tokens). */
int ctx_act_as_id(struct fc_ctx *ctx, int64_t org_id, int64_t user_id,
		  struct fc_error *err);

const char *role_name(enum fc_role r);
int role_parse(const char *s, enum fc_role *r);

/* Ends the transaction a service began: commits when RC is 0, else rolls
 * back. Returns RC, or the commit's failure (with ERR filled). */
int ctx_tx_end(struct fc_ctx *ctx, int rc, struct fc_error *err);

/* "now" as text in the two stored forms. */
void ctx_now_time(const struct fc_ctx *ctx, char out[21]);
void ctx_today(const struct fc_ctx *ctx, char out[11]);

#endif
