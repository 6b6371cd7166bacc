/* Leverage asks (R5): a good satisfaction check opens a referral ask and an
 * expansion ask on the deal; the salesperson marks one done once asked
 * (recording the referral itself closes the referral ask, see
 * referrals.c). */
#include "core/check.h"
#include "core/deal.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int asks_list(struct req *r) { return crud_list(r, &entity_ask); }
static int asks_get(struct req *r) { return crud_get(r, &entity_ask); }

static int asks_done(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = ask_done(&r->ctx, id, &r->err)))
		return rc;
	return crud_send(r, &entity_ask, id, 200);
}

static const struct body_field decline_body[] = {
	{ "reason", BODY_TEXT, 1, DEAL_REASON_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

static int asks_decline(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = ask_decline(&r->ctx, id, body_text(r, "reason"), &r->err)))
		return rc;
	return crud_send(r, &entity_ask, id, 200);
}

const struct route routes_asks[] = {
	{ "GET", "/api/v1/asks", asks_list, 0,
	  "List referral and expansion asks" },
	{ "GET", "/api/v1/asks/{id}", asks_get, 0,
	  "Read an ask" },
	{ "POST", "/api/v1/asks/{id}/done", asks_done, 0,
	  "Mark an ask done: it was made",
	  .doc = { .result = "Ask", .flags = DOC_RECORD | DOC_CONFLICT } },
	{ "POST", "/api/v1/asks/{id}/decline", asks_decline, ROUTE_JSON_BODY,
	  "Decline an ask, with the reason: it leaves the agenda, the deal's "
	  "history keeps why",
	  .doc = { .body = "AskDecline", .fields = decline_body, .result = "Ask",
		   .flags = DOC_RECORD | DOC_CONFLICT } },
	ROUTE_END
};
