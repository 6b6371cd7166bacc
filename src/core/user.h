/* The rules of the team that the generic record layer cannot know: an
 * organisation keeps an active admin, and a deactivated user's sessions and
 * tokens end. record_update() calls user_on_update() for every change to a
 * user, from the CLI and the API alike. Read next: core/auth.h. */
#ifndef FC_CORE_USER_H
#define FC_CORE_USER_H

#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"

/* Runs inside record_update()'s transaction before user ID is written,
 * with the user as it was (BEFORE) and the validated PATCH (may be NULL).
 * Refuses (FC_ECONFLICT, rule "last-admin") to demote or deactivate the
 * last active admin of the organisation; when the user is deactivated,
 * revokes their sessions, API tokens and calendar feed, so that a user
 * made active again signs in afresh. */
int user_on_update(struct fc_ctx *ctx, int64_t id, json_t *before,
		   json_t *patch, struct fc_error *err);

/* The id of the user REF names in ctx's organisation: a user id (all
 * digits: "12") or an email address (case ignored). FC_EINVAL (field
 * FIELD) for a zero or too long REF, FC_ENOTFOUND ("no user 'REF'") when there is none. */
int user_find(struct fc_ctx *ctx, const char *ref, const char *field,
	      int64_t *id, struct fc_error *err);

#endif
