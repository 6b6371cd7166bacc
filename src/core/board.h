/* The board: one column of deals at a time, a page at a time, filtered as
 * the people looking at it ask. A column is a step of a process; the step
 * of the follow-up phase also holds the won deals whose follow-up is still
 * open (a delivery's satisfaction check not done, an ask neither made nor
 * declined), so that the sixth step is visible work. A periodic check of
 * a customer (check.h) shows on the agenda when due, and keeps no deal on
 * the board. */
#ifndef FC_CORE_BOARD_H
#define FC_CORE_BOARD_H

#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"

#define BOARD_PAGE 20		/* deals per page unless asked */
#define BOARD_PAGE_MAX 100
#define BOARD_SEARCH_MAX 200	/* bytes of the search text */

/* SQL true for a won deal D whose follow-up is open (the rule above). */
#define BOARD_FOLLOW_UP_OPEN_SQL \
	"(d.status = 'won' AND (EXISTS (SELECT 1 FROM checks fc WHERE " \
	"fc.org_id = d.org_id AND fc.deal_id = d.id AND fc.done_at IS NULL " \
	"AND fc.kind = 'delivery') " \
	"OR EXISTS (SELECT 1 FROM asks fk WHERE fk.org_id = d.org_id AND " \
	"fk.deal_id = d.id AND fk.status = 'open')))"

struct board_query {
	const char *process;	/* process key; NULL: the default process */
	const char *step;	/* the column's step key (required) */
	int64_t owner_id;	/* 0: every owner ctx->user may see */
	int stalled;		/* only deals past the step's stall limit */
	int overdue;		/* only deals whose next step is overdue */
	int no_next_step;	/* only deals without a next step */
	const char *close_month;	/* "YYYY-MM": closing that month */
	const char *value_min, *value_max;	/* amounts (money_read()),
						   in the deal's currency */
	const char *q;		/* text in the title, account or contact name */
	int limit;		/* 1..BOARD_PAGE_MAX; 0 means BOARD_PAGE */
	const char *cursor;	/* next_cursor of the page before */
};

/* {items: [deal as record_get() gives it, a won one with "follow_up":
 * {check_due, asks_open}], next_cursor, count}, newest deal first; COUNT
 * is the whole column's under the filters. FC_EINVAL naming the bad
 * parameter (an unknown process or step too). */
int board_column(struct fc_ctx *ctx, const struct board_query *bq,
		 json_t **out, struct fc_error *err);

#endif
