/* Lead forms (docs/forms.md): a form an admin makes for the organisation's
 * website. Definitions are records of the entity "form" (entities.c; only
 * admins write them): a title, which fields it asks for and which of those
 * are required, who gets the leads (one user, or the active users of a
 * team in turn), the process they are for, the web origins allowed to post
 * from a browser and a thank-you text. Fulcrum serves each form at
 * /forms/{key} and takes its posts at /forms/{key}/submit without a
 * session; a post creates or updates the contact (an e-mail match, by the
 * rules of core/duplicate.h, updates), with source web and the need they
 * typed, so the lead is on its owner's Today (core/agenda.c's engage
 * list), and its submission with its origin in the contact's history, all
 * in one transaction. Refusals name the rules "form", "form-honeypot",
 * "form-origin" and "rate-limit". Files: form.c (definitions),
 * form-submit.c (a post), form-limit.c (posts per address), form-html.c
 * (the page, the answers and the embed snippet). */
#ifndef FC_CORE_FORM_H
#define FC_CORE_FORM_H

#include <jansson.h>
#include <stddef.h>

#include "core/ctx.h"
#include "core/record.h"
#include "util/buf.h"

#define FORM_KEY_BYTES 16	/* random bytes of a key (22 characters) */
#define FORM_KEY_MAX 64		/* characters of a key as read from a path */
#define FORM_TITLE_MAX 200
#define FORM_FIELDS_MAX 20	/* fields of one form */
#define FORM_ORIGINS_MAX 20	/* allowed origins of one form */
#define FORM_ORIGIN_MAX 200	/* bytes of one origin */
#define FORM_THANKS_MAX 2000
#define FORM_MESSAGE_MAX 5000	/* bytes of the message a visitor types */
#define FORM_BODY_MAX 16384	/* bytes of one post, whatever its encoding */
#define FORM_ADDR_LIMIT 20	/* posts from one address ... */
#define FORM_ADDR_WINDOW 3600	/* ... within this many seconds */
/* The field a person never sees (hidden by the page's style and named so
 * no browser fills it in): a post that fills it is a robot's. */
#define FORM_HONEYPOT "website_url"
#define FORM_RULE "form"

/* The fields a form may ask for besides "custom.KEY" (a live custom field
 * of contacts), NULL-terminated: name, email, phone, company, need,
 * message. */
extern const char *const form_field_names[];

/* Hooks of the entity "form": the rules of a definition (fields, required,
 * owner or team, origins) on create and on update. */
int form_on_create(struct fc_ctx *ctx, json_t *in, struct fc_error *err);
int form_on_update(struct fc_ctx *ctx, int64_t id, json_t *before,
		   json_t *patch, struct fc_error *err);
/* Creates a form from IN (the entity's fields) with a new random key
 * (libsodium, URL-safe base64). *ID gets its id. Admins only. */
int form_create(struct fc_ctx *ctx, json_t *in, int64_t *id,
		struct fc_error *err);
/* The id of ctx's organisation's form with KEY; FC_ENOTFOUND. */
int form_find(struct fc_ctx *ctx, const char *key, int64_t *id,
	      struct fc_error *err);

/* A form as a visitor meets it, read by its key alone (no session): its
 * organisation and id, title, fields, required fields, origins (arrays)
 * and thank-you text, and each custom field's label. */
struct form_public {
	int64_t org_id, id;
	json_t *form;	/* {key, title, fields, required, origins, thanks,
			   labels: {field: label}, choices: {field: [choice]}
			   (custom choice fields)}, owned */
};
/* FC_ENOTFOUND (never saying more) when no form has KEY. */
int form_public_read(struct db *db, const char *key, struct form_public *out,
		     struct fc_error *err);
void form_public_release(struct form_public *f);

/* Whether a browser at ORIGIN ("https://example.com", NULL when the post
 * named none) may post to form F: no origin (not a browser's cross-origin
 * post), the origin of Fulcrum itself (SELF_HOST, the request's Host: its
 * own page), or one of the form's origins. 0, or FC_EFORBIDDEN with rule
 * "form-origin". */
int form_origin_check(const struct form_public *f, const char *origin,
		      const char *self_host, struct fc_error *err);

/* ---- form-limit.c ---- */
/* Counts one post from ADDR (NULL: "unknown") to a form of ORG, in its own
 * transaction, committed whatever becomes of the post (a robot that keeps
 * on stays refused). FC_ELIMIT with *RETRY_AFTER (seconds) when ADDR
 * posted more than FORM_ADDR_LIMIT times within FORM_ADDR_WINDOW. */
int form_limit_count(struct db *db, int64_t org, const char *addr,
		     int64_t now, int64_t *retry_after, struct fc_error *err);

/* ---- form-submit.c ---- */
struct form_post {
	json_t *values;		/* {"field": "text"}, borrowed: what was posted */
	size_t size;		/* bytes of the body as received */
	const char *origin;	/* the Origin header, or NULL */
};
/* A post to form F: the size bound, the honeypot, the fields (unknown
 * ones, required ones, bounds), then, in one transaction, acting for
 * nobody: the lead's owner (the form's, or the team's next in turn), the
 * contact created (source web) or, when one has the same e-mail, updated,
 * its account found or created from "company", its need and a timing
 * window open from today (so the engage list names it), and a
 * "form_submission" event on the contact (the form, its origin, the
 * message, what was posted). *CONTACT_ID gets the contact (not for the
 * visitor's eyes). Nothing is stored when it is refused. */
int form_submit(struct db *db, const struct form_public *f,
		const struct form_post *p, int64_t now, int64_t *contact_id,
		struct fc_error *err);

/* ---- form-html.c ---- */
/* The form's page: a plain HTML form posting to
 * PUBLIC_URL/forms/KEY/submit (PUBLIC_URL "" for a relative address),
 * labelled fields, required ones marked, the honeypot hidden. */
void form_html_page(const struct form_public *f, const char *public_url,
		    struct buf *out);
/* The page after a post: the thank-you text, or, when ERR is not NULL, what
 * went wrong (and a link back to the form). */
void form_html_answer(const struct form_public *f, const struct fc_error *err,
		      struct buf *out);
/* The embed snippets of form F for Fulcrum reached at PUBLIC_URL
 * ("https://crm.example.com"): {"url" (the form's page), "html" (a plain
 * form posting to PUBLIC_URL/forms/KEY/submit, to paste into a page of
 * one of the form's origins), "iframe" (the page itself, framed)}. New
 * reference. */
json_t *form_snippet(const struct form_public *f, const char *public_url);

#endif
