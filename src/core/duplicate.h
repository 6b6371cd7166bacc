/* Likely duplicates of contacts and accounts (docs/duplicates.md): the
 * normalised keys two records share (duplicate-norm.c), kept for every
 * record in duplicate_keys (duplicate-keys.c), the candidates of a record
 * about to be written, the guard that refuses a create or an edit that
 * would make one unless told to go on, and the list of likely pairs
 * (duplicate.c). Only records the acting user may see are ever named.
 *
 * The evidence of a match is an array of {"rule", "value"}: rule is one of
 *   email         the same e-mail address, ignoring case
 *   phone         the same phone number (its last nine digits, so with or
 *                 without the country code or the trunk 0), of people
 *                 whose names are alike (duplicate_names_alike)
 *   name          the same name within the account (contacts) or in the
 *                 organisation (accounts: legal suffixes aside), ignoring
 *                 case, accents, punctuation and spacing
 *   similar_name  a name within the account that differs by initials
 *                 ("A. Lovelace") or one typing slip ("Jon Smith")
 *   domain        accounts: the same web domain
 *   email_domain  accounts: a contact of the other has an e-mail at this
 *                 account's domain
 * and value is what was shared, as the other record holds it. */
#ifndef FC_CORE_DUPLICATE_H
#define FC_CORE_DUPLICATE_H

#include <jansson.h>

#include "core/ctx.h"
#include "core/record.h"
#include "util/buf.h"

/* The input field that lets a create or an edit go on despite likely
 * duplicates (JSON true); the CLI's --allow-duplicate. */
#define DUPLICATE_ALLOW_FIELD "allow_duplicate"
/* The rule name of the refusal (err->rule). */
#define DUPLICATE_RULE "duplicate"
/* Candidates named for one record, pairs listed at most. */
#define DUPLICATE_CANDIDATES_MAX 20
#define DUPLICATE_LIST_DEFAULT 100
#define DUPLICATE_LIST_MAX 1000

/* ---- duplicate-norm.c: the keys (pure; new strings, NULL for none) ---- */

/* An address in lower case, trimmed; NULL without an '@'. */
char *duplicate_email_key(const char *email);
/* The digits of a phone number, the last nine of them; NULL with fewer
 * than seven (too short to tell people apart). */
char *duplicate_phone_key(const char *phone);
/* A web domain from "https://www.Acme.com/about": "acme.com". */
char *duplicate_domain_key(const char *domain);
/* The company domain of an address; NULL for the public mail providers
 * (gmail.com, outlook.com, ...), which say nothing about a company. */
char *duplicate_email_domain_key(const char *email);
/* A person's name folded: case, accents (text_fold), punctuation and
 * spacing aside. NULL when nothing is left. */
char *duplicate_name_key(const char *name);
/* An account's name folded as a person's, without legal suffixes ("Acme
 * Inc." and "ACME" are one). */
char *duplicate_account_name_key(const char *name);
/* How two folded person names compare: 0 not alike, 1 the same, 2 alike
 * (initials for names, one typing slip in a word of three letters or more,
 * with at least one word the same; a word with a digit must be the same). */
int duplicate_names_alike(const char *a, const char *b);

/* ---- duplicate-keys.c: the keys table ---- */

/* Rewrites the keys of record ID of E (contacts and accounts; nothing for
 * other entities), or removes them when the record is gone. In the
 * caller's transaction. */
int duplicate_keys_refresh(struct fc_ctx *ctx, const struct entity *e,
			   int64_t id, struct fc_error *err);
/* The text a record was just written with in COLUMN, NULL when the
 * column was left out or holds no text. */
typedef const char *(*duplicate_column_fn)(void *arg, const char *column);
/* duplicate_keys_refresh() for record ID of E just created in the
 * caller's transaction, its keys made from the values it was written
 * with (COL) instead of read back: an import writes thousands. */
int duplicate_keys_created(struct fc_ctx *ctx, const struct entity *e,
			   int64_t id, duplicate_column_fn col, void *arg,
			   struct fc_error *err);
/* Rewrites the keys of every contact and account of ctx->org_id (after a
 * restore or a bulk load), in the caller's transaction if one is open. */
int duplicate_keys_rebuild(struct fc_ctx *ctx, struct fc_error *err);
/* Writes the keys of the organisations migration 023 left pending; called
 * once after migrating, like chain_catch_up(). */
int duplicates_catch_up(struct db *db, struct fc_error *err);

/* ---- duplicate.c: candidates, the guard, the pairs ---- */

/* The contacts that are likely the same person as CONTACT (a contact's
 * JSON, as given or as read; its fields email, emails, phone, phones,
 * name and account_id are used), other than SELF (0 for a new one):
 * *OUT gets [{"id", "name", "evidence": [...]}] (new reference), at most
 * DUPLICATE_CANDIDATES_MAX, only contacts ctx->user may see. */
int duplicates_find_for_contact(struct fc_ctx *ctx, int64_t self,
				json_t *contact, json_t **out,
				struct fc_error *err);
/* The same for an account (fields name and domain). */
int duplicates_find_for_account(struct fc_ctx *ctx, int64_t self,
				json_t *account, json_t **out,
				struct fc_error *err);
/* For record_create (ID 0, BEFORE NULL) and record_update (the record ID
 * as it is in BEFORE, IN the patch): takes DUPLICATE_ALLOW_FIELD out of IN
 * (it must be a boolean) and, unless it was true, refuses with FC_ECONFLICT
 * and rule DUPLICATE_RULE ("refused (duplicate): likely the same contact
 * as Ada Lovelace (#12): same e-mail ada@example.com") when the record
 * would have likely duplicates. An edit is checked only on the rules of
 * the fields it changes. Nothing for other entities. */
int duplicates_guard(struct fc_ctx *ctx, const struct entity *e, int64_t id,
		     json_t *before, json_t *in, struct fc_error *err);
/* Like the guard, without refusing: the candidates the record IN (merged
 * over BEFORE for an edit) would have, as duplicates_find_*() gives them
 * (an empty array for other entities). For the API's 409 answer. */
int duplicates_candidates(struct fc_ctx *ctx, const struct entity *e,
			  int64_t id, json_t *before, json_t *in, json_t **out,
			  struct fc_error *err);

/* Appends EVIDENCE as people read it: "same e-mail ada@example.com, same
 * phone (ending 079460958)". */
void duplicates_evidence_text(struct buf *b, json_t *evidence);

struct duplicates_query {
	int limit;		/* 1..DUPLICATE_LIST_MAX; 0: the default */
};
/* The likely pairs of KIND ("contacts" or "accounts", singular too) that
 * ctx->user may see both of: *OUT gets {"items": [{"a": {"id", "name"},
 * "b": {"id", "name"}, "evidence": [...]}], "truncated": bool}, ordered
 * by a's id then b's (a's id below b's). FC_EINVAL for another kind. */
int duplicates_list(struct fc_ctx *ctx, const char *kind,
		    const struct duplicates_query *q, json_t **out,
		    struct fc_error *err);

#endif
