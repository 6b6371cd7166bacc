/* Webhooks in the OpenAPI document: the schemas of /api/v1/webhooks and
 * the 3.1 `webhooks` section, one entry per event of core's table
 * (webhook_events), each the payload posted to a subscription's URL. */
#include <stdio.h>
#include <string.h>

#include "core/webhook.h"
#include "http/http.h"
#include "util/banned.h"

static json_t *ref(const char *name)
{
	char buf[128];
	snprintf(buf, sizeof(buf), "#/components/schemas/%s", name);
	return json_pack("{s:s}", "$ref", buf);
}

static json_t *nullable(const char *type)
{
	return json_pack("{s:[s, s]}", "type", type, "null");
}

static json_t *event_names(int with_all)
{
	json_t *names = json_array();
	if (with_all)
		json_array_append_new(names, json_string("*"));
	for (int i = 0; webhook_events[i].name; i++)
		json_array_append_new(names, json_string(webhook_events[i].name));
	return names;
}

void openapi_webhook_schemas(json_t *c)
{
	json_t *sub = json_pack("{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s, s:{s:s, "
		"s:o}}, s:{s:s, s:[s, s]}, s:o, s:{s:s}, s:{s:s, s:s}, s:{s:[o, "
		"{s:s}], s:s}}, s:[s, s, s, s, s, s, s, s], s:b}",
		"type", "object", "properties",
		"id", "type", "integer", "url", "type", "string",
		"events", "type", "array", "items", "type", "string", "enum",
		event_names(1),
		"state", "type", "string", "enum", "active", "failing",
		"failing_since", nullable("string"),
		"created_at", "type", "string",
		"pending", "type", "integer", "description",
		"deliveries waiting to be posted or retried",
		"last_delivery", "anyOf", ref("WebhookLastDelivery"), "type", "null",
		"description", "the last attempt: its time, status and code",
		"required", "id", "url", "events", "state", "failing_since",
		"created_at", "pending", "last_delivery",
		"additionalProperties", 0);
	json_object_set_new(c, "Webhook", sub);
	json_object_set_new(c, "WebhookLastDelivery", json_pack("{s:s, s:{s:{s:s},"
		" s:{s:s}, s:o}}", "type", "object", "properties", "at", "type",
		"string", "status", "type", "string", "code", nullable("integer")));
	json_t *created = json_deep_copy(sub);
	json_object_set_new(json_object_get(created, "properties"), "secret",
		json_pack("{s:s, s:s}", "type", "string", "description",
			  "the signing secret, shown in this answer only"));
	json_array_append_new(json_object_get(created, "required"),
			      json_string("secret"));
	json_object_set_new(c, "WebhookCreated", created);
	json_object_set_new(c, "WebhookCreate", json_pack("{s:s, s:{s:{s:s, s:i,"
		" s:s}, s:{s:s, s:i, s:i, s:{s:s, s:o}}}, s:[s, s], s:b}",
		"type", "object", "properties",
		"url", "type", "string", "maxLength", WEBHOOK_URL_MAX,
		"description", "an http:// or https:// address",
		"events", "type", "array", "minItems", 1, "maxItems",
		WEBHOOK_EVENTS_MAX, "items", "type", "string", "enum",
		event_names(1), "required", "url", "events",
		"additionalProperties", 0));
	json_object_set_new(c, "WebhookList", json_pack("{s:s, s:{s:{s:s, s:o},"
		" s:{s:[s, s]}}}", "type", "object", "properties", "items", "type",
		"array", "items", ref("Webhook"), "next_cursor", "type", "string",
		"null"));
	json_object_set_new(c, "WebhookQueued", json_pack("{s:s, s:{s:{s:s}}, "
		"s:[s]}", "type", "object", "properties", "delivery_id", "type",
		"integer", "required", "delivery_id"));
	json_object_set_new(c, "WebhookDelivery", json_pack("{s:s, s:{s:{s:s}, "
		"s:o, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:[s, s, s]}, s:{s:s}, "
		"s:{s:s}, s:o, s:o, s:o, s:o}}", "type", "object", "properties",
		"id", "type", "integer", "event_id", nullable("integer"),
		"event", "type", "string", "entity", "type", "string",
		"entity_id", "type", "integer",
		"status", "type", "string", "enum", "pending", "delivered", "failed",
		"attempts", "type", "integer", "created_at", "type", "string",
		"last_at", nullable("string"), "code", nullable("integer"),
		"error", nullable("string"), "delivered_at", nullable("string")));
	json_object_set_new(c, "WebhookDeliveryList", json_pack("{s:s, s:{s:{s:s,"
		" s:o}, s:{s:[s, s]}}}", "type", "object", "properties", "items",
		"type", "array", "items", ref("WebhookDelivery"), "next_cursor",
		"type", "string", "null"));
	json_object_set_new(c, "WebhookPayload", json_pack("{s:s, s:{s:{s:[s, s],"
		" s:s}, s:{s:s, s:o}, s:{s:s, s:s}, s:{s:s, s:{s:{s:s}, s:{s:s}}},"
		" s:{s:s}, s:{s:s, s:s}, s:{s:s, s:s}}, s:[s, s, s, s, s, s, s]}",
		"type", "object", "properties",
		"id", "type", "integer", "null", "description",
		"the event's id (its history event's): the same in every "
		"delivery of it, redeliveries too; null for a ping",
		"event", "type", "string", "enum", event_names(0),
		"time", "type", "string", "format", "date-time",
		"organisation", "type", "object", "properties", "id", "type",
		"integer", "name", "type", "string",
		"entity", "type", "string",
		"record", "type", "object", "description",
		"the record as GET /api/v1/{entity}s/{id} shows it at the event",
		"change", "type", "object", "description",
		"what the event changed: from_step, to_step, reason, and the "
		"history's data (before and after for an update)",
		"required", "id", "event", "time", "organisation", "entity",
		"record", "change"));
}

json_t *openapi_webhooks(void)
{
	json_t *out = json_object();
	char desc[512];
	for (int i = 0; webhook_events[i].name; i++) {
		const struct webhook_event *w = &webhook_events[i];
		snprintf(desc, sizeof(desc), "%s; `record` is %s. Posted with the "
			 "headers Fulcrum-Signature (t=<unix time>,v1=<hex "
			 "HMAC-SHA256 of \"<t>.<body>\" keyed with the secret>), "
			 "Fulcrum-Event-Id and Fulcrum-Event; answer 2xx to "
			 "acknowledge.", w->doc, w->record);
		/* the receiver's endpoint: it authenticates Fulcrum by the
		 * signature, not by a scheme of this document */
		json_object_set_new(out, w->name, json_pack("{s:{s:s, s:s, s:s, "
			"s:[], s:{s:b, s:{s:{s:o}}}, s:{s:{s:s}}}}", "post",
			"operationId", w->name, "summary", w->doc,
			"description", desc, "security",
			"requestBody", "required", 1,
			"content", "application/json", "schema",
			ref("WebhookPayload"), "responses", "2XX", "description",
			"acknowledged; anything else is retried"));
	}
	return out;
}
