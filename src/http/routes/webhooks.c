/* Webhook subscriptions (admins only): subscribe a URL to events (its
 * secret is shown in this answer only), list, read, remove, the delivery
 * log, a test ping and the redelivery of one delivery. The rules are in
 * core/webhook.c; the payloads are the OpenAPI document's `webhooks`. */
#include <stdlib.h>
#include <string.h>

#include "core/webhook.h"
#include "http/http.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int hook_create(struct req *r)
{
	char secret[WEBHOOK_SECRET_LEN];
	json_t *url = json_object_get(r->body, "url");
	const char *key;
	json_t *v, *out = NULL;
	int64_t id = 0;
	int rc;

	json_object_foreach(r->body, key, v)
		if (strcmp(key, "url") && strcmp(key, "events"))
			return fc_fail(&r->err, FC_EINVAL, key, "unknown field "
				       "'%.64s'", key);
	if (url && !json_is_string(url))
		return fc_fail(&r->err, FC_EINVAL, "url", "'url' must be a string");
	if ((rc = webhook_add(&r->ctx, json_string_value(url),
			      json_object_get(r->body, "events"), &id, secret,
			      &r->err)))
		return rc;
	if ((rc = webhook_get(&r->ctx, id, &out, &r->err)))
		return rc;
	json_object_set_new(out, "secret", json_string(secret));
	memset(secret, 0, sizeof(secret));
	resp_location(r, "/api/v1/webhooks/%lld", (long long)id);
	resp_json(r, 201, out);
	return 0;
}

static int hook_list(struct req *r)
{
	json_t *out = NULL;
	int rc = webhook_list(&r->ctx, &out, &r->err);
	if (!rc)
		resp_items(r, json_incref(json_object_get(out, "items")));
	json_decref(out);
	return rc;
}

static int hook_show(struct req *r)
{
	json_t *out = NULL;
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = webhook_get(&r->ctx, id, &out, &r->err)))
		return rc;
	resp_json(r, 200, out);
	return 0;
}

static int hook_remove(struct req *r)
{
	int64_t id;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = webhook_remove(&r->ctx, id, &r->err)))
		return rc;
	resp_empty(r, 204);
	return 0;
}

static int hook_ping(struct req *r)
{
	int64_t id, delivery = 0;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = webhook_ping(&r->ctx, id, &delivery, &r->err)))
		return rc;
	resp_json(r, 202, json_pack("{s:I}", "delivery_id", (json_int_t)delivery));
	return 0;
}

static int hook_deliveries(struct req *r)
{
	json_t *out = NULL;
	int64_t id, limit;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = req_query_int(r, "limit", 1, WEBHOOK_LOG_MAX, 50, &limit)) ||
	    (rc = webhook_deliveries(&r->ctx, id, (int)limit, &out, &r->err)))
		return rc;
	resp_items(r, json_incref(json_object_get(out, "items")));
	json_decref(out);
	return 0;
}

static int hook_redeliver(struct req *r)
{
	int64_t id, delivery, again = 0;
	int rc;
	if ((rc = req_param_id(r, "id", &id)) ||
	    (rc = req_param_id(r, "delivery", &delivery)) ||
	    (rc = webhook_redeliver(&r->ctx, id, delivery, &again, &r->err)))
		return rc;
	resp_json(r, 202, json_pack("{s:I}", "delivery_id", (json_int_t)again));
	return 0;
}

static const struct route_query limit_query[] = {
	{ "limit", NULL, NULL }, { NULL, NULL, NULL }
};

const struct route routes_webhooks[] = {
	{ "POST", "/api/v1/webhooks", hook_create, ROUTE_JSON_BODY | ROUTE_ADMIN,
	  "Subscribe a URL to events (the signing secret is shown once)",
	  .doc = { .body = "WebhookCreate", .status = 201,
		   .result = "WebhookCreated" } },
	{ "GET", "/api/v1/webhooks", hook_list, ROUTE_ADMIN,
	  "List the webhook subscriptions and their state",
	  .doc = { .result = "WebhookList" } },
	{ "GET", "/api/v1/webhooks/{id}", hook_show, ROUTE_ADMIN,
	  "Read a webhook subscription",
	  .doc = { .result = "Webhook" } },
	{ "DELETE", "/api/v1/webhooks/{id}", hook_remove, ROUTE_ADMIN,
	  "Remove a webhook subscription and its pending deliveries",
	  .doc = { .status = 204 } },
	{ "POST", "/api/v1/webhooks/{id}/ping", hook_ping, ROUTE_ADMIN,
	  "Queue a test ping to the subscription's URL",
	  .doc = { .status = 202, .result = "WebhookQueued" } },
	{ "GET", "/api/v1/webhooks/{id}/deliveries", hook_deliveries, ROUTE_ADMIN,
	  "The subscription's delivery log, newest first",
	  .doc = { .result = "WebhookDeliveryList", .query = limit_query } },
	{ "POST", "/api/v1/webhooks/{id}/deliveries/{delivery}/redeliver",
	  hook_redeliver, ROUTE_ADMIN,
	  "Deliver one event again (same body, same event id)",
	  .doc = { .status = 202, .result = "WebhookQueued" } },
	ROUTE_END
};
