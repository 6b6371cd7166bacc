/* Proposals (step 4, show how): a document built from a deal — the
 * customer's wants in their own words by importance, for each the
 * offerings and how they give it (the fits), then the line items and the
 * totals — kept as HTML styled for print, one new version (1, 2, ...) per
 * build, with the deal. Sending one logs an e-mail on the deal that
 * agrees the next step "proposal review". Each call is one transaction
 * with access checks. The HTML itself: core/proposal-html.c. */
#ifndef FC_CORE_PROPOSAL_H
#define FC_CORE_PROPOSAL_H

#include <jansson.h>

#include "core/ctx.h"
#include "util/buf.h"

/* The most versions one deal keeps, and the largest document. */
#define PROPOSAL_MAX_VERSIONS 100
#define PROPOSAL_HTML_MAX ((size_t)2 << 20)
/* What the next step of a sent proposal says. */
#define PROPOSAL_REVIEW "proposal review"

/* Builds and stores the next version of deal DEAL_ID's proposal; *NUMBER
 * (may be NULL) gets its version. */
int proposal_build(struct fc_ctx *ctx, int64_t deal_id, int64_t *number,
		   struct fc_error *err);
/* [{number, created_at, created_by, total_minor, currency, sent_at,
 * interaction_id}], oldest first. */
int proposal_list(struct fc_ctx *ctx, int64_t deal_id, json_t **out,
		  struct fc_error *err);
/* Version NUMBER (0: the latest) as that entry of the list into *OUT, and
 * its HTML appended to HTML (may be NULL). FC_ENOTFOUND when there is no
 * such version. */
int proposal_get(struct fc_ctx *ctx, int64_t deal_id, int64_t number,
		 json_t **out, struct buf *html, struct fc_error *err);
/* Sends version NUMBER (0: the latest): logs an e-mail on the deal, an
 * agreement whose next step is PROPOSAL_REVIEW (type "proposal") due DUE,
 * and marks the version sent. Refuses with rule "proposal" when the deal
 * has no proposal yet. *INTERACTION_ID (may be NULL) gets the e-mail's. */
int proposal_send(struct fc_ctx *ctx, int64_t deal_id, int64_t number,
		  const char *due, int64_t *interaction_id,
		  struct fc_error *err);

/* The document of MODEL appended to OUT: {"title", "number", "date",
 * "account", "contact", "owner", "currency", "wants": [{"kind",
 * "importance", "text", "contact", "fits": [{"offering", "how"}]}],
 * "items": [{"offering", "quantity", "unit_price_minor", "discount",
 * "total_minor"}], "subtotal_minor", "discount_minor", "total_minor"}.
 * Every text is escaped: the customer's words are untrusted. */
void proposal_html(const json_t *model, struct buf *out);

#endif
