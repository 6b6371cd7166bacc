/* The UID a contact's vCard carries: the UID of the card it was imported
 * from (contacts.vcard_uid), else one made for it here, which names the
 * organisation (its id and the moment it was created, so another
 * database's cards never name this one's contacts) and the contact's id.
 * Exporting contacts (core/export.c) and importing the file again
 * (core/import/vcard.c) thus finds the same contacts. */
#ifndef FC_CORE_CONTACT_UID_H
#define FC_CORE_CONTACT_UID_H

#include <stdint.h>

#include "core/ctx.h"

/* *OUT (heap-owned) gets contact ID's UID. */
int contact_uid(struct fc_ctx *ctx, int64_t id, char **out,
		struct fc_error *err);

/* *ID gets the contact a UID made here for ctx->org_id names (whether or
 * not it still exists), 0 when UID is not one. */
int contact_uid_made_here(struct fc_ctx *ctx, const char *uid, int64_t *id,
			  struct fc_error *err);

#endif
