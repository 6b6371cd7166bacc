/* Incoming mail (docs/mail.md, "Incoming mail"): each message the
 * organisation's BCC mailbox receives is logged as interactions of kind
 * e-mail between the user who sent or received it and the contacts among
 * its addresses, on each contact's open deal; unknown addresses become
 * contacts to engage on that user's agenda. Each message is logged once,
 * by Message-ID, however often it is fetched. */
#ifndef FC_CORE_MAIL_INGEST_H
#define FC_CORE_MAIL_INGEST_H

#include <jansson.h>
#include <stddef.h>

#include "core/ctx.h"
#include "util/error.h"

enum mail_ingest_outcome {
	MAIL_INGEST_LOGGED,	/* logged as interaction(s) */
	MAIL_INGEST_DUPLICATE,	/* its Message-ID was ingested before: nothing done */
	MAIL_INGEST_NO_USER,	/* no user of the organisation among its addresses */
	MAIL_INGEST_MALFORMED,	/* not a message GMime can read: logged, skipped */
};

struct mail_ingest_result {
	enum mail_ingest_outcome outcome;
	char message_id[256];
	int interactions;	/* interactions logged */
	int candidates;		/* unknown addresses made engage candidates */
	char reason[256];	/* for NO_USER / MALFORMED, a sentence */
};

/* Logs one raw RFC 5322 message (LEN bytes) received by the organisation's BCC
 * mailbox, in one transaction; exactly once per Message-ID (a message without one
 * is keyed by a hash of its headers). Runs as the organisation's admin context.
 * Returns 0 whatever the outcome (in OUT); a negative enum fc_err, with ERR,
 * only when the store failed: nothing was recorded, so try it again later. */
int mail_ingest(struct fc_ctx *ctx, const char *raw, size_t len,
		struct mail_ingest_result *out, struct fc_error *err);

/* How many unknown addresses of one message become contacts, at most. */
#define MAIL_INGEST_CANDIDATES_MAX 20

/* "logged", "duplicate", "no_user" or "malformed". */
const char *mail_ingest_outcome_name(enum mail_ingest_outcome o);

/* mail_ingest() that also says, in *OUT (new reference), what it did:
 * {outcome, message_id, reason?, subject?, user?: {id, name, email},
 *  interactions: [{id, contact_id, contact, deal_id?, deal?}],
 *  candidates: [{contact_id, name, email}]}. */
int mail_ingest_json(struct fc_ctx *ctx, const char *raw, size_t len,
		     json_t **out, struct fc_error *err);

#endif
