/* Mail templates (docs/mail.md): per organisation, a name, a subject and a
 * body holding merge fields written {{first_name}}, {{deal}}, ... Admins
 * and managers manage them, everyone sends with them. A merge field
 * Fulcrum does not know is refused by name when the template is saved;
 * rendering (mail_template_render) is the one place the fields are
 * replaced, for a message sent and for its preview alike. */
#ifndef FC_CORE_MAIL_TEMPLATE_H
#define FC_CORE_MAIL_TEMPLATE_H

#include <jansson.h>

#include "core/ctx.h"
#include "util/buf.h"

#define MAIL_TEMPLATE_NAME_MAX 100
#define MAIL_TEMPLATE_BODY_MAX ((size_t)64 << 10)
#define MAIL_TEMPLATE_MAX 200	/* templates of one organisation */

/* The values a template's fields take; NULL when the message has none
 * (a contact without an account, a message without a deal). */
struct mail_merge {
	const char *first_name;	/* {{first_name}}: the contact's first name */
	const char *name;	/* {{name}}: the contact's full name */
	const char *account;	/* {{account}}: the account's name */
	const char *deal;	/* {{deal}}: the deal's title */
	const char *wants;	/* {{wants}}: the deal's wants, "- " a line */
	const char *next_step;	/* {{next_step}}: what the next step is */
	const char *next_step_due;	/* {{next_step_due}}: when it is due */
	const char *sender;	/* {{sender}}: the sending user's name */
};

/* The merge fields, as "first_name, name, ..." for messages and help. */
extern const char mail_merge_field_list[];

/* 0 when TEXT's merge fields are all known and closed; else FC_EINVAL
 * naming FIELD (subject or body) and the first unknown field. */
int mail_template_check(const char *text, const char *field,
			struct fc_error *err);

/* Appends TEXT to OUT with each merge field replaced by its value of M.
 * ONE_LINE (a subject) joins a value's lines with "; ". A field whose
 * value is NULL is FC_EINVAL naming it and why; OUT past its cap is
 * FC_ELIMIT. */
int mail_template_render(const char *text, const struct mail_merge *m,
			 int one_line, struct buf *out, struct fc_error *err);

/* IN: name, subject, body. Admins and managers; *ID gets the new id. */
int mail_template_add(struct fc_ctx *ctx, json_t *in, int64_t *id,
		      struct fc_error *err);
/* {"items": [{id, name, subject, body, updated_at}, ...]} by name. */
int mail_template_list(struct fc_ctx *ctx, json_t **out, struct fc_error *err);
/* The template KEY names: its id ("12") or its name. */
int mail_template_get(struct fc_ctx *ctx, const char *key, json_t **out,
		      struct fc_error *err);
/* Changes the fields IN gives (name, subject, body) of template KEY. */
int mail_template_edit(struct fc_ctx *ctx, const char *key, json_t *in,
		       struct fc_error *err);
int mail_template_remove(struct fc_ctx *ctx, const char *key,
			 struct fc_error *err);

#endif
