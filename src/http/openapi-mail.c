/* The schema of the BCC mailbox's settings (/api/v1/mail/mailbox) in the
 * OpenAPI document; its input schema is derived from the route's body
 * fields (routes/mail.c). */
#include "core/mail-mailbox.h"
#include "http/http.h"
#include "util/banned.h"

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
}
