/* Webhooks: an admin subscribes a URL to events; every event a subscription
 * wants is written to its outbox (sql/029-webhooks.sql) by history_record(),
 * in the transaction of the change, so no committed change lacks its event
 * and no rolled-back change has one. The worker of `fulcrum serve`
 * (core/webhook-deliver.c) posts them, signed (core/webhook-sign.c).
 * docs/webhooks.md says it for users. Read next: core/webhook-deliver.h. */
#ifndef FC_CORE_WEBHOOK_H
#define FC_CORE_WEBHOOK_H

#include <jansson.h>

#include "core/ctx.h"

#define WEBHOOK_URL_MAX 2048
#define WEBHOOK_EVENTS_MAX 64	/* names in one subscription */
#define WEBHOOK_SECRET_LEN 71	/* "whsec_" + 64 hex digits + NUL */
#define WEBHOOK_LOG_MAX 200	/* deliveries one log page shows at most */
#define WEBHOOK_MAX 64		/* subscriptions of one organisation */

/* One kind of event a subscription may ask for: its name, the history
 * events (entity and action) it stands for, and what it means. */
struct webhook_event {
	const char *name;	/* "deal.won" */
	const char *entity;	/* the history event's entity: "deal" */
	const char *actions[4];	/* its actions, NULL-terminated */
	const char *record;	/* which record the payload's "record" is */
	const char *doc;	/* one line for the OpenAPI document */
};

/* The table of every event, ending with a NULL name. */
extern const struct webhook_event webhook_events[];

/* The event name history event (ENTITY, ACTION) stands for, or NULL. */
const char *webhook_event_name(const char *entity, const char *action);

/* Writes to the outbox of every subscription of ctx->org_id that wants
 * history event EVENT_ID (ENTITY ENTITY_ID, ACTION at AT, with its DATA,
 * FROM and TO steps and REASON, each may be NULL), in the caller's
 * transaction. Nothing when no subscription wants it. */
int webhook_outbox_write(struct fc_ctx *ctx, int64_t event_id,
			 const char *entity, int64_t entity_id,
			 const char *action, const char *at,
			 const char *from_step, const char *to_step,
			 const char *reason, json_t *data,
			 struct fc_error *err);

/* Subscribes URL (http or https, at most WEBHOOK_URL_MAX bytes) to EVENTS
 * (a JSON array of names of webhook_events, or ["*"] for all). Admins
 * only. *ID gets its id, SECRET (WEBHOOK_SECRET_LEN) its signing secret,
 * which nothing shows again. FC_ELIMIT when the organisation has
 * WEBHOOK_MAX subscriptions already. */
int webhook_add(struct fc_ctx *ctx, const char *url, json_t *events,
		int64_t *id, char secret[WEBHOOK_SECRET_LEN],
		struct fc_error *err);
/* {"items": [subscription, ...]}: id, url, events, state, failing_since,
 * created_at, pending, and last_delivery (the last attempt's time, status
 * and code, or null). Admins only. */
int webhook_list(struct fc_ctx *ctx, json_t **out, struct fc_error *err);
int webhook_get(struct fc_ctx *ctx, int64_t id, json_t **out,
		struct fc_error *err);
/* Removes subscription ID and its outbox. */
int webhook_remove(struct fc_ctx *ctx, int64_t id, struct fc_error *err);
/* Queues a "ping" event for subscription ID; *DELIVERY gets its id. */
int webhook_ping(struct fc_ctx *ctx, int64_t id, int64_t *delivery,
		 struct fc_error *err);
/* The delivery log of subscription ID, newest first, at most LIMIT
 * (1..WEBHOOK_LOG_MAX; 0: 50): {"items": [delivery, ...]}. */
int webhook_deliveries(struct fc_ctx *ctx, int64_t id, int limit,
		       json_t **out, struct fc_error *err);
/* Queues delivery DELIVERY of subscription ID again, as a new delivery of
 * the same event (same body, same event id); *AGAIN gets its id. */
int webhook_redeliver(struct fc_ctx *ctx, int64_t id, int64_t delivery,
		      int64_t *again, struct fc_error *err);

#endif
