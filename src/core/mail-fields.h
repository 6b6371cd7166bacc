/* The checks the settings of both mail servers share (the SMTP server of
 * core/mail-settings.h and the IMAP mailbox of core/mail-mailbox.h): one
 * line of text, a host, a port, and the password sealed with
 * core/secret-box.h. Each reads field NAME of a JSON object and names it in
 * its error. */
#ifndef FC_CORE_MAIL_FIELDS_H
#define FC_CORE_MAIL_FIELDS_H

#include <jansson.h>
#include <stddef.h>

#include "core/secret-box.h"
#include "util/error.h"

/* The text of field NAME of IN into OUT (at most MAX bytes, one line of
 * UTF-8): 1 when given, 0 when left out, or an error. */
int mail_field_text(json_t *in, const char *name, char *out, size_t max,
		    struct fc_error *err);
/* Field "port" (a number or its digits, 1 to 65535) into PORT: 1 when
 * given, 0 when left out, or an error. */
int mail_field_port(json_t *in, int *port, struct fc_error *err);
/* The ports a server listens on by the connection's security. */
struct mail_ports {
	int tls, starttls, none;
};
#define MAIL_SECURITY_MAX 8	/* "starttls" */
/* Fields "security" (tls, starttls or none; FALLBACK when unset) and "port"
 * of IN into SECURITY and PORT. A port not given becomes the security's
 * port of PORTS when it was unset or the security is given. 0 or an
 * error. */
int mail_field_security(json_t *in, char security[MAIL_SECURITY_MAX + 1],
			int *port, const char *fallback,
			const struct mail_ports *ports, struct fc_error *err);
/* HOST is a host name or address; WHAT names the server in the error
 * ("the SMTP server"). */
int mail_check_host(const char *host, const char *what, struct fc_error *err);
/* Field "password": when given, BOX becomes its sealed form ("" when the
 * password is ""); 1 when given, 0 when left out, or an error. */
int mail_field_password(json_t *in, char box[SECRET_SEALED_MAX],
			struct fc_error *err);

#endif
