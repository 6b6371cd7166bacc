/* The rules of the team that the generic record layer cannot know: a new
 * user is a rep unless said otherwise, an organisation keeps an active
 * admin, and a deactivated user's sessions and tokens end. record_create()
 * and record_update() call the hooks below for every new user and every
 * change to one, from the CLI and the API alike; user_find() is the one way
 * a user given by id, e-mail or full name (an owner, a filter, an imported
 * row's owner) becomes a user id.
 * Read next: core/auth.h. */
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

/* The role of a new user whose input names none. */
#define USER_DEFAULT_ROLE "rep"

/* Completes a new user's IN with USER_DEFAULT_ROLE when "role" is absent
 * or null (the column has no default). */
int user_on_create(struct fc_ctx *ctx, json_t *in, struct fc_error *err);

/* A new user from IN (email, name, role, team, active) and, when IN has
 * one, their initial "password" (auth_password_hash()'s rules); one
 * transaction. A password an admin gives another user must be changed at
 * their first sign-in (must_change_password), unless IN has
 * "must_change_password": false. */
int user_create(struct fc_ctx *ctx, json_t *in, int64_t *id,
		struct fc_error *err);
/* Changes user ID's fields as record_update() does; a "password" in PATCH
 * sets a new one (an admin's reset, which the user must change at their
 * next sign-in, as for user_create()) and ends the user's sessions and
 * API tokens, in the same transaction. */
int user_update(struct fc_ctx *ctx, int64_t id, json_t *patch,
		int64_t if_version, struct fc_error *err);

/* *REQUIRED: whether ctx->user signs in with a password an admin gave
 * them and must choose their own (auth_set_password() clears it). */
int user_password_change_required(struct fc_ctx *ctx, int *required,
				  struct fc_error *err);

/* The longest user reference user_find() takes: an e-mail's bound. */
#define USER_REF_MAX 254

/* Users an ambiguous name's error lists by e-mail before "...". */
#define USER_AMBIGUOUS_NAMED 5

/* WHO, a user id ("12"), an e-mail (any case) or a full name, as the id of
 * a user of ctx's organisation. A name matches whatever its case, accents
 * and spacing ("dana  WHITFIELD" is "Dana Whitfield", "Jose" is "José"), and
 * must be unique within the organisation. FIELD names the input in errors
 * ("owner", "user"). Returns 0, FC_EINVAL (empty, too long, digits followed
 * by more, or a name several users have: "owner 'Dana Whitfield' is
 * ambiguous: dana@a.test, dana.w@a.test"), FC_ENOTFOUND ("no user 'WHO'"),
 * or a store error. */
int user_find(struct fc_ctx *ctx, const char *field, const char *who,
	      int64_t *id, struct fc_error *err);

#endif
