/* GET /api/v1/contacts/{id}/timeline and /api/v1/accounts/{id}/timeline:
 * what happened with the record, newest first (core/timeline.h). */
#include "core/timeline.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int timeline(struct req *r, const struct entity *e)
{
	int64_t id, limit;
	json_t *out = NULL;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = req_query_int(r, "limit", 1, TIMELINE_LIMIT_MAX, 100, &limit)) ||
	    (rc = timeline_list(&r->ctx, e, id, (int)limit, &out, &r->err)))
		return rc;
	resp_json(r, 200, out);
	return 0;
}

static int contact_timeline(struct req *r)
{
	return timeline(r, &entity_contact);
}

static int account_timeline(struct req *r)
{
	return timeline(r, &entity_account);
}

static const struct route_query timeline_query[] = {
	{ "limit", "how many items, newest first: 1-500, 100 when not given" },
	{ NULL, NULL },
};

const struct route routes_timeline[] = {
	{ "GET", "/api/v1/contacts/{id}/timeline", contact_timeline, 0,
	  "A contact's timeline: interactions on it or its deals, its deals' "
	  "history, its merges and merged contacts' events", .doc = { .query = timeline_query } },
	{ "GET", "/api/v1/accounts/{id}/timeline", account_timeline, 0,
	  "An account's timeline: its contacts' and deals' interactions and "
	  "deal history, its merges and merged accounts' events", .doc = { .query = timeline_query } },
	ROUTE_END
};
