/* A deal's proposals (step 4, show how): build a new version, list them,
 * read one as the HTML document it is, and send one (an e-mail on the deal
 * agreeing the next step "proposal review"). Every rule is
 * core/proposal.c's. */
#include <stdio.h>

#include "core/proposal.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

/* Version N of deal ID as the list gives it. */
static int send_entry(struct req *r, int64_t id, int64_t n, int status)
{
	json_t *p = NULL;
	int rc = proposal_get(&r->ctx, id, n, &p, NULL, &r->err);
	if (rc)
		return rc;
	if (status == 201)
		resp_location(r, "/api/v1/deals/%lld/proposals/%lld", (long long)id,
			      (long long)n);
	resp_json(r, status, p);
	return 0;
}

static int proposals_build(struct req *r)
{
	int64_t id, n = 0;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = proposal_build(&r->ctx, id, &n, &r->err)))
		return rc;
	return send_entry(r, id, n, 201);
}

static int proposals_list(struct req *r)
{
	json_t *items = NULL;
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = proposal_list(&r->ctx, id, &items, &r->err)))
		return rc;
	resp_items(r, items);
	return 0;
}

static int proposals_get(struct req *r)
{
	struct buf html = BUF_INIT;
	int64_t id, n;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = req_param_id(r, "n", &n)) ||
	    (rc = proposal_get(&r->ctx, id, n, NULL, &html, &r->err))) {
		buf_release(&html);
		return rc;
	}
	/* the document holds the customer's words: escaped when built, and
	 * served to run nothing, styles aside */
	resp_header(r, "Content-Security-Policy", "default-src 'none'; "
		    "style-src 'unsafe-inline'; img-src data:");
	resp_header(r, "X-Content-Type-Options", "nosniff");
	resp_data(r, 200, "text/html; charset=utf-8", html.s, html.len, 0);
	buf_release(&html);
	return 0;
}

static const struct body_field send_body[] = {
	{ "due", BODY_DATE, 1, 0, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

static int proposals_send(struct req *r)
{
	int64_t id, n;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = req_param_id(r, "n", &n)) ||
	    (rc = proposal_send(&r->ctx, id, n, body_text(r, "due"), NULL,
				&r->err)))
		return rc;
	return send_entry(r, id, n, 200);
}

const struct route routes_proposals[] = {
	{ "GET", "/api/v1/deals/{id}/proposals", proposals_list, 0,
	  "The deal's proposal versions, oldest first",
	  .doc = { .result = "ProposalList" } },
	{ "POST", "/api/v1/deals/{id}/proposals", proposals_build,
	  ROUTE_JSON_OPTIONAL,
	  "Build the next version of the deal's proposal from its wants, fits "
	  "and line items",
	  .doc = { .status = 201, .result = "Proposal", .flags = DOC_CONFLICT } },
	{ "GET", "/api/v1/deals/{id}/proposals/{n}", proposals_get, 0,
	  "Version n of the deal's proposal: the HTML document, styled for print",
	  .doc = { .result = "text/html", .flags = DOC_TEXT } },
	{ "POST", "/api/v1/deals/{id}/proposals/{n}/send", proposals_send,
	  ROUTE_JSON_BODY,
	  "Send version n: logs an e-mail on the deal whose agreed next step is "
	  "the proposal review, due 'due'",
	  .doc = { .body = "ProposalSend", .fields = send_body,
		   .result = "Proposal", .flags = DOC_RULES | DOC_CONFLICT } },
	ROUTE_END
};
