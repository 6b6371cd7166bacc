/* Satisfaction checks (R4, R5): scheduled by winning a deal, recorded here
 * with a score; a good score creates the referral and expansion asks. */
#include "core/check.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int checks_list(struct req *r) { return crud_list(r, &entity_check); }
static int checks_get(struct req *r) { return crud_get(r, &entity_check); }

/* POST {deal_id, score, notes}: records the deal's check. */
static const struct body_field check_body[] = {
	{ "deal_id", BODY_INT, 1, INT64_MAX, NULL, 1 },
	{ "score", BODY_INT, 1, CHECK_SCORE_MAX, NULL, CHECK_SCORE_MIN },
	{ "notes", BODY_TEXT, 0, CHECK_NOTES_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

static int checks_create(struct req *r)
{
	int64_t score = body_integer(r, "score"), id = 0;
	int rc;
	/* beyond int, a score is as wrong as 0: the core says why */
	rc = check_add(&r->ctx, body_integer(r, "deal_id"),
		       score < 0 || score > CHECK_SCORE_MAX ? 0 : (int)score,
		       body_text(r, "notes"), &id, &r->err);
	if (rc)
		return rc;
	return crud_send(r, &entity_check, id, 201);
}

const struct route routes_checks[] = {
	{ "GET", "/api/v1/checks", checks_list, 0,
	  "List satisfaction checks" },
	{ "POST", "/api/v1/checks", checks_create, ROUTE_JSON_BODY,
	  "Create a satisfaction check",
	  .doc = { .body = "CheckCreate", .fields = check_body, .status = 201, .result = "Check",
		   .flags = DOC_RECORD | DOC_RULES | DOC_CONFLICT } },
	{ "GET", "/api/v1/checks/{id}", checks_get, 0,
	  "Read a satisfaction check" },
	ROUTE_END
};
