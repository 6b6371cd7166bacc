/* Referrals (step 6, leverage): who referred whom, and the deal it led to.
 * referral_add() closes the open referral ask of the referrer. */
#include <stdint.h>

#include "core/referral.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int referrals_list(struct req *r) { return crud_list(r, &entity_referral); }
static int referrals_get(struct req *r) { return crud_get(r, &entity_referral); }

static int referrals_create(struct req *r)
{
	int64_t id = 0;
	int rc = referral_add(&r->ctx, r->body, &id, &r->err);
	if (rc)
		return rc;
	return crud_send(r, &entity_referral, id, 201);
}

/* POST {deal_id}: the deal the referral produced (referral_link). */
static const struct body_field link_body[] = {
	{ "deal_id", BODY_INT, 1, INT64_MAX, NULL, 1 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

static int referrals_link(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = referral_link(&r->ctx, id, body_integer(r, "deal_id"), &r->err)))
		return rc;
	return crud_send(r, &entity_referral, id, 200);
}

static int referrals_update(struct req *r)
{
	return crud_update(r, &entity_referral);
}

const struct route routes_referrals[] = {
	{ "GET", "/api/v1/referrals", referrals_list, 0,
	  "List referrals" },
	{ "POST", "/api/v1/referrals", referrals_create, ROUTE_JSON_BODY,
	  "Create a referral",
	  .doc = { .body = "ReferralCreate", .status = 201,
		   .result = "Referral",
		   .flags = DOC_RECORD | DOC_RULES | DOC_CONFLICT } },
	{ "GET", "/api/v1/referrals/{id}", referrals_get, 0,
	  "Read a referral" },
	{ "POST", "/api/v1/referrals/{id}/link", referrals_link, ROUTE_JSON_BODY,
	  "Link a referral to the deal it produced (credited to the referrer)",
	  .doc = { .body = "ReferralLink", .fields = link_body,
		   .result = "Referral",
		   .flags = DOC_RECORD | DOC_RULES } },
	{ "PATCH", "/api/v1/referrals/{id}", referrals_update,
	  ROUTE_JSON_BODY | ROUTE_IF_MATCH,
	  "Update a referral" },
	ROUTE_END
};
