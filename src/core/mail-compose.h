/* Sending a message from a deal or a contact (docs/mail.md, "Sending from
 * a deal"): the message goes to the contact (on a deal, its contact unless
 * another is named) through the organisation's SMTP server, and is logged
 * as an interaction of kind e-mail, with the next step it proposes, by
 * interaction_log (core/interaction.h): the same rules apply (R1: on an
 * open deal the message proposes a next step or says it proposes none).
 * A message the server does not take logs nothing. */
#ifndef FC_CORE_MAIL_COMPOSE_H
#define FC_CORE_MAIL_COMPOSE_H

#include <jansson.h>

#include "core/ctx.h"

/* The longest body sent from a deal: the interaction's notes hold it
 * whole, with its To line. */
#define MAIL_COMPOSE_BODY_MAX 9000

/* IN: deal_id and/or contact_id, to (default: the contact's e-mail),
 * template (a name or id), subject and body (each default: the
 * template's; merge fields are rendered in both), and either next_step
 * {what, due, type} or "agreement": false (no next step proposed).
 * *OUT: {to, to_name, subject, body, deal_id, contact_id} rendered, with
 * nothing sent or logged. The caller must be able to see the record. */
int mail_compose_preview(struct fc_ctx *ctx, json_t *in, json_t **out,
			 struct fc_error *err);

/* Renders as above, sends, and logs the interaction in one transaction;
 * *OUT adds interaction_id. The caller must be able to change the deal
 * (or contact). */
int mail_compose_send(struct fc_ctx *ctx, json_t *in, json_t **out,
		      struct fc_error *err);

#endif
