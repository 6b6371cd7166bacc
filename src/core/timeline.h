/* The timeline of a contact or an account: what happened with them, newest
 * first. A contact's holds the interactions logged on it or on its deals
 * and its deals' history events; an account's holds the same for every
 * contact and deal of the account. Both also hold their merges and undos
 * (core/merge.h) and every event of a record merged into them, with no
 * deal_id ("text" names the other record). Only what the acting user may
 * see of each deal is listed (core/query.h). Read next: core/history.h. */
#ifndef FC_CORE_TIMELINE_H
#define FC_CORE_TIMELINE_H

#include <jansson.h>

#include "core/ctx.h"
#include "core/record.h"

#define TIMELINE_LIMIT_MAX 500

/* {"items": [{"source": "interaction"|"event", "id", "at", "what" (the
 * interaction's kind or the event's action), "text" (notes or reason),
 * "deal_id", "deal", "contact_id", "contact", "actor_id", "actor",
 * "from_step", "to_step"}]}, at most LIMIT (1..TIMELINE_LIMIT_MAX) items
 * (new reference in *OUT). E is entity_contact or entity_account; ID must be
 * visible to ctx->user (FC_ENOTFOUND otherwise). */
int timeline_list(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		  int limit, json_t **out, struct fc_error *err);

#endif
