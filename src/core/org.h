/* Organisations (tenants): creating one with its first admin and its
 * default process. */
#ifndef FC_CORE_ORG_H
#define FC_CORE_ORG_H

#include "core/ctx.h"

struct org_init {
	const char *name;
	const char *admin_email;
	const char *admin_name;
};

/* Creates the organisation and its admin and makes CTX act as that admin
 * in it. FC_ECONFLICT when the database already holds an organisation of
 * that name. */
int org_create(struct fc_ctx *ctx, const struct org_init *in,
	       struct fc_error *err);

#endif
