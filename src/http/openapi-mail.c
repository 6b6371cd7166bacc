/* The OpenAPI schemas of mail: the BCC mailbox's settings
 * (/api/v1/mail/mailbox; its input schema is derived from the route's body
 * fields, routes/mail.c), sending from a deal and the mail templates
 * (routes/mail-compose.c); the bounds are core's (core/mail-compose.h,
 * core/mail-template.h). */
#include "core/mail-compose.h"
#include "core/mail-mailbox.h"
#include "core/mail-template.h"
#include "http/http.h"
#include "io/mail-message.h"
#include "util/banned.h"

static json_t *text(int max, const char *doc)
{
	json_t *s = json_pack("{s:s, s:s}", "type", "string", "description", doc);
	if (max)
		json_object_set_new(s, "maxLength", json_integer(max));
	return s;
}

static json_t *object(json_t *props, json_t *required)
{
	return json_pack("{s:s, s:o, s:o, s:b}", "type", "object", "properties",
			 props, "required", required, "additionalProperties", 0);
}

void openapi_mail_schemas(json_t *c)
{
	json_object_set_new(c, "MailMailbox", json_pack("{s:s, s:b, s:{s:{s:s},"
		" s:{s:s}, s:{s:s, s:[s, s, s]}, s:{s:s}, s:{s:s, s:s}, s:{s:s},"
		" s:{s:s, s:[s, s]}, s:{s:s, s:s}}}", "type", "object",
		"additionalProperties", 0, "properties", "host", "type", "string",
		"port", "type", "integer", "security", "type", "string", "enum",
		"tls", "starttls", "none", "username", "type", "string",
		"password_set", "type", "boolean", "description", "a password "
		"is stored (it is never shown)", "folder", "type", "string",
		"after_logged", "type", "string", "enum", "seen", "move",
		"move_to", "type", "string", "description", "the folder a "
		"logged message is moved to; \"\" when they are marked \\Seen"));
	json_object_set_new(c, "MailStatus", object(json_pack("{s:{s:s, s:s}, "
		"s:{s:s, s:s}}", "smtp_set", "type", "boolean", "description",
		"an admin has set the SMTP server (GET /api/v1/mail/settings)",
		"mailbox_set", "type", "boolean", "description", "an admin has "
		"set the BCC mailbox (GET /api/v1/mail/mailbox)"),
		json_pack("[s, s]", "smtp_set", "mailbox_set")));
	json_object_set_new(c, "MailCompose", object(json_pack(
		"{s:{s:s, s:s}, s:{s:s, s:s}, s:o, s:o, s:o, s:o, s:{s:s, s:s, "
		"s:{s:o, s:o, s:{s:s}}, s:[s, s]}, s:{s:s, s:s}}",
		"deal_id", "type", "integer", "description", "the deal it is sent "
		"from (its contact receives it); or give contact_id",
		"contact_id", "type", "integer", "description", "the contact it "
		"goes to (on a deal: the deal's contact or a stakeholder)",
		"to", text(MAIL_ADDRESS_MAX, "the address; default the contact's"),
		"template", text(MAIL_TEMPLATE_NAME_MAX, "a template's name or id"),
		"subject", text(MAIL_SUBJECT_MAX, "default the template's; merge "
				"fields are rendered"),
		"body", text(MAIL_COMPOSE_BODY_MAX, "default the template's; merge "
			     "fields are rendered"),
		"next_step", "type", "object", "description", "the next step the "
		"message proposes (on an open deal: this, or agreement false)",
		"properties", "what", text(500, "what is to happen"), "due",
		text(20, "YYYY-MM-DD or a time"), "type", "type", "string",
		"required", "what", "due",
		"agreement", "type", "boolean", "description", "false: the message "
		"proposes no next step"), json_array()));
	json_t *msg = json_pack("{s:o, s:{s:[s, s]}, s:o, s:o, s:{s:[s, s]}, "
		"s:{s:s}}", "to", text(0, "the address it goes to"), "to_name",
		"type", "string", "null", "subject", text(0, "rendered"), "body",
		text(0, "rendered"), "deal_id", "type", "integer", "null",
		"contact_id", "type", "integer");
	json_t *req = json_pack("[s, s, s, s, s, s]", "to", "to_name", "subject",
				"body", "deal_id", "contact_id");
	json_object_set_new(c, "MailMessage", object(json_deep_copy(msg),
						     json_deep_copy(req)));
	json_object_set_new(msg, "interaction_id", json_pack("{s:s, s:s}", "type",
		"integer", "description", "the e-mail interaction it was logged as"));
	json_array_append_new(req, json_string("interaction_id"));
	json_object_set_new(c, "MailSent", object(msg, req));
	json_object_set_new(c, "MailTemplate", object(json_pack("{s:{s:s}, s:o, "
		"s:o, s:o, s:{s:s, s:s}}", "id", "type", "integer", "name",
		text(MAIL_TEMPLATE_NAME_MAX, "unique in the organisation"),
		"subject", text(MAIL_SUBJECT_MAX, "with merge fields"), "body",
		text((int)MAIL_TEMPLATE_BODY_MAX, "with merge fields: "
		     "{{first_name}} {{name}} {{account}} {{deal}} {{wants}} "
		     "{{next_step}} {{next_step_due}} {{sender}}"),
		"updated_at", "type", "string", "format", "date-time"),
		json_pack("[s, s, s, s, s]", "id", "name", "subject", "body",
			  "updated_at")));
	json_object_set_new(c, "MailTemplateList", json_pack("{s:s, s:{s:{s:s, "
		"s:{s:s}}, s:{s:[s, s]}}, s:[s, s]}", "type", "object",
		"properties", "items", "type", "array", "items", "$ref",
		"#/components/schemas/MailTemplate", "next_cursor", "type",
		"string", "null", "required", "items", "next_cursor"));
}
