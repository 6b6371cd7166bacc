/* fulcrum mail: the organisation's outgoing mail server (admins) and a
 * test message through it (docs/mail.md). */
#include <stdio.h>
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/mail-send.h"
#include "core/mail-settings.h"
#include "util/banned.h"

static const struct opt_spec settings_specs[] = {
	{ "host", 1, "HOST" }, { "port", 1, "N" },
	{ "security", 1, "starttls|tls|none" }, { "user", 1, "NAME" },
	{ "password-stdin", 0, NULL }, { "no-password", 0, NULL },
	{ "from", 1, "ADDRESS" }, { "from-name", 1, "NAME" },
	{ "base-url", 1, "URL" }, { NULL, 0, NULL }
};
static const struct opt_spec test_specs[] = {
	{ "to", 1, "ADDRESS" }, { NULL, 0, NULL }
};

/* The first line of standard input, without its line end. */
static int read_password(char *out, size_t cap, struct fc_error *err)
{
	if (!fgets(out, (int)cap, stdin))
		out[0] = '\0';
	size_t n = strlen(out);
	if (n && out[n - 1] != '\n' && !feof(stdin))
		return fc_fail(err, FC_ELIMIT, "password", "the password is at "
			       "most %d bytes", SECRET_MAX);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

/* settings: shows them; with options, changes those first. */
static int settings(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	struct mail_settings s;
	char password[SECRET_MAX + 2] = "";
	json_t *in = json_object();
	int rc = 0;
	if (o->npos) {
		json_decref(in);
		return cli_usage(cli, "mail", "settings takes options only");
	}
	opt_put(in, o, "host", "host");
	opt_put(in, o, "port", "port");
	opt_put(in, o, "security", "security");
	opt_put(in, o, "user", "username");
	opt_put(in, o, "from", "from_address");
	opt_put(in, o, "from-name", "from_name");
	opt_put(in, o, "base-url", "base_url");
	if (opt_has(o, "no-password"))
		json_object_set_new(in, "password", json_string(""));
	if (opt_has(o, "password-stdin")) {
		rc = read_password(password, sizeof(password), &err);
		json_object_set_new(in, "password", json_string(password));
		memset(password, 0, sizeof(password));
	}
	if (!rc && json_object_size(in))
		rc = mail_settings_set(&cli->ctx, in, &err);
	json_decref(in);
	if (rc || (rc = mail_settings_get(&cli->ctx, &s, &err)))
		return cli_fail(cli, &err);
	json_t *j = mail_settings_json(&s);
	out_record(cli, j);
	json_decref(j);
	return EXIT_OK;
}

/* test --to ADDRESS: a short message through the server. */
static int test(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	if (o->npos || !opt_has(o, "to"))
		return cli_usage(cli, "mail", "give --to ADDRESS");
	if (mail_send_test(&cli->ctx, opt_get(o, "to"), &err))
		return cli_fail(cli, &err);
	json_t *j = json_pack("{s:s}", "sent_to", opt_get(o, "to"));
	out_done(cli, j, "sent a test message to %s", opt_get(o, "to"));
	json_decref(j);
	return EXIT_OK;
}

const struct subcmd mail_subcmds[] = {
	{ "settings", settings, settings_specs, NULL, "show the SMTP server, "
	  "or change it with options (admins)" },
	{ "test", test, test_specs, NULL, "send a test message (admins)" },
	{ NULL, NULL, NULL, NULL, NULL }
};
