/* GET /api/v1/verify: walks the organisation's chain of history events
 * (core/verify.h), for admins. A broken chain is the rule refusal
 * history-chain (422) naming the first event altered, inserted or
 * deleted. */
#include "core/verify.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int verify(struct req *r)
{
	struct verify_report report;
	int rc = verify_history(&r->ctx, &report, &r->err);
	if (rc)
		return rc;
	resp_json(r, 200, verify_report_json(&report));
	return 0;
}

const struct route routes_verify[] = {
	{ "GET", "/api/v1/verify", verify, ROUTE_ADMIN,
	  "Check the history's hash chain; 422 (history-chain) names the first "
	  "event altered, inserted or deleted",
	  .doc = { .result = "Verify", .flags = DOC_RULES } },
	ROUTE_END
};
