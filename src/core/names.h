/* The names people know records by, beside the ids the store keeps: an
 * owner's name and e-mail beside owner_id, an account's name beside
 * account_id, a contact's beside contact_id, a deal's title beside
 * deal_id, and the other CRM's id (external_id) a record was imported
 * with. The CLI's tables and lists and the CSV exports show these; --json
 * and the API keep the ids alone. */
#ifndef FC_CORE_NAMES_H
#define FC_CORE_NAMES_H

#include <jansson.h>

#include "core/ctx.h"
#include "util/error.h"

/* Adds to every object of ITEMS, for each of its id fields that is set:
 * owner_id / user_id / actor_id -> owner_name, owner_email / user_name,
 * user_email / actor_name, actor_email; account_id -> account_name;
 * contact_id -> contact_name; deal_id -> deal_title; a referral's
 * from_contact_id / from_account_id -> from_contact_name /
 * from_account_name; referred_by_id -> referred_by_name; source_deal_id ->
 * source_deal_title; offering_id -> offering_name; want_id -> want_text;
 * process_id -> process_name; a lead form's lead_owner_id ->
 * lead_owner_name, lead_owner_email. With ENTITY ("account", "contact" or "deal"; NULL for none)
 * also external_id: the id the record's import gave it, or null. Names
 * are of the acting user's organisation; an id without a record gets
 * null. FC_ESTORE when the database fails. */
int names_add(struct fc_ctx *ctx, json_t *items, const char *entity,
	      struct fc_error *err);

/* The field names_add() sets beside ID_FIELD ("from_contact_id" ->
 * "from_contact_name"), or NULL when it names none. */
const char *names_field(const char *id_field);

#endif
