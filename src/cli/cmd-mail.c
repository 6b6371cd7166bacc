/* fulcrum mail: the organisation's outgoing mail server (admins), a test
 * message through it, the digest and preferences, and replaying received
 * messages into the log; sending from a deal and the templates are in
 * cmd-mail-compose.c (docs/mail.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/cmd-mail.h"
#include "cli/commands.h"
#include "core/digest.h"
#include "core/mail-ingest.h"
#include "core/mail-send.h"
#include "core/mail-settings.h"
#include "io/mime-read.h"
#include "util/buf.h"
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

static const struct opt_spec digest_specs[] = {
	{ "user", 1, "EMAIL" }, { "dry-run", 0, NULL }, { NULL, 0, NULL }
};
static const struct opt_spec prefs_specs[] = {
	{ "user", 1, "EMAIL" }, { "digest", 1, "on|off" },
	{ "reminders", 1, "on|off" }, { "time", 1, "HH:MM" }, { NULL, 0, NULL }
};

/* "on"/"off" option NAME into IN as a boolean; usage error otherwise. */
static int put_switch(struct cli *cli, json_t *in, const struct opts *o,
		      const char *name)
{
	const char *v = opt_get(o, name);
	if (!v)
		return 0;
	if (strcmp(v, "on") && strcmp(v, "off"))
		return cli_usage(cli, "mail", "--%s takes on or off", name);
	json_object_set_new(in, name, json_boolean(!strcmp(v, "on")));
	return 0;
}

/* preferences: the acting user's digest and reminders (an admin's, with
 * --user, anyone's); with options, changes them first. */
static int preferences(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	struct digest_prefs p;
	struct fc_ctx who = cli->ctx;
	int64_t uid = cli->ctx.user.id;
	json_t *in;
	int rc;
	if (o->npos)
		return cli_usage(cli, "mail", "preferences takes options only");
	if (opt_has(o, "user")) {
		if (ctx_act_as(&who, opt_get(o, "user"), &err))
			return cli_fail(cli, &err);
		uid = who.user.id;
	}
	in = json_object();
	if ((rc = put_switch(cli, in, o, "digest")) ||
	    (rc = put_switch(cli, in, o, "reminders"))) {
		json_decref(in);
		return rc;
	}
	opt_put(in, o, "time", "time");
	rc = json_object_size(in) ?
		digest_prefs_set(&cli->ctx, uid, in, &err) : 0;
	json_decref(in);
	if (rc || digest_prefs_get(&cli->ctx, uid, &p, &err))
		return cli_fail(cli, &err);
	json_t *j = digest_prefs_json(&p);
	json_object_set_new(j, "email", json_string(who.user.email));
	out_record(cli, j);
	json_decref(j);
	return EXIT_OK;
}

/* digest [--user EMAIL] [--dry-run]: the digests and reminders due now
 * (run it from cron, every few minutes); --user sends one user's now. */
static int digest(struct cli *cli, const char *sub, const struct opts *o)
{
	static const char *const columns[] = { "email", "digest", "reminder",
		"error", NULL };
	struct fc_error err = { 0 };
	json_t *rows, *row;
	size_t i;
	int failed = 0;
	if (o->npos)
		return cli_usage(cli, "mail", "digest takes options only");
	if (digest_run(&cli->ctx, opt_get(o, "user"), opt_has(o, "dry-run"),
		       &rows, &err))
		return cli_fail(cli, &err);
	json_array_foreach(rows, i, row) {
		const char *d = json_string_value(json_object_get(row, "digest"));
		const char *r = json_string_value(json_object_get(row, "reminder"));
		failed |= (d && !strcmp(d, "failed")) || (r && !strcmp(r, "failed"));
	}
	if (cli->json || !opt_has(o, "dry-run")) {
		out_list(cli, rows, columns);
	} else {
		json_array_foreach(rows, i, row) {
			for (int k = 0; k < 2; k++) {
				json_t *m = json_object_get(row, k ? "reminder" : "digest");
				if (!json_is_object(m))
					continue;
				printf("To: %s\nSubject: %s\n\n%s\n",
				       json_string_value(json_object_get(row, "email")),
				       json_string_value(json_object_get(m, "subject")),
				       json_string_value(json_object_get(m, "body")));
			}
		}
	}
	json_decref(rows);
	if (failed) {
		fprintf(stderr, "fulcrum: some messages were not sent (see "
			"'error'); the next run tries them again\n");
		return EXIT_STORE;
	}
	return EXIT_OK;
}

/* PATH ("-": standard input) into OUT, one byte past the largest message
 * at most, so that a larger one is reported as such. */
static int read_message(const char *path, struct buf *out, struct fc_error *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char chunk[65536];
	size_t n;
	if (!f)
		return fc_fail(err, FC_ENOTFOUND, NULL, "cannot open '%s': %s", path,
			       strerror(errno));
	buf_init(out, MIME_MESSAGE_MAX + 1);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && !out->overflow)
		buf_add(out, chunk, n);
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad)
		return fc_fail(err, FC_ESTORE, NULL, "cannot read '%s'", path);
	return 0;
}

/* One line: the file, the outcome, and who and what it was logged on. */
static void print_ingested(const char *path, json_t *r)
{
	const char *outcome = json_string_value(json_object_get(r, "outcome"));
	json_t *list, *row;
	size_t i;
	printf("%s: %s", path, outcome);
	if (!strcmp(outcome, "duplicate"))
		printf(" (%s): logged before, nothing done",
		       json_string_value(json_object_get(r, "message_id")));
	if (json_object_get(r, "reason"))
		printf(": %s", json_string_value(json_object_get(r, "reason")));
	if (!strcmp(outcome, "logged")) {
		json_t *u = json_object_get(r, "user");
		printf(" for %s", json_string_value(json_object_get(u, "name")));
		list = json_object_get(r, "interactions");
		if (!json_array_size(list))
			printf(": no contact among its addresses");
		json_array_foreach(list, i, row) {
			printf("%s%s", i ? "; " : ": ",
			       json_string_value(json_object_get(row, "contact")));
			if (json_object_get(row, "deal"))
				printf(" on deal '%s'", json_string_value(
					json_object_get(row, "deal")));
		}
		list = json_object_get(r, "candidates");
		json_array_foreach(list, i, row)
			printf("%s%s <%s>", i ? ", " : "; new to engage: ",
			       json_string_value(json_object_get(row, "name")),
			       json_string_value(json_object_get(row, "email")));
	}
	printf("\n");
}

/* ingest [FILE...]: logs received messages (.eml files, or one on standard
 * input) as the BCC mailbox would; a message logged before is a duplicate. */
static int ingest(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	json_t *all = json_array();
	int rc = EXIT_OK;
	int n = o->npos ? o->npos : 1;
	for (int i = 0; i < n && rc == EXIT_OK; i++) {
		const char *path = o->npos ? o->pos[i] : "-";
		struct buf raw = BUF_INIT;
		json_t *r = NULL;
		if (read_message(path, &raw, &err) ||
		    mail_ingest_json(&cli->ctx, raw.s, raw.len, &r, &err)) {
			rc = cli_fail(cli, &err);
		} else {
			json_object_set_new(r, "file", json_string(path));
			if (!cli->json && !cli->quiet)
				print_ingested(path, r);
			json_array_append_new(all, r);
		}
		buf_release(&raw);
	}
	if (cli->json && rc == EXIT_OK) {
		char *t = json_dumps(all, JSON_INDENT(2));
		printf("%s\n", t);
		free(t);
	}
	json_decref(all);
	return rc;
}

const struct subcmd mail_subcmds[] = {
	{ "digest", digest, digest_specs, NULL, "send the morning digests and "
	  "reminders due now (admins; from cron)" },
	{ "fetch", mail_fetch_cmd, mail_fetch_specs, NULL, "read the BCC "
	  "mailbox once and log its new messages (admins; from cron)" },
	{ "ingest", ingest, NULL, "[FILE...]", "log received messages "
	  "(.eml files, else standard input) as the BCC mailbox does (admins)" },
	{ "mailbox", mail_mailbox_cmd, mail_mailbox_specs, NULL, "show the BCC "
	  "mailbox (IMAP), or change it with options (admins)" },
	{ "preferences", preferences, prefs_specs, NULL, "show or change your "
	  "digest and reminders (admins: --user anyone's)" },
	{ "send", mail_cmd_send, mail_send_specs, NULL, "send from a deal or "
	  "contact, logged on it (--preview: show it only)" },
	{ "settings", settings, settings_specs, NULL, "show the SMTP server, "
	  "or change it with options (admins)" },
	{ "template", mail_cmd_template, mail_template_specs,
	  "add|list|show|edit|remove [NAME]", "the organisation's templates "
	  "(admins and managers change them)" },
	{ "test", test, test_specs, NULL, "send a test message (admins)" },
	{ NULL, NULL, NULL, NULL, NULL }
};
