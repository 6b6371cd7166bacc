/* A small SQL builder for core: text with `?` placeholders and the values
 * bound to them, appended together so they cannot fall out of step. Also
 * the visibility predicates of SPEC.md §5.2 that every read goes through. */
#ifndef FC_CORE_QUERY_H
#define FC_CORE_QUERY_H

#include <stdint.h>

#include "core/ctx.h"
#include "util/buf.h"

#define QB_MAX_BINDS 96

struct qb_bind {
	char type;	/* 'i', 's' (owned copy), 'n' */
	int64_t i;
	char *s;
};

struct qb {
	struct buf sql;
	int n;
	struct qb_bind binds[QB_MAX_BINDS];
};

void qb_init(struct qb *q);
void qb_release(struct qb *q);
void qb_sql(struct qb *q, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void qb_int(struct qb *q, int64_t v);
void qb_text(struct qb *q, const char *s);	/* NULL binds NULL */
void qb_null(struct qb *q);
/* Prepares q's SQL and binds its values; NULL on failure (db->errmsg). */
struct db_stmt *qb_prepare(struct qb *q, struct db *db);

/* Appends " AND (predicate)" restricting rows of ALIAS (a table carrying
 * owner_id) to what ctx->user may see: own, shared with them (entity
 * ENTITY in `shares`), their team's (managers), unowned, or everything
 * (admins). */
void qb_owner_visible(struct qb *q, struct fc_ctx *ctx, const char *alias,
		      const char *entity);
/* The same for a row that hangs off a deal through ALIAS.deal_id; rows
 * without a deal fall back to ALIAS.owner_id when HAS_OWNER. */
void qb_deal_visible(struct qb *q, struct fc_ctx *ctx, const char *alias,
		     int has_owner);

#endif
