/* The organisation's outgoing mail server (docs/mail.md): admins set it;
 * its password is sealed (core/secret-box.h) and never read back out. */
#ifndef FC_CORE_MAIL_SETTINGS_H
#define FC_CORE_MAIL_SETTINGS_H

#include <jansson.h>

#include "core/ctx.h"
#include "core/mail-fields.h"
#include "core/secret-box.h"
#include "io/mail-message.h"

#define MAIL_HOST_MAX 253
#define MAIL_USER_MAX 254
#define MAIL_BASE_URL_MAX 500

struct mail_settings {
	char host[MAIL_HOST_MAX + 1];
	int port;
	char security[MAIL_SECURITY_MAX + 1];		/* starttls, tls or none */
	char username[MAIL_USER_MAX + 1];
	char password_box[SECRET_SEALED_MAX];	/* "" when none */
	char from_address[MAIL_ADDRESS_MAX + 1];
	char from_name[MAIL_NAME_MAX + 1];
	char base_url[MAIL_BASE_URL_MAX + 1];	/* of the UI, for links */
};

/* Reads the settings; FC_ENOTFOUND when none were set. Admins only (the
 * senders of mail run as an admin too). */
int mail_settings_get(struct fc_ctx *ctx, struct mail_settings *out,
		      struct fc_error *err);
/* The same for sending a user's message (core/mail-compose.h): any
 * user's mail goes through the server, though only admins see it. */
int mail_settings_for_sending(struct fc_ctx *ctx, struct mail_settings *out,
			      struct fc_error *err);
/* *SET: whether the organisation has a mail server set (anyone may ask:
 * the compose dialog says so before a message is written). */
int mail_settings_present(struct fc_ctx *ctx, int *set, struct fc_error *err);
/* Changes the settings from the fields of IN (host, port, security,
 * username, password, from_address, from_name, base_url): a field left out
 * keeps its value; the first call needs host and from_address (port
 * defaults to 587 with starttls, 465 with tls, 25 with none). A password
 * of "" removes it. Admins only; one transaction. */
int mail_settings_set(struct fc_ctx *ctx, json_t *in, struct fc_error *err);
/* The settings as shown to admins: every field but the password, and
 * "password_set" (true or false) in its stead. */
json_t *mail_settings_json(const struct mail_settings *s);

#endif
