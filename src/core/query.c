/* The SQL builder and the visibility predicates; see query.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/query.h"
#include "util/xmalloc.h"
#include "util/banned.h"

void qb_init(struct qb *q)
{
	buf_init(&q->sql, 0);
	q->n = 0;
}

void qb_release(struct qb *q)
{
	for (int i = 0; i < q->n; i++)
		free(q->binds[i].s);
	buf_release(&q->sql);
	q->n = 0;
}

void qb_sql(struct qb *q, const char *fmt, ...)
{
	va_list ap;
	/* most pieces are plain text (", ?", " AND ..."): appended as they
	 * are, without printf, as a record's INSERT is built from dozens */
	if (!strchr(fmt, '%')) {
		buf_adds(&q->sql, fmt);
		return;
	}
	va_start(ap, fmt);
	buf_vaddf(&q->sql, fmt, ap);
	va_end(ap);
}

static struct qb_bind *next_bind(struct qb *q)
{
	if (q->n >= QB_MAX_BINDS)
		FC_BUG("too many bound values in one query");
	struct qb_bind *b = &q->binds[q->n++];
	b->s = NULL;
	return b;
}

void qb_int(struct qb *q, int64_t v)
{
	struct qb_bind *b = next_bind(q);
	b->type = 'i';
	b->i = v;
}

void qb_text(struct qb *q, const char *s)
{
	struct qb_bind *b = next_bind(q);
	b->type = s ? 's' : 'n';
	b->s = s ? xstrdup(s) : NULL;
}

void qb_null(struct qb *q)
{
	next_bind(q)->type = 'n';
}

struct db_stmt *qb_prepare(struct qb *q, struct db *db)
{
	struct db_stmt *st = db_prepare(db, q->sql.s);
	if (!st)
		return NULL;
	for (int i = 0; i < q->n; i++) {
		struct qb_bind *b = &q->binds[i];
		switch (b->type) {
		case 'i': db_bind_int(st, i + 1, b->i); break;
		case 's': db_bind_text(st, i + 1, b->s); break;
		default: db_bind_null(st, i + 1);
		}
	}
	return st;
}

static void owner_predicate(struct qb *q, struct fc_ctx *ctx,
			    const char *alias, const char *entity)
{
	qb_sql(q, "(%s.owner_id IS NULL OR %s.owner_id = ?", alias, alias);
	qb_int(q, ctx->user.id);
	if (ctx->user.role == ROLE_MANAGER && ctx->user.team[0]) {
		qb_sql(q, " OR %s.owner_id IN (SELECT tu.id FROM users tu "
		       "WHERE tu.org_id = %s.org_id AND tu.team = ?)", alias, alias);
		qb_text(q, ctx->user.team);
	}
	/* the user's shares as one list, read once a statement rather than
	 * probed for every row the owner test turns down (most rows of a
	 * rep's list page); every row read here is of ctx's organisation */
	qb_sql(q, " OR %s.id IN (SELECT sh.entity_id FROM shares sh WHERE "
	       "sh.org_id = ? AND sh.entity = ? AND sh.user_id = ?))", alias);
	qb_int(q, ctx->org_id);
	qb_text(q, entity);
	qb_int(q, ctx->user.id);
}

void qb_owner_visible(struct qb *q, struct fc_ctx *ctx, const char *alias,
		      const char *entity)
{
	if (ctx->user.role == ROLE_ADMIN)
		return;
	qb_sql(q, " AND ");
	owner_predicate(q, ctx, alias, entity);
}

void qb_deal_visible(struct qb *q, struct fc_ctx *ctx, const char *alias,
		     int has_owner)
{
	if (ctx->user.role == ROLE_ADMIN)
		return;
	qb_sql(q, " AND ((%s.deal_id IS NOT NULL AND EXISTS (SELECT 1 FROM deals vd"
	       " WHERE vd.org_id = %s.org_id AND vd.id = %s.deal_id AND ",
	       alias, alias, alias);
	owner_predicate(q, ctx, "vd", "deal");
	qb_sql(q, "))");
	if (has_owner) {
		qb_sql(q, " OR (%s.deal_id IS NULL AND %s.owner_id = ?)", alias,
		       alias);
		qb_int(q, ctx->user.id);
		if (ctx->user.role == ROLE_MANAGER && ctx->user.team[0]) {
			qb_sql(q, " OR (%s.deal_id IS NULL AND %s.owner_id IN "
			       "(SELECT tu.id FROM users tu WHERE tu.org_id = "
			       "%s.org_id AND tu.team = ?))", alias, alias, alias);
			qb_text(q, ctx->user.team);
		}
	}
	qb_sql(q, ")");
}
