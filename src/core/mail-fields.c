/* The checks both mail servers' settings share; see mail-fields.h. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mail-fields.h"
#include "util/utf8.h"
#include "util/banned.h"

int mail_field_text(json_t *in, const char *name, char *out, size_t max,
		    struct fc_error *err)
{
	json_t *v = json_object_get(in, name);
	const char *s;
	if (!v)
		return 0;
	if (!json_is_string(v))
		return fc_fail(err, FC_EINVAL, name, "'%s' must be text", name);
	s = json_string_value(v);
	if (strlen(s) > max)
		return fc_fail(err, FC_ELIMIT, name, "'%s' is at most %zu bytes",
			       name, max);
	if (!utf8_valid(s, strlen(s), NULL) || strpbrk(s, "\r\n\t"))
		return fc_fail(err, FC_EINVAL, name, "'%s' must be one line of "
			       "UTF-8 text", name);
	snprintf(out, max + 1, "%s", s);
	return 1;
}

int mail_field_security(json_t *in, char security[MAIL_SECURITY_MAX + 1],
			int *port, const char *fallback,
			const struct mail_ports *ports, struct fc_error *err)
{
	const char *other = strcmp(fallback, "tls") ? "tls" : "starttls";
	int rc, port_given;
	if ((rc = mail_field_text(in, "security", security, MAIL_SECURITY_MAX,
				  err)) < 0 ||
	    (port_given = mail_field_port(in, port, err)) < 0)
		return rc < 0 ? rc : port_given;
	if (!*security)
		snprintf(security, MAIL_SECURITY_MAX + 1, "%s", fallback);
	if (strcmp(security, "tls") && strcmp(security, "starttls") &&
	    strcmp(security, "none"))
		return fc_fail(err, FC_EINVAL, "security", "'security' must be "
			       "%s, %s or none, not '%s'", fallback, other,
			       security);
	if (!port_given && (!*port || json_object_get(in, "security")))
		*port = !strcmp(security, "tls") ? ports->tls :
			!strcmp(security, "none") ? ports->none : ports->starttls;
	return 0;
}

int mail_check_host(const char *host, const char *what, struct fc_error *err)
{
	if (!*host)
		return fc_fail(err, FC_EINVAL, "host", "'host' is required: the "
			       "name or address of %s", what);
	for (const char *p = host; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".-:[]", *p))
			return fc_fail(err, FC_EINVAL, "host", "'host' must be a "
				       "host name or address, not '%.60s'", host);
	return 0;
}

int mail_field_port(json_t *in, int *port, struct fc_error *err)
{
	json_t *v = json_object_get(in, "port");
	long long n = -1;
	if (!v)
		return 0;
	if (json_is_integer(v)) {
		n = json_integer_value(v);
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *end;
		n = *s && strlen(s) <= 5 ? strtoll(s, &end, 10) : -1;
		if (*s && *end)
			n = -1;
	}
	if (n < 1 || n > 65535)
		return fc_fail(err, FC_EINVAL, "port", "'port' must be a number "
			       "from 1 to 65535");
	*port = (int)n;
	return 1;
}

int mail_field_password(json_t *in, char box[SECRET_SEALED_MAX],
			struct fc_error *err)
{
	char password[SECRET_MAX + 1];
	int rc = mail_field_text(in, "password", password, SECRET_MAX, err);
	if (rc <= 0)
		return rc;
	box[0] = '\0';
	rc = *password ? secret_seal(password, box, err) : 0;
	memset(password, 0, sizeof(password));
	return rc ? rc : 1;
}
