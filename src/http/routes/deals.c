/* Deals and the moves of the process (SPEC.md §1): create with the agreed
 * next step (R1), advance (R2, R3), win (R4), lose, reopen, history (R6),
 * the current next step and stakeholders. Every rule is core/deal.c's;
 * refusals come back as 422 problems typed by the rule. A reason's length
 * bound is the core's too (DEAL_REASON_MAX), the same for every writer. */
#include <stdint.h>

#include "core/deal.h"
#include "core/engage.h"
#include "core/delivery.h"
#include "core/next-step.h"
#include "core/process.h"
#include "http/routes/crud.h"
#include "http/routes/routes.h"
#include "util/banned.h"

/* The deal as deal_show_write() writes it, with its ETag. */
static int send_deal(struct req *r, int64_t id, int status)
{
	struct buf text = BUF_INIT;
	int64_t version = 0;
	int rc = deal_show_write(&r->ctx, id, &text, &version, &r->err);
	if (rc) {
		buf_release(&text);
		return rc;
	}
	if (status == 201)
		resp_location(r, "/api/v1/deals/%lld", (long long)id);
	resp_json_text(r, status, &text);
	resp_header(r, "ETag", req_printf(r, "\"%lld\"", (long long)version));
	return 0;
}

static int deals_list(struct req *r)
{
	return crud_list(r, &entity_deal);
}

static int deals_create(struct req *r)
{
	int64_t id = 0;
	int rc = deal_create(&r->ctx, r->body, &id, &r->err);
	if (rc)
		return rc;
	return send_deal(r, id, 201);
}

static int deals_get(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	return send_deal(r, id, 200);
}

static int deals_update(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = deal_update(&r->ctx, id, r->body, r->if_version, &r->err)))
		return rc;
	return send_deal(r, id, 200);
}

/* The bodies of the moves; the pipeline checks them (struct body_field). */
static const struct body_field advance_body[] = {
	{ "to", BODY_TEXT, 0, PROCESS_KEY_MAX, NULL, 0 },
	{ "force", BODY_BOOL, 0, 0, NULL, 0 },
	{ "reason", BODY_TEXT, 0, DEAL_REASON_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};
static const struct body_field win_body[] = {
	{ "delivered", BODY_DATE, 0, 0, NULL, 0 },
	{ "force", BODY_BOOL, 0, 0, NULL, 0 },
	{ "reason", BODY_TEXT, 0, DEAL_REASON_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};
static const struct body_field lose_body[] = {
	{ "reason", BODY_TEXT, 0, DEAL_REASON_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};
static const struct body_field disqualify_body[] = {
	{ "reason", BODY_TEXT, 1, 0, engage_disqualify_reasons, 0 },
	{ "note", BODY_TEXT, 0, DEAL_REASON_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};
static const struct body_field no_body[] = { { NULL, 0, 0, 0, NULL, 0 } };
static const struct body_field stakeholder_body[] = {
	{ "role", BODY_TEXT, 1, 0, deal_stakeholder_roles, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

static int deals_advance(struct req *r)
{
	struct advance_opts o = { .to = body_text(r, "to"),
				  .force = body_true(r, "force"),
				  .reason = body_text(r, "reason"),
				  .if_version = r->if_version };
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = deal_advance(&r->ctx, id, &o, &r->err)))
		return rc;
	return send_deal(r, id, 200);
}

static int deals_win(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = deal_win(&r->ctx, id, body_text(r, "delivered"),
			   body_true(r, "force"), body_text(r, "reason"),
			   r->if_version, &r->err)))
		return rc;
	return send_deal(r, id, 200);
}

static int deals_lose(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = deal_lose(&r->ctx, id, body_text(r, "reason"), r->if_version,
			    &r->err)))
		return rc;
	return send_deal(r, id, 200);
}

static int deals_disqualify(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = deal_disqualify(&r->ctx, id, body_text(r, "reason"),
				  body_text(r, "note"), r->if_version, &r->err)))
		return rc;
	return send_deal(r, id, 200);
}

static const struct body_field deliver_body[] = {
	{ "date", BODY_DATE, 0, 0, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

static int deals_deliver(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = deal_deliver(&r->ctx, id, body_text(r, "date"), &r->err)))
		return rc;
	return send_deal(r, id, 200);
}

static int deals_reopen(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)))
		return rc;
	if ((rc = deal_reopen(&r->ctx, id, r->if_version, &r->err)))
		return rc;
	return send_deal(r, id, 200);
}

static int deals_history(struct req *r)
{
	json_t *items = NULL, *out;
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = deal_history(&r->ctx, id, 1, &items, &r->err)))
		return rc;
	out = json_object();
	json_object_set_new(out, "items", items);
	resp_json(r, 200, out);
	return 0;
}

/* PUT the deal's agreed next step {what, due, type}: it replaces the
 * current one (R1). */
static int deals_next_step(struct req *r)
{
	int64_t id, ns = 0;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = next_step_set(&r->ctx, id, r->body, &ns, &r->err)))
		return rc;
	return send_deal(r, id, 200);
}

static int deals_next_step_done(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = next_step_done(&r->ctx, id, &r->err)))
		return rc;
	return send_deal(r, id, 200);
}

static const struct body_field move_body[] = {
	{ "due", BODY_DATE, 1, 0, NULL, 0 },
	/* required by the rule "promise-move-reason" in core/next-step.c,
	 * which names itself when the reason is missing */
	{ "reason", BODY_TEXT, 0, DEAL_REASON_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

static int deals_next_step_move(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = next_step_move(&r->ctx, id, body_text(r, "due"),
				 body_text(r, "reason"), r->if_version, &r->err)))
		return rc;
	return send_deal(r, id, 200);
}

static int deals_stakeholder_set(struct req *r)
{
	int64_t id, contact;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = req_param_id(r, "contact_id", &contact)) ||
	    /* The contact is named by the path: unseen is 404, not 400. */
	    (rc = record_check_access(&r->ctx, &entity_contact, contact, 0,
				      &r->err)) ||
	    (rc = deal_stakeholder_set(&r->ctx, id, contact,
					 body_text(r, "role"), &r->err)))
		return rc;
	return send_deal(r, id, 200);
}

static int deals_stakeholder_remove(struct req *r)
{
	int64_t id, contact;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = req_param_id(r, "contact_id", &contact)) ||
	    (rc = deal_stakeholder_remove(&r->ctx, id, contact, &r->err)))
		return rc;
	return send_deal(r, id, 200);
}

const struct route routes_deals[] = {
	{ "GET", "/api/v1/deals", deals_list, 0,
	  "List deals" },
	{ "POST", "/api/v1/deals", deals_create, ROUTE_JSON_BODY,
	  "Create a deal",
	  .doc = { .body = "DealCreate", .status = 201, .result = "DealDetail",
		   .flags = DOC_RECORD | DOC_RULES } },
	{ "GET", "/api/v1/deals/{id}", deals_get, 0,
	  "Read a deal",
	  .doc = { .result = "DealDetail", .flags = DOC_RECORD } },
	{ "PATCH", "/api/v1/deals/{id}", deals_update,
	  ROUTE_JSON_BODY | ROUTE_IF_MATCH,
	  "Update a deal",
	  .doc = { .body = "DealUpdate", .result = "DealDetail",
		   .flags = DOC_RECORD | DOC_RULES } },
	{ "POST", "/api/v1/deals/{id}/advance", deals_advance,
	  ROUTE_JSON_OPTIONAL | ROUTE_IF_MATCH,
	  "Advance a deal to its next step",
	  .doc = { .body = "Advance", .fields = advance_body, .result = "DealDetail",
		   .flags = DOC_RECORD | DOC_RULES | DOC_CONFLICT } },
	{ "POST", "/api/v1/deals/{id}/win", deals_win,
	  ROUTE_JSON_OPTIONAL | ROUTE_IF_MATCH,
	  "Win a deal (schedules its satisfaction check)",
	  .doc = { .body = "Win", .fields = win_body, .result = "DealDetail",
		   .flags = DOC_RECORD | DOC_RULES | DOC_CONFLICT } },
	{ "POST", "/api/v1/deals/{id}/lose", deals_lose,
	  ROUTE_JSON_OPTIONAL | ROUTE_IF_MATCH,
	  "Lose a deal with a reason",
	  .doc = { .body = "Lose", .fields = lose_body, .result = "DealDetail",
		   .flags = DOC_RECORD | DOC_RULES | DOC_CONFLICT } },
	{ "POST", "/api/v1/deals/{id}/disqualify", deals_disqualify,
	  ROUTE_JSON_BODY | ROUTE_IF_MATCH,
	  "Disqualify a deal, not lose it: the sale cannot be (wrong_person, "
	  "no_need, wrong_timing, no_fit); outside the win rate",
	  .doc = { .body = "DealDisqualify", .fields = disqualify_body,
		   .result = "DealDetail",
		   .flags = DOC_RECORD | DOC_CONFLICT } },
	{ "POST", "/api/v1/deals/{id}/deliver", deals_deliver,
	  ROUTE_JSON_OPTIONAL,
	  "Record another delivery of a won deal (schedules its satisfaction "
	  "check)",
	  .doc = { .body = "Deliver", .fields = deliver_body, .result = "DealDetail",
		   .flags = DOC_RECORD | DOC_RULES | DOC_CONFLICT } },
	{ "POST", "/api/v1/deals/{id}/reopen", deals_reopen,
	  ROUTE_JSON_OPTIONAL | ROUTE_IF_MATCH,
	  "Reopen a won, lost or disqualified deal",
	  .doc = { .body = "Reopen", .fields = no_body, .result = "DealDetail",
		   .flags = DOC_RECORD | DOC_RULES | DOC_CONFLICT } },
	{ "GET", "/api/v1/deals/{id}/history", deals_history, 0,
	  "A deal's history events: its own, and those of its wants, fits, "
	  "next steps, interactions and the referrals it gave",
	  .doc = { .result = "History" } },
	{ "PUT", "/api/v1/deals/{id}/next-step", deals_next_step,
	  ROUTE_JSON_BODY,
	  "Set the deal's agreed next step",
	  .doc = { .body = "NextStepInput", .result = "DealDetail",
		   .flags = DOC_RECORD | DOC_RULES | DOC_CONFLICT } },
	{ "POST", "/api/v1/deals/{id}/next-step/done", deals_next_step_done, 0,
	  "Mark the deal's next step done",
	  .doc = { .result = "DealDetail",
		   .flags = DOC_RECORD | DOC_RULES | DOC_CONFLICT } },
	{ "POST", "/api/v1/deals/{id}/next-step/move", deals_next_step_move,
	  ROUTE_JSON_BODY | ROUTE_IF_MATCH,
	  "Move the deal's next step to a new date, saying why (recorded)",
	  .doc = { .body = "NextStepMove", .fields = move_body,
		   .result = "DealDetail",
		   .flags = DOC_RECORD | DOC_CONFLICT } },
	{ "PUT", "/api/v1/deals/{id}/stakeholders/{contact_id}",
	  deals_stakeholder_set, ROUTE_JSON_BODY,
	  "Add or change a stakeholder",
	  .doc = { .body = "Stakeholder", .fields = stakeholder_body,
		   .result = "DealDetail",
		   .flags = DOC_RECORD } },
	{ "DELETE", "/api/v1/deals/{id}/stakeholders/{contact_id}",
	  deals_stakeholder_remove, 0,
	  "Remove a stakeholder",
	  .doc = { .result = "DealDetail", .flags = DOC_RECORD } },
	ROUTE_END
};
