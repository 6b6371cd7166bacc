/* Webhook subscriptions and their outbox; see webhook.h. */
#include <curl/curl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/record.h"
#include "core/webhook.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

const struct webhook_event webhook_events[] = {
	{ "deal.created", "deal", { "create" }, "the deal",
	  "a deal was opened, at its process's first step" },
	{ "deal.advanced", "deal", { "advance", "back", "force" }, "the deal",
	  "a deal moved to another step (change.from_step, change.to_step)" },
	{ "deal.won", "deal", { "won" }, "the deal", "a deal was won" },
	{ "deal.lost", "deal", { "lost", "disqualified" }, "the deal",
	  "a deal was lost or disqualified (change.reason)" },
	{ "deal.reopened", "deal", { "reopen" }, "the deal",
	  "a closed deal was opened again" },
	{ "interaction.logged", "interaction", { "create" }, "the interaction",
	  "an interaction (a call, a meeting, an e-mail) was logged" },
	{ "next_step.set", "next_step", { "create" }, "the next step",
	  "a deal's next step was set" },
	{ "next_step.done", "deal", { "next_step_done" }, "the deal",
	  "a deal's next step was done (change names the step)" },
	{ "next_step.missed", "next_step", { "missed" }, "the next step",
	  "a promised next step passed its due day undone" },
	{ "check.recorded", "deal", { "check" }, "the deal",
	  "a won deal's satisfaction check was recorded (change names it)" },
	{ "referral.recorded", "referral", { "create" }, "the referral",
	  "a referral was recorded" },
	{ "contact.created", "contact", { "create" }, "the contact",
	  "a contact was created" },
	{ "contact.updated", "contact", { "update" }, "the contact",
	  "a contact was changed (change.before, change.after)" },
	{ "contact.merged", "contact", { "merge" }, "the surviving contact",
	  "another contact was merged into this one" },
	{ "account.created", "account", { "create" }, "the account",
	  "an account was created" },
	{ "account.updated", "account", { "update" }, "the account",
	  "an account was changed (change.before, change.after)" },
	{ "account.merged", "account", { "merge" }, "the surviving account",
	  "another account was merged into this one" },
	{ NULL, NULL, { NULL }, NULL, NULL }
};

const char *webhook_event_name(const char *entity, const char *action)
{
	for (int i = 0; webhook_events[i].name; i++) {
		const struct webhook_event *w = &webhook_events[i];
		if (strcmp(w->entity, entity))
			continue;
		for (int k = 0; k < 4 && w->actions[k]; k++)
			if (!strcmp(w->actions[k], action))
				return w->name;
	}
	return NULL;
}

static int admin_only(const struct fc_ctx *ctx, struct fc_error *err)
{
	if (ctx->user.role != ROLE_ADMIN)
		return fc_fail(err, FC_EFORBIDDEN, NULL, "webhooks are for admins");
	return 0;
}

/* Whether the space-separated list EVENTS ('*' for all) has NAME. */
static int wants(const char *events, const char *name)
{
	size_t n = strlen(name);
	if (!strcmp(events, "*"))
		return 1;
	for (const char *p = events; *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, name, n))
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

/* The payload: the event's name and id, its time, the organisation, the
 * record as the API shows it (its id alone when it is gone or hidden from
 * the actor), and what changed. */
static char *payload(struct fc_ctx *ctx, int64_t event_id, const char *name,
		     const char *entity, int64_t entity_id, const char *at,
		     const char *from_step, const char *to_step,
		     const char *reason, json_t *data)
{
	const struct entity *e = entity_find(entity);
	struct fc_error ignored = { 0 };
	json_t *record = NULL, *org, *change = json_object();
	struct db_stmt *st = db_prepare(ctx->db, "SELECT name FROM orgs WHERE id = ?");
	const char *org_name = NULL;
	char *org_copy = NULL, *out;

	if (st) {
		db_bind_int(st, 1, ctx->org_id);
		if (db_step(st) > 0 && db_col_text(st, 0))
			org_copy = xstrdup(db_col_text(st, 0));
		db_done(st);
	}
	org_name = org_copy ? org_copy : "";
	if (!e || record_get(ctx, e, entity_id, &record, &ignored))
		record = json_pack("{s:I}", "id", (json_int_t)entity_id);
	org = json_pack("{s:I, s:s}", "id", (json_int_t)ctx->org_id, "name",
			org_name);
	if (from_step)
		json_object_set_new(change, "from_step", json_string(from_step));
	if (to_step)
		json_object_set_new(change, "to_step", json_string(to_step));
	if (reason)
		json_object_set_new(change, "reason", json_string(reason));
	if (data && json_is_object(data))
		json_object_update(change, data);
	json_t *body = json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:o}",
		"id", (json_int_t)event_id, "event", name, "time", at,
		"organisation", org, "entity", entity, "record", record,
		"change", change);
	out = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(body);
	free(org_copy);
	return out;
}

int webhook_outbox_write(struct fc_ctx *ctx, int64_t event_id,
			 const char *entity, int64_t entity_id,
			 const char *action, const char *at,
			 const char *from_step, const char *to_step,
			 const char *reason, json_t *data,
			 struct fc_error *err)
{
	const char *name = webhook_event_name(entity, action);
	int64_t ids[WEBHOOK_MAX];
	int n = 0, rc = 0;
	char *body = NULL;

	if (!name)
		return 0;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT id, events FROM webhooks "
					"WHERE org_id = ? ORDER BY id");
	if (!st)
		return db_error(ctx->db, err);
	db_bind_int(st, 1, ctx->org_id);
	while ((rc = db_step(st)) > 0)
		if (n < (int)(sizeof(ids) / sizeof(ids[0])) &&
		    wants(db_col_text(st, 1), name))
			ids[n++] = db_col_int(st, 0);
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (!n)
		return 0;
	body = payload(ctx, event_id, name, entity, entity_id, at, from_step,
		       to_step, reason, data);
	for (int i = 0; i < n && !rc; i++)
		if (db_run(ctx->db, "INSERT INTO webhook_outbox (org_id, webhook_id,"
			   " event_id, name, entity, entity_id, body, next_at, "
			   "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)",
			   "iiississ", ctx->org_id, ids[i], event_id, name, entity,
			   entity_id, body, at) < 0)
			rc = db_error(ctx->db, err);
	free(body);
	return rc;
}

/* ---- subscriptions ---- */

static int url_check(const char *url, struct fc_error *err)
{
	CURLU *u;
	char *scheme = NULL, *host = NULL;
	int ok;
	if (!url || !*url)
		return fc_fail(err, FC_EINVAL, "url", "'url' is required");
	if (strlen(url) > WEBHOOK_URL_MAX)
		return fc_fail(err, FC_EINVAL, "url", "'url' is longer than %d "
			       "bytes", WEBHOOK_URL_MAX);
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return fc_fail(err, FC_EINVAL, "url", "'url' holds a "
				       "space or a control character");
	u = curl_url();
	ok = u && !curl_url_set(u, CURLUPART_URL, url, 0) &&
	     !curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) &&
	     !curl_url_get(u, CURLUPART_HOST, &host, 0) && host && *host &&
	     (!strcasecmp(scheme, "http") || !strcasecmp(scheme, "https"));
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	if (!ok)
		return fc_fail(err, FC_EINVAL, "url", "'url' must be an http:// or "
			       "https:// address with a host");
	return 0;
}

/* EVENTS (a JSON array of event names, or ["*"]) as the stored list. */
static int events_text(json_t *events, struct buf *out, struct fc_error *err)
{
	size_t i;
	json_t *v;
	if (!json_is_array(events) || !json_array_size(events))
		return fc_fail(err, FC_EINVAL, "events", "'events' must list event "
			       "names, or \"*\" for all of them");
	if (json_array_size(events) > WEBHOOK_EVENTS_MAX)
		return fc_fail(err, FC_EINVAL, "events", "'events' lists more than "
			       "%d names", WEBHOOK_EVENTS_MAX);
	json_array_foreach(events, i, v) {
		const char *s = json_string_value(v);
		int known = s && !strcmp(s, "*");
		for (int k = 0; s && !known && webhook_events[k].name; k++)
			known = !strcmp(webhook_events[k].name, s);
		if (!known)
			return fc_fail(err, FC_EINVAL, "events", "'%.64s' is no "
				       "event (see `fulcrum help webhook`)",
				       s ? s : "(not a string)");
		if (!strcmp(s, "*")) {
			buf_clear(out);
			buf_adds(out, "*");
			return 0;
		}
		if (!wants(out->s ? out->s : "", s))
			buf_addf(out, "%s%s", out->len ? " " : "", s);
	}
	return 0;
}

int webhook_add(struct fc_ctx *ctx, const char *url, json_t *events,
		int64_t *id, char secret[WEBHOOK_SECRET_LEN],
		struct fc_error *err)
{
	unsigned char raw[32];
	char now[TIME_LEN];
	struct buf ev = BUF_INIT;
	int rc;

	if ((rc = admin_only(ctx, err)) || (rc = url_check(url, err)) ||
	    (rc = events_text(events, &ev, err))) {
		buf_release(&ev);
		return rc;
	}
	randombytes_buf(raw, sizeof(raw));
	memcpy(secret, "whsec_", 6);
	sodium_bin2hex(secret + 6, WEBHOOK_SECRET_LEN - 6, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	ctx_now_time(ctx, now);
	if (db_begin(ctx->db, 1)) {
		buf_release(&ev);
		return db_error(ctx->db, err);
	}
	int64_t have = 0;
	if (db_query_int(ctx->db, &have, "SELECT COUNT(*) FROM webhooks WHERE "
			 "org_id = ?", "i", ctx->org_id)) {
		buf_release(&ev);
		return ctx_tx_end(ctx, db_error(ctx->db, err), err);
	}
	if (have >= WEBHOOK_MAX) {
		buf_release(&ev);
		return ctx_tx_end(ctx, fc_fail(err, FC_ELIMIT, NULL, "an organisation "
				  "has at most %d webhooks", WEBHOOK_MAX), err);
	}
	struct db_stmt *st = db_prepare(ctx->db, "INSERT INTO webhooks (org_id, "
		"url, events, secret, created_by, created_at) VALUES (?, ?, ?, ?, "
		"?, ?) RETURNING id");
	if (!st)
		rc = db_error(ctx->db, err);
	else {
		db_bindf(st, "isssis", ctx->org_id, url, ev.s, secret,
			 ctx->user.id, now);
		if ((rc = db_step(st)) > 0) {
			*id = db_col_int(st, 0);
			rc = 0;
		} else
			rc = db_error(ctx->db, err);
		db_done(st);
	}
	buf_release(&ev);
	return ctx_tx_end(ctx, rc, err);
}

/* A subscription's row as JSON, from a statement of subscription_sql's
 * columns. */
#define SUBSCRIPTION_SQL "SELECT w.id, w.url, w.events, w.state, " \
	"w.failing_since, w.created_at, (SELECT COUNT(*) FROM webhook_outbox o" \
	" WHERE o.org_id = w.org_id AND o.webhook_id = w.id AND o.state = " \
	"'pending'), l.last_at, l.state, l.last_code FROM webhooks w LEFT JOIN" \
	" webhook_outbox l ON l.org_id = w.org_id AND l.id = (SELECT MAX(x.id)" \
	" FROM webhook_outbox x WHERE x.org_id = w.org_id AND x.webhook_id = " \
	"w.id AND x.last_at IS NOT NULL) WHERE w.org_id = ?"

static json_t *text_or_null(struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);
	return s ? json_string(s) : json_null();
}

static json_t *subscription_row(struct db_stmt *st)
{
	json_t *events = json_array();
	const char *list = db_col_text(st, 2);
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		json_array_append_new(events, json_stringn(p, len));
		if (!end)
			break;
		p = end + 1;
	}
	json_t *last = db_col_is_null(st, 7) ? json_null() :
		json_pack("{s:o, s:o, s:o}", "at", text_or_null(st, 7),
			  "status", text_or_null(st, 8), "code",
			  db_col_is_null(st, 9) ? json_null() :
			  json_integer(db_col_int(st, 9)));
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:I, s:o}",
		"id", (json_int_t)db_col_int(st, 0), "url", text_or_null(st, 1),
		"events", events, "state", text_or_null(st, 3),
		"failing_since", text_or_null(st, 4),
		"created_at", text_or_null(st, 5),
		"pending", (json_int_t)db_col_int(st, 6),
		"last_delivery", last);
}

static int subscriptions(struct fc_ctx *ctx, int64_t id, json_t **out,
			 struct fc_error *err)
{
	json_t *items = json_array();
	int rc;
	struct db_stmt *st = db_prepare(ctx->db, id ? SUBSCRIPTION_SQL
					" AND w.id = ?" : SUBSCRIPTION_SQL
					" ORDER BY w.id");
	if (!st) {
		json_decref(items);
		return db_error(ctx->db, err);
	}
	db_bind_int(st, 1, ctx->org_id);
	if (id)
		db_bind_int(st, 2, id);
	while ((rc = db_step(st)) > 0)
		json_array_append_new(items, subscription_row(st));
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return db_error(ctx->db, err);
	}
	*out = items;
	return 0;
}

int webhook_list(struct fc_ctx *ctx, json_t **out, struct fc_error *err)
{
	json_t *items = NULL;
	int rc;
	if ((rc = admin_only(ctx, err)) || (rc = subscriptions(ctx, 0, &items, err)))
		return rc;
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

int webhook_get(struct fc_ctx *ctx, int64_t id, json_t **out,
		struct fc_error *err)
{
	json_t *items = NULL;
	int rc;
	if ((rc = admin_only(ctx, err)) || (rc = subscriptions(ctx, id, &items, err)))
		return rc;
	if (!json_array_size(items)) {
		json_decref(items);
		return fc_fail(err, FC_ENOTFOUND, NULL, "no webhook %lld",
			       (long long)id);
	}
	*out = json_incref(json_array_get(items, 0));
	json_decref(items);
	return 0;
}

static int exists(struct fc_ctx *ctx, int64_t id, struct fc_error *err)
{
	int64_t n = 0;
	if (db_query_int(ctx->db, &n, "SELECT COUNT(*) FROM webhooks WHERE "
			 "org_id = ? AND id = ?", "ii", ctx->org_id, id))
		return db_error(ctx->db, err);
	return n ? 0 : fc_fail(err, FC_ENOTFOUND, NULL, "no webhook %lld",
			       (long long)id);
}

int webhook_remove(struct fc_ctx *ctx, int64_t id, struct fc_error *err)
{
	int rc;
	if ((rc = admin_only(ctx, err)))
		return rc;
	if (db_begin(ctx->db, 1))
		return db_error(ctx->db, err);
	rc = exists(ctx, id, err);
	if (!rc && (db_run(ctx->db, "DELETE FROM webhook_outbox WHERE org_id = ? "
			   "AND webhook_id = ?", "ii", ctx->org_id, id) < 0 ||
		    db_run(ctx->db, "DELETE FROM webhooks WHERE org_id = ? AND "
			   "id = ?", "ii", ctx->org_id, id) < 0))
		rc = db_error(ctx->db, err);
	return ctx_tx_end(ctx, rc, err);
}

static int queue(struct fc_ctx *ctx, int64_t webhook, int64_t event_id,
		 const char *name, const char *entity, int64_t entity_id,
		 const char *body, int64_t *id, struct fc_error *err)
{
	char now[TIME_LEN];
	int rc;
	ctx_now_time(ctx, now);
	struct db_stmt *st = db_prepare(ctx->db, "INSERT INTO webhook_outbox "
		"(org_id, webhook_id, event_id, name, entity, entity_id, body, "
		"next_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?) "
		"RETURNING id");
	if (!st)
		return db_error(ctx->db, err);
	db_bind_int(st, 1, ctx->org_id);
	db_bind_int(st, 2, webhook);
	if (event_id)
		db_bind_int(st, 3, event_id);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, name);
	db_bind_text(st, 5, entity);
	db_bind_int(st, 6, entity_id);
	db_bind_text(st, 7, body);
	db_bind_text(st, 8, now);
	if ((rc = db_step(st)) > 0) {
		*id = db_col_int(st, 0);
		rc = 0;
	} else
		rc = db_error(ctx->db, err);
	db_done(st);
	return rc;
}

int webhook_ping(struct fc_ctx *ctx, int64_t id, int64_t *delivery,
		 struct fc_error *err)
{
	char now[TIME_LEN];
	int rc;
	if ((rc = admin_only(ctx, err)))
		return rc;
	ctx_now_time(ctx, now);
	if (db_begin(ctx->db, 1))
		return db_error(ctx->db, err);
	if (!(rc = exists(ctx, id, err))) {
		json_t *j = json_pack("{s:n, s:s, s:s, s:{s:I}, s:s, s:{s:I}, "
			"s:{}}", "id", "event", "ping", "time", now,
			"organisation", "id", (json_int_t)ctx->org_id,
			"entity", "webhook", "record", "id", (json_int_t)id,
			"change");
		char *body = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(j);
		rc = queue(ctx, id, 0, "ping", "webhook", id, body, delivery, err);
		free(body);
	}
	return ctx_tx_end(ctx, rc, err);
}

int webhook_deliveries(struct fc_ctx *ctx, int64_t id, int limit,
		       json_t **out, struct fc_error *err)
{
	json_t *items = json_array();
	int rc;
	if ((rc = admin_only(ctx, err)) || (rc = exists(ctx, id, err))) {
		json_decref(items);
		return rc;
	}
	if (limit <= 0)
		limit = 50;
	if (limit > WEBHOOK_LOG_MAX)
		limit = WEBHOOK_LOG_MAX;
	struct db_stmt *st = db_prepare(ctx->db, "SELECT id, event_id, name, "
		"entity, entity_id, state, attempts, created_at, last_at, "
		"last_code, last_error, delivered_at FROM webhook_outbox WHERE "
		"org_id = ? AND webhook_id = ? ORDER BY id DESC LIMIT ?");
	if (!st) {
		json_decref(items);
		return db_error(ctx->db, err);
	}
	db_bindf(st, "iii", ctx->org_id, id, (int64_t)limit);
	while ((rc = db_step(st)) > 0)
		json_array_append_new(items, json_pack("{s:I, s:o, s:o, s:o, "
			"s:I, s:o, s:I, s:o, s:o, s:o, s:o, s:o}",
			"id", (json_int_t)db_col_int(st, 0), "event_id",
			db_col_is_null(st, 1) ? json_null() :
			json_integer(db_col_int(st, 1)),
			"event", text_or_null(st, 2), "entity", text_or_null(st, 3),
			"entity_id", (json_int_t)db_col_int(st, 4),
			"status", text_or_null(st, 5),
			"attempts", (json_int_t)db_col_int(st, 6),
			"created_at", text_or_null(st, 7),
			"last_at", text_or_null(st, 8),
			"code", db_col_is_null(st, 9) ? json_null() :
			json_integer(db_col_int(st, 9)),
			"error", text_or_null(st, 10),
			"delivered_at", text_or_null(st, 11)));
	db_done(st);
	if (rc < 0) {
		json_decref(items);
		return db_error(ctx->db, err);
	}
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

int webhook_redeliver(struct fc_ctx *ctx, int64_t id, int64_t delivery,
		      int64_t *again, struct fc_error *err)
{
	int rc;
	if ((rc = admin_only(ctx, err)))
		return rc;
	if (db_begin(ctx->db, 1))
		return db_error(ctx->db, err);
	struct db_stmt *st = db_prepare(ctx->db, "SELECT event_id, name, entity,"
		" entity_id, body FROM webhook_outbox WHERE org_id = ? AND "
		"webhook_id = ? AND id = ?");
	if (!st)
		return ctx_tx_end(ctx, db_error(ctx->db, err), err);
	db_bindf(st, "iii", ctx->org_id, id, delivery);
	if ((rc = db_step(st)) > 0) {
		char *name = xstrdup(db_col_text(st, 1));
		char *entity = xstrdup(db_col_text(st, 2));
		char *body = xstrdup(db_col_text(st, 4));
		int64_t event_id = db_col_is_null(st, 0) ? 0 : db_col_int(st, 0);
		int64_t entity_id = db_col_int(st, 3);
		db_done(st);
		rc = queue(ctx, id, event_id, name, entity, entity_id, body,
			   again, err);
		free(name);
		free(entity);
		free(body);
	} else {
		db_done(st);
		rc = rc < 0 ? db_error(ctx->db, err) :
		     fc_fail(err, FC_ENOTFOUND, NULL, "webhook %lld has no "
			     "delivery %lld", (long long)id, (long long)delivery);
	}
	return ctx_tx_end(ctx, rc, err);
}
