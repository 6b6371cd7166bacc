/* Satisfaction checks (R4, R5): scheduled by winning a deal, recorded here
 * with a score; a good score creates the referral and expansion asks. */
#include "core/check.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int checks_list(struct req *r) { return crud_list(r, &entity_check); }
static int checks_get(struct req *r) { return crud_get(r, &entity_check); }

/* POST {deal_id, score, notes}: records the deal's check. */
static int checks_create(struct req *r)
{
	static const char *const allowed[] = { "deal_id", "score", "notes",
					       NULL };
	const char *notes;
	int64_t deal, score, id = 0;
	int rc;
	if ((rc = body_only(r, allowed)) ||
	    (rc = body_int(r, "deal_id", 1, INT64_MAX, 0, &deal)) ||
	    (rc = body_int(r, "score", 1, 5, 0, &score)) ||
	    (rc = body_string(r, "notes", 0, 4000, &notes)))
		return rc;
	if (!deal)
		return fc_fail(&r->err, FC_EINVAL, "deal_id",
			       "'deal_id' is required");
	if (!score)
		return fc_fail(&r->err, FC_EINVAL, "score",
			       "'score' is required (1 to 5)");
	rc = check_add(&r->ctx, deal, (int)score, notes, &id, &r->err);
	if (rc)
		return rc;
	return crud_send(r, &entity_check, id, 201);
}

const struct route routes_checks[] = {
	{ "GET", "/api/v1/checks", checks_list, 0,
	  "List satisfaction checks" },
	{ "POST", "/api/v1/checks", checks_create, ROUTE_JSON_BODY,
	  "Create a satisfaction check",
	  .doc = { .body = "CheckCreate", .status = 201, .result = "Check",
		   .flags = DOC_RECORD | DOC_RULES | DOC_CONFLICT } },
	{ "GET", "/api/v1/checks/{id}", checks_get, 0,
	  "Read a satisfaction check" },
	ROUTE_END
};
