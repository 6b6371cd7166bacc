/* The field tables of every entity: names as in SPEC.md §2, the column that
 * stores each, its type, bounds and flags. The generic record layer
 * (record.c), the CLI's output and the OpenAPI document all read these. */
#include <string.h>

#include "core/auth.h"
#include "core/deal.h"
#include "core/engage.h"
#include "core/field.h"
#include "core/form.h"
#include "core/process.h"
#include "core/line-item.h"
#include "core/rate.h"
#include "core/record.h"
#include "core/user.h"
#include "util/banned.h"

#define RO (FF_READONLY)
#define IN (FF_INTERNAL)
#define NN (FF_NOT_NULL)
#define STAMPS \
	{ "created_at", NULL, FT_TIME, RO, 0, 0, NULL, NULL }, \
	{ "updated_at", NULL, FT_TIME, RO, 0, 0, NULL, NULL }, \
	{ "version", NULL, FT_INT, RO, 0, 0, NULL, NULL }
#define ID { "id", NULL, FT_INT, RO | FF_FILTER, 0, 0, NULL, NULL }
#define END { NULL, NULL, 0, 0, 0, 0, NULL, NULL }

static const char *const roles[] = { "admin", "manager", "rep", NULL };
static const char *const account_statuses[] = { "prospect", "customer", "former", NULL };
static const char *const sources[] = { "referral", "inbound", "outbound", "event", "web", "other", NULL };
static const char *const deal_statuses[] = { "open", "won", "lost",
	"disqualified", NULL };
static const char *const want_kinds[] = { "motivation", "issue", "problem", "objective", "criterion", NULL };
static const char *const interaction_kinds[] = { "call", "meeting", "email", "web", "visit", NULL };
static const char *const step_types[] = { "appointment", "demo", "trial", "evaluation", "committee", "proposal", "order", "follow-up", "other", NULL };
static const char *const agreement_types[] = { "next_step", "order", NULL };
static const char *const step_statuses[] = { "open", "done", "missed", NULL };
static const char *const referral_statuses[] = { "open", "engaged", "won", "lost", NULL };
static const char *const ask_kinds[] = { "referral", "expansion", NULL };
static const char *const check_kinds[] = { "delivery", "periodic", NULL };
static const char *const ask_statuses[] = { "open", "done", "declined", NULL };

static const struct field user_fields[] = {
	ID,
	{ "email", NULL, FT_EMAIL, FF_REQUIRED | FF_SEARCH | FF_FILTER | FF_FOLD_CASE, 0, 254, NULL, NULL },
	{ "name", NULL, FT_TEXT, FF_REQUIRED | FF_SEARCH, 0, 200, NULL, NULL },
	{ "role", NULL, FT_ENUM, FF_FILTER | NN, 0, 0, roles, NULL },
	{ "team", NULL, FT_TEXT, FF_FILTER, 0, 100, NULL, NULL },
	{ "active", NULL, FT_BOOL, FF_FILTER | NN, 0, 0, NULL, NULL },
	/* set with an admin's password (core/user.c), cleared by the user's own */
	{ "must_change_password", NULL, FT_BOOL, IN, 0, 0, NULL, NULL },
	/* set by user_create()/user_update() from a "password", never shown */
	{ "password_hash", NULL, FT_TEXT, FF_HIDDEN | FF_INTERNAL, 0,
	  AUTH_HASH_LEN, NULL, NULL },
	STAMPS, END
};

static const struct field account_fields[] = {
	ID,
	{ "name", NULL, FT_TEXT, FF_REQUIRED | FF_SEARCH, 0, 200, NULL, NULL },
	{ "domain", NULL, FT_TEXT, FF_SEARCH | FF_FILTER, 0, 253, NULL, NULL },
	{ "industry", NULL, FT_TEXT, FF_FILTER, 0, 100, NULL, NULL },
	{ "size", NULL, FT_TEXT, 0, 0, 50, NULL, NULL },
	{ "address", NULL, FT_TEXT, 0, 0, 500, NULL, NULL },
	{ "owner_id", NULL, FT_REF, FF_FILTER, 0, 0, NULL, "user" },
	{ "status", NULL, FT_ENUM, FF_FILTER | NN, 0, 0, account_statuses, NULL },
	{ "referred_by_id", NULL, FT_REF, 0, 0, 0, NULL, "contact" },
	STAMPS, END
};

static const struct field contact_fields[] = {
	ID,
	{ "name", NULL, FT_TEXT, FF_REQUIRED | FF_SEARCH, 0, 200, NULL, NULL },
	{ "email", NULL, FT_EMAIL, FF_SEARCH | FF_FILTER, 0, 254, NULL, NULL },
	{ "emails", NULL, FT_JSONTEXT, 0, 0, 4000, NULL, NULL },
	{ "phone", NULL, FT_TEXT, FF_SEARCH, 0, 50, NULL, NULL },
	{ "phones", NULL, FT_JSONTEXT, 0, 0, 4000, NULL, NULL },
	{ "title", NULL, FT_TEXT, 0, 0, 200, NULL, NULL },
	{ "account_id", NULL, FT_REF, FF_FILTER, 0, 0, NULL, "account" },
	{ "owner_id", NULL, FT_REF, FF_FILTER, 0, 0, NULL, "user" },
	{ "source", NULL, FT_ENUM, FF_FILTER, 0, 0, sources, NULL },
	{ "referred_by_id", NULL, FT_REF, FF_FILTER, 0, 0, NULL, "contact" },
	{ "need", NULL, FT_TEXT, 0, 0, 2000, NULL, NULL },
	{ "timing_from", NULL, FT_DATE, 0, 0, 0, NULL, NULL },
	{ "timing_to", NULL, FT_DATE, 0, 0, 0, NULL, NULL },
	{ "comfort", NULL, FT_INT, FF_FILTER | NN, 0, 5, NULL, NULL },
	{ "preferred_channel", NULL, FT_TEXT, 0, 0, 50, NULL, NULL },
	{ "tags", NULL, FT_TEXT, FF_SEARCH, 0, 500, NULL, NULL },
	{ "notes", NULL, FT_TEXT, 0, 0, 10000, NULL, NULL },
	/* set by contact_disqualify() (core/engage.h) */
	{ "disqualified_reason", NULL, FT_ENUM, IN | FF_FILTER, 0, 0, engage_disqualify_reasons, NULL },
	{ "disqualified_at", NULL, FT_TIME, IN, 0, 0, NULL, NULL },
	/* the UID of the vCard it was imported from (core/import/vcard.c),
	 * kept to find it again; not shown */
	{ "vcard_uid", NULL, FT_TEXT, FF_HIDDEN | IN, 0, 1000, NULL, NULL },
	/* kept by an import (core/import/picklist.h): the source as the other
	 * CRM labelled it, and a lead's status there */
	{ "source_label", NULL, FT_TEXT, IN, 0, 100, NULL, NULL },
	{ "lead_status", NULL, FT_TEXT, IN | FF_FILTER, 0, 50, NULL, NULL },
	STAMPS, END
};

static const struct field deal_fields[] = {
	ID,
	{ "title", NULL, FT_TEXT, FF_REQUIRED | FF_SEARCH, 0, 200, NULL, NULL },
	{ "account_id", NULL, FT_REF, FF_REQUIRED | FF_FILTER, 0, 0, NULL, "account" },
	{ "contact_id", NULL, FT_REF, FF_REQUIRED | FF_FILTER, 0, 0, NULL, "contact" },
	{ "process_id", NULL, FT_REF, FF_CREATE_ONLY | FF_FILTER, 0, 0, NULL, "process" },
	{ "step", NULL, FT_TEXT, IN | FF_FILTER, 0, 64, NULL, NULL },
	{ "step_entered_at", NULL, FT_TIME, IN, 0, 0, NULL, NULL },
	{ "value", "value_cents", FT_MONEY, NN, 0, 0, NULL, NULL },
	{ "currency", NULL, FT_TEXT, FF_FILTER | NN, 3, 3, NULL, NULL },
	{ "close_date", NULL, FT_DATE, 0, 0, 0, NULL, NULL },
	{ "status", NULL, FT_ENUM, IN | FF_FILTER, 0, 0, deal_statuses, NULL },
	{ "lost_reason", NULL, FT_TEXT, IN, 0, DEAL_REASON_MAX, NULL, NULL },
	{ "disqualified_reason", NULL, FT_ENUM, IN | FF_FILTER, 0, 0, engage_disqualify_reasons, NULL },
	{ "disqualified_note", NULL, FT_TEXT, IN, 0, DEAL_REASON_MAX, NULL, NULL },
	{ "owner_id", NULL, FT_REF, FF_FILTER | NN, 0, 0, NULL, "user" },
	{ "next_step_id", NULL, FT_INT, IN, 0, 0, NULL, NULL },
	{ "delivered_on", NULL, FT_DATE, IN, 0, 0, NULL, NULL },
	{ "closed_at", NULL, FT_TIME, IN, 0, 0, NULL, NULL },
	{ "source_referral_id", NULL, FT_INT, IN, 0, 0, NULL, NULL },
	STAMPS, END
};

static const struct field want_fields[] = {
	ID,
	{ "deal_id", NULL, FT_REF, FF_REQUIRED | FF_CREATE_ONLY | FF_FILTER, 0, 0, NULL, "deal" },
	{ "contact_id", NULL, FT_REF, 0, 0, 0, NULL, "contact" },
	{ "kind", NULL, FT_ENUM, FF_REQUIRED | FF_FILTER, 0, 0, want_kinds, NULL },
	{ "text", NULL, FT_TEXT, FF_REQUIRED | FF_SEARCH, 0, 2000, NULL, NULL },
	{ "importance", NULL, FT_INT, FF_FILTER | NN, 1, 5, NULL, NULL },
	{ "interaction_id", NULL, FT_REF, 0, 0, 0, NULL, "interaction" },
	STAMPS, END
};

static const struct field offering_fields[] = {
	ID,
	{ "name", NULL, FT_TEXT, FF_REQUIRED | FF_SEARCH, 0, 200, NULL, NULL },
	{ "description", NULL, FT_TEXT, 0, 0, 4000, NULL, NULL },
	{ "price", "price_cents", FT_MONEY, 0, 0, 0, NULL, NULL },
	{ "currency", NULL, FT_TEXT, NN, 3, 3, NULL, NULL },
	{ "benefits", NULL, FT_TEXT, 0, 0, 4000, NULL, NULL },
	/* a deactivated offering keeps its fits but takes no new one */
	{ "active", NULL, FT_BOOL, FF_FILTER | NN, 0, 0, NULL, NULL },
	STAMPS, END
};

static const struct field fit_fields[] = {
	ID,
	{ "deal_id", NULL, FT_INT, IN | FF_FILTER, 0, 0, NULL, NULL },
	{ "want_id", NULL, FT_REF, FF_REQUIRED | FF_CREATE_ONLY | FF_FILTER, 0, 0, NULL, "want" },
	{ "offering_id", NULL, FT_REF, FF_REQUIRED | FF_FILTER, 0, 0, NULL, "offering" },
	{ "how", NULL, FT_TEXT, FF_REQUIRED, 0, 2000, NULL, NULL },
	STAMPS, END
};

static const struct field interaction_fields[] = {
	ID,
	{ "deal_id", NULL, FT_REF, FF_CREATE_ONLY | FF_FILTER, 0, 0, NULL, "deal" },
	{ "contact_id", NULL, FT_REF, FF_FILTER, 0, 0, NULL, "contact" },
	{ "owner_id", NULL, FT_INT, IN | FF_FILTER, 0, 0, NULL, NULL },
	{ "kind", NULL, FT_ENUM, FF_REQUIRED | FF_FILTER, 0, 0, interaction_kinds, NULL },
	{ "at", NULL, FT_TIME, NN, 0, 0, NULL, NULL },
	{ "purpose", NULL, FT_TEXT, 0, 0, 500, NULL, NULL },
	{ "notes", NULL, FT_TEXT, FF_SEARCH, 0, 10000, NULL, NULL },
	{ "planned", NULL, FT_BOOL, FF_FILTER | NN, 0, 0, NULL, NULL },
	{ "agreement", NULL, FT_BOOL, IN | FF_FILTER, 0, 0, NULL, NULL },
	{ "agreement_type", NULL, FT_ENUM, IN | FF_FILTER, 0, 0, agreement_types, NULL },
	{ "next_step_id", NULL, FT_INT, IN, 0, 0, NULL, NULL },
	{ "step", NULL, FT_TEXT, IN, 0, 64, NULL, NULL },
	/* false: imported, whether it ended in an agreement is not known */
	{ "agreement_known", NULL, FT_BOOL, IN | FF_FILTER | NN, 0, 0, NULL, NULL },
	STAMPS, END
};

static const struct field next_step_fields[] = {
	ID,
	{ "deal_id", NULL, FT_REF, FF_CREATE_ONLY | FF_FILTER, 0, 0, NULL, "deal" },
	{ "contact_id", NULL, FT_REF, FF_FILTER, 0, 0, NULL, "contact" },
	{ "owner_id", NULL, FT_INT, IN | FF_FILTER, 0, 0, NULL, NULL },
	{ "what", NULL, FT_TEXT, FF_REQUIRED | FF_SEARCH, 0, 500, NULL, NULL },
	{ "type", NULL, FT_ENUM, FF_FILTER | NN, 0, 0, step_types, NULL },
	{ "due", NULL, FT_DATE, FF_REQUIRED, 0, 0, NULL, NULL },
	{ "status", NULL, FT_ENUM, IN | FF_FILTER, 0, 0, step_statuses, NULL },
	{ "interaction_id", NULL, FT_INT, IN, 0, 0, NULL, NULL },
	{ "done_at", NULL, FT_TIME, IN, 0, 0, NULL, NULL },
	STAMPS, END
};

static const struct field check_fields[] = {
	ID,
	{ "deal_id", NULL, FT_REF, FF_REQUIRED | FF_CREATE_ONLY | FF_FILTER, 0, 0, NULL, "deal" },
	{ "owner_id", NULL, FT_INT, IN | FF_FILTER, 0, 0, NULL, NULL },
	{ "due", NULL, FT_DATE, IN, 0, 0, NULL, NULL },
	{ "score", NULL, FT_INT, IN, 1, 5, NULL, NULL },
	{ "notes", NULL, FT_TEXT, IN, 0, 4000, NULL, NULL },
	{ "done_at", NULL, FT_TIME, IN, 0, 0, NULL, NULL },
	{ "kind", NULL, FT_ENUM, IN | FF_FILTER, 0, 0, check_kinds, NULL },
	{ "delivered_on", NULL, FT_DATE, IN, 0, 0, NULL, NULL },
	STAMPS, END
};

static const struct field referral_fields[] = {
	ID,
	{ "from_contact_id", NULL, FT_REF, FF_REQUIRED | FF_FILTER, 0, 0, NULL, "contact" },
	{ "from_account_id", NULL, FT_INT, IN | FF_FILTER, 0, 0, NULL, NULL },
	{ "contact_id", NULL, FT_REF, FF_REQUIRED | FF_FILTER, 0, 0, NULL, "contact" },
	{ "deal_id", NULL, FT_REF, FF_FILTER, 0, 0, NULL, "deal" },
	{ "source_deal_id", NULL, FT_REF, FF_FILTER, 0, 0, NULL, "deal" },
	{ "owner_id", NULL, FT_REF, FF_FILTER | NN, 0, 0, NULL, "user" },
	{ "status", NULL, FT_ENUM, FF_FILTER | NN, 0, 0, referral_statuses, NULL },
	STAMPS, END
};

static const struct field process_fields[] = {
	ID,
	{ "key", NULL, FT_TEXT, FF_REQUIRED | FF_FILTER, 0, 64, NULL, NULL },
	{ "name", NULL, FT_TEXT, FF_REQUIRED | FF_SEARCH, 0, 200, NULL, NULL },
	{ "description", NULL, FT_TEXT, 0, 0, 4000, NULL, NULL },
	{ "is_default", NULL, FT_BOOL, IN, 0, 0, NULL, NULL },
	{ "check_days", NULL, FT_INT, NN, 0, 365, NULL, NULL },
	{ "check_every_months", NULL, FT_INT, NN, 0, PROCESS_CHECK_MONTHS_MAX, NULL, NULL },
	{ "grace_days", NULL, FT_INT, NN, 0, 90, NULL, NULL },
	STAMPS, END
};

static const struct field ask_fields[] = {
	ID,
	{ "deal_id", NULL, FT_INT, IN | FF_FILTER, 0, 0, NULL, NULL },
	{ "check_id", NULL, FT_INT, IN, 0, 0, NULL, NULL },
	{ "owner_id", NULL, FT_INT, IN | FF_FILTER, 0, 0, NULL, NULL },
	{ "kind", NULL, FT_ENUM, IN | FF_FILTER, 0, 0, ask_kinds, NULL },
	{ "status", NULL, FT_ENUM, IN | FF_FILTER, 0, 0, ask_statuses, NULL },
	{ "created_at", NULL, FT_TIME, RO, 0, 0, NULL, NULL },
	{ "done_at", NULL, FT_TIME, IN, 0, 0, NULL, NULL },
	{ "declined_reason", NULL, FT_TEXT, IN, 0, 0, NULL, NULL },
	END
};

static const struct field rate_fields[] = {
	ID,
	{ "currency", NULL, FT_TEXT, FF_REQUIRED | FF_CREATE_ONLY | FF_FILTER, 3, 3, NULL, NULL },
	{ "valid_from", NULL, FT_DATE, FF_REQUIRED | FF_CREATE_ONLY | FF_FILTER, 0, 0, NULL, NULL },
	{ "rate", NULL, FT_TEXT, FF_REQUIRED, 0, 32, NULL, NULL },
	STAMPS, END
};

/* a deal's line items (core/line-item.c): the currency is the deal's and
 * the total is computed, so neither is given */
static const struct field line_item_fields[] = {
	ID,
	{ "deal_id", NULL, FT_REF, FF_REQUIRED | FF_CREATE_ONLY | FF_FILTER, 0, 0, NULL, "deal" },
	{ "offering_id", NULL, FT_REF, FF_REQUIRED | FF_FILTER, 0, 0, NULL, "offering" },
	{ "quantity", NULL, FT_INT, NN, 1, LINE_ITEM_QUANTITY_MAX, NULL, NULL },
	{ "unit_price", "unit_price_minor", FT_MONEY, NN, 0, 0, NULL, NULL },
	{ "currency", NULL, FT_TEXT, IN, 3, 3, NULL, NULL },
	{ "discount", NULL, FT_INT, NN, 0, 100, NULL, NULL },
	{ "total", "total_minor", FT_MONEY, IN, 0, 0, NULL, NULL },
	STAMPS, END
};

/* custom field definitions (core/field.c); their values are not records */
static const struct field custom_field_fields[] = {
	ID,
	{ "kind", NULL, FT_ENUM, FF_REQUIRED | FF_CREATE_ONLY | FF_FILTER, 0, 0, field_kinds, NULL },
	{ "key", NULL, FT_TEXT, FF_REQUIRED | FF_CREATE_ONLY | FF_FILTER, 0, FIELD_KEY_MAX, NULL, NULL },
	{ "label", NULL, FT_TEXT, FF_REQUIRED | FF_SEARCH, 0, FIELD_LABEL_MAX, NULL, NULL },
	{ "type", NULL, FT_ENUM, FF_REQUIRED | FF_CREATE_ONLY | FF_FILTER, 0, 0, field_types, NULL },
	{ "choices", NULL, FT_JSONTEXT, 0, 0, 12000, NULL, NULL },
	{ "currency", NULL, FT_TEXT, 0, 3, 3, NULL, NULL },
	{ "required_step", NULL, FT_TEXT, FF_FILTER, 0, 64, NULL, NULL },
	{ "position", NULL, FT_INT, NN, 0, 1000, NULL, NULL },
	/* set by field_def_remove() on a field that holds values; an admin
	 * may bring it back */
	{ "archived", NULL, FT_BOOL, FF_FILTER | NN, 0, 0, NULL, NULL },
	STAMPS, END
};

/* lead forms (core/form.c); the key is made by form_create() */
static const struct field form_fields[] = {
	ID,
	{ "key", NULL, FT_TEXT, IN | FF_FILTER, 0, FORM_KEY_MAX, NULL, NULL },
	{ "title", NULL, FT_TEXT, FF_REQUIRED | FF_SEARCH, 0, FORM_TITLE_MAX, NULL, NULL },
	{ "fields", NULL, FT_JSONTEXT, FF_REQUIRED | NN, 0, 2000, NULL, NULL },
	{ "required", NULL, FT_JSONTEXT, NN, 0, 2000, NULL, NULL },
	{ "lead_owner_id", NULL, FT_REF, FF_FILTER, 0, 0, NULL, "user" },
	{ "team", NULL, FT_TEXT, FF_FILTER, 0, 100, NULL, NULL },
	/* leads handed out to the team in turn (form-submit.c) */
	{ "turn", NULL, FT_INT, RO, 0, 0, NULL, NULL },
	{ "process_id", NULL, FT_REF, FF_FILTER, 0, 0, NULL, "process" },
	{ "origins", NULL, FT_JSONTEXT, 0, 0, 6000, NULL, NULL },
	{ "thanks", NULL, FT_TEXT, 0, 0, FORM_THANKS_MAX, NULL, NULL },
	STAMPS, END
};

static const struct field event_fields[] = {
	ID,
	{ "at", NULL, FT_TIME, RO, 0, 0, NULL, NULL },
	{ "actor_id", NULL, FT_INT, RO | FF_FILTER, 0, 0, NULL, NULL },
	{ "entity", NULL, FT_TEXT, RO | FF_FILTER, 0, 0, NULL, NULL },
	{ "entity_id", NULL, FT_INT, RO | FF_FILTER, 0, 0, NULL, NULL },
	{ "action", NULL, FT_TEXT, RO | FF_FILTER, 0, 0, NULL, NULL },
	{ "from_step", NULL, FT_TEXT, RO, 0, 0, NULL, NULL },
	{ "to_step", NULL, FT_TEXT, RO, 0, 0, NULL, NULL },
	{ "reason", NULL, FT_TEXT, RO, 0, 0, NULL, NULL },
	{ "data", NULL, FT_JSONTEXT, RO, 0, 0, NULL, NULL },
	END
};

const struct entity entity_user = { "user", "users", "users", user_fields, ACCESS_ADMIN, 0, 0, user_on_update, user_on_create };
const struct entity entity_account = { "account", "accounts", "accounts", account_fields, ACCESS_OWNER, 1 };
const struct entity entity_contact = { "contact", "contacts", "contacts", contact_fields, ACCESS_OWNER, 1 };
const struct entity entity_deal = { "deal", "deals", "deals", deal_fields, ACCESS_OWNER, 0, 1 };
const struct entity entity_want = { "want", "wants", "wants", want_fields, ACCESS_DEAL, 1 };
const struct entity entity_offering = { "offering", "offerings", "offerings", offering_fields, ACCESS_ORG, 1 };
const struct entity entity_fit = { "fit", "fits", "fits", fit_fields, ACCESS_DEAL, 1 };
const struct entity entity_interaction = { "interaction", "interactions", "interactions", interaction_fields, ACCESS_DEAL, 0 };
const struct entity entity_next_step = { "next_step", "next-steps", "next_steps", next_step_fields, ACCESS_DEAL, 0 };
const struct entity entity_check = { "check", "checks", "checks", check_fields, ACCESS_DEAL, 0 };
const struct entity entity_referral = { "referral", "referrals", "referrals", referral_fields, ACCESS_OWNER, 1 };
const struct entity entity_process = { "process", "processes", "processes", process_fields, ACCESS_ADMIN, 0 };
const struct entity entity_ask = { "ask", "asks", "asks", ask_fields, ACCESS_DEAL, 0 };
const struct entity entity_rate = { "rate", "rates", "exchange_rates", rate_fields, ACCESS_ADMIN, 1, 0, rate_on_update, rate_on_create };
const struct entity entity_line_item = { "line_item", "line-items", "line_items", line_item_fields, ACCESS_DEAL, 1 };
const struct entity entity_custom_field = { "field", "fields", "custom_fields", custom_field_fields, ACCESS_ADMIN, 1, 0, field_def_on_update, field_def_on_create };
const struct entity entity_form = { "form", "forms", "forms", form_fields, ACCESS_ADMIN, 1, 0, form_on_update, form_on_create };
const struct entity entity_event = { "event", "events", "events", event_fields, ACCESS_AUDIT, 0 };

const struct entity *const entities[] = {
	&entity_user, &entity_account, &entity_contact, &entity_deal,
	&entity_want, &entity_offering, &entity_fit, &entity_interaction,
	&entity_next_step, &entity_check, &entity_referral, &entity_process,
	&entity_ask, &entity_rate, &entity_line_item, &entity_event,
	&entity_custom_field, &entity_form, NULL
};

const struct entity *entity_find(const char *name)
{
	for (int i = 0; entities[i]; i++)
		if (!strcmp(entities[i]->name, name) ||
		    !strcmp(entities[i]->plural, name))
			return entities[i];
	return NULL;
}

const struct field *entity_field(const struct entity *e, const char *name)
{
	for (const struct field *f = e->fields; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}
