/* Sending from a deal or contact (POST /api/v1/mail/send, and
 * /api/v1/mail/preview to see the message first) and the organisation's
 * templates (/api/v1/mail/templates; admins and managers change them).
 * The rules are in core/mail-compose.c and core/mail-template.c. */
#include <stdio.h>
#include <string.h>

#include "core/mail-compose.h"
#include "core/mail-mailbox.h"
#include "core/mail-settings.h"
#include "core/mail-template.h"
#include "http/http.h"
#include "http/internal.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static const struct body_field compose_body[] = {
	{ "deal_id", BODY_INT, 0, 0, NULL, 1 },
	{ "contact_id", BODY_INT, 0, 0, NULL, 1 },
	{ "to", BODY_TEXT, 0, 254, NULL, 0 },
	{ "template", BODY_TEXT, 0, MAIL_TEMPLATE_NAME_MAX, NULL, 0 },
	{ "subject", BODY_TEXT, 0, 500, NULL, 0 },
	{ "body", BODY_TEXT, 0, MAIL_COMPOSE_BODY_MAX, NULL, 0 },
	{ "agreement", BODY_BOOL, 0, 0, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

/* The members of a message but "next_step", an object the table cannot
 * describe (the OpenAPI document's MailCompose, openapi-mail.c, has it);
 * the body's templates (compose_body's fields) are checked here. */
static int compose_check(struct req *r)
{
	json_t *copy = json_copy(r->body);
	json_t *saved = r->body;
	int rc;
	json_object_del(copy, "next_step");
	r->body = copy;
	rc = body_check(r, compose_body);
	r->body = saved;
	json_decref(copy);
	return rc;
}

/* Whether a mail server and a BCC mailbox are set: the web UI asks before
 * it shows their forms (their GETs are 404 until then) or a compose
 * dialog. */
static int mail_status(struct req *r)
{
	int smtp = 0, mailbox = 0;
	int rc = mail_settings_present(&r->ctx, &smtp, &r->err);
	if (!rc)
		rc = mail_mailbox_present(&r->ctx, &mailbox, &r->err);
	if (!rc)
		resp_json(r, 200, json_pack("{s:b, s:b}", "smtp_set", smtp,
					    "mailbox_set", mailbox));
	return rc;
}

static int mail_preview(struct req *r)
{
	json_t *out = NULL;
	int rc;
	if ((rc = compose_check(r)) ||
	    (rc = mail_compose_preview(&r->ctx, r->body, &out, &r->err)))
		return rc;
	resp_json(r, 200, out);
	return 0;
}

static int mail_send_post(struct req *r)
{
	json_t *out = NULL;
	int rc;
	if ((rc = compose_check(r)) ||
	    (rc = mail_compose_send(&r->ctx, r->body, &out, &r->err)))
		return rc;
	resp_json(r, 201, out);
	return 0;
}

static const struct body_field template_body[] = {
	{ "name", BODY_TEXT, 0, MAIL_TEMPLATE_NAME_MAX, NULL, 0 },
	{ "subject", BODY_TEXT, 0, 500, NULL, 0 },
	{ "body", BODY_TEXT, 0, MAIL_TEMPLATE_BODY_MAX, NULL, 0 },
	{ NULL, 0, 0, 0, NULL, 0 }
};

static int template_list(struct req *r)
{
	json_t *out = NULL;
	int rc = mail_template_list(&r->ctx, &out, &r->err);
	if (!rc)
		resp_items(r, json_incref(json_object_get(out, "items")));
	json_decref(out);
	return rc;
}

/* The {id} of the path as the key core takes. */
static int template_key(struct req *r, char key[24])
{
	int64_t id;
	int rc = req_param_id(r, "id", &id);
	if (!rc)
		snprintf(key, 24, "%lld", (long long)id);
	return rc;
}

static int template_answer(struct req *r, const char *key, int status)
{
	json_t *out = NULL;
	int rc = mail_template_get(&r->ctx, key, &out, &r->err);
	if (rc)
		return rc;
	resp_json(r, status, out);
	return 0;
}

static int template_create(struct req *r)
{
	char key[24];
	int64_t id = 0;
	int rc;
	if ((rc = mail_template_add(&r->ctx, r->body, &id, &r->err)))
		return rc;
	snprintf(key, sizeof(key), "%lld", (long long)id);
	resp_location(r, "/api/v1/mail/templates/%lld", (long long)id);
	return template_answer(r, key, 201);
}

static int template_show(struct req *r)
{
	char key[24];
	int rc = template_key(r, key);
	return rc ? rc : template_answer(r, key, 200);
}

static int template_patch(struct req *r)
{
	char key[24];
	int rc;
	if ((rc = template_key(r, key)) ||
	    (rc = mail_template_edit(&r->ctx, key, r->body, &r->err)))
		return rc;
	return template_answer(r, key, 200);
}

static int template_delete(struct req *r)
{
	char key[24];
	int rc;
	if ((rc = template_key(r, key)) ||
	    (rc = mail_template_remove(&r->ctx, key, &r->err)))
		return rc;
	resp_empty(r, 204);
	return 0;
}

const struct route routes_mail_compose[] = {
	{ "GET", "/api/v1/mail/status", mail_status, 0,
	  "Whether the organisation has a mail server set",
	  .doc = { .result = "MailStatus" } },
	{ "POST", "/api/v1/mail/preview", mail_preview, ROUTE_JSON_BODY,
	  "Render a message from a deal or contact (a template's merge fields "
	  "resolved) without sending it",
	  .doc = { .body = "MailCompose", .result = "MailMessage",
		   .flags = DOC_CONFLICT } },
	{ "POST", "/api/v1/mail/send", mail_send_post, ROUTE_JSON_BODY,
	  "Send a message from a deal or contact and log it there as an e-mail "
	  "with the next step it proposes",
	  .doc = { .body = "MailCompose", .status = 201, .result = "MailSent",
		   .flags = DOC_RULES | DOC_CONFLICT } },
	{ "GET", "/api/v1/mail/templates", template_list, 0,
	  "The organisation's mail templates",
	  .doc = { .result = "MailTemplateList" } },
	{ "POST", "/api/v1/mail/templates", template_create,
	  ROUTE_JSON_BODY | ROUTE_MANAGER,
	  "Add a mail template (admins and managers)",
	  .doc = { .body = "MailTemplateInput", .fields = template_body,
		   .status = 201, .result = "MailTemplate",
		   .flags = DOC_CONFLICT } },
	{ "GET", "/api/v1/mail/templates/{id}", template_show, 0,
	  "Read a mail template",
	  .doc = { .result = "MailTemplate" } },
	{ "PATCH", "/api/v1/mail/templates/{id}", template_patch,
	  ROUTE_JSON_BODY | ROUTE_MANAGER,
	  "Change a mail template's name, subject or body (admins and managers)",
	  .doc = { .body = "MailTemplateInput", .fields = template_body,
		   .result = "MailTemplate", .flags = DOC_CONFLICT } },
	{ "DELETE", "/api/v1/mail/templates/{id}", template_delete,
	  ROUTE_MANAGER, "Remove a mail template (admins and managers)",
	  .doc = { .status = 204 } },
	ROUTE_END
};
