/* fulcrum mail mailbox and mail fetch: the organisation's BCC mailbox
 * (admins) and one pass reading it (docs/mail.md, "The BCC mailbox"); rows
 * of mail_subcmds (cmd-mail.c). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/mail-fetch.h"
#include "core/mail-mailbox.h"
#include "util/banned.h"

const struct opt_spec mail_mailbox_specs[] = {
	{ "host", 1, "HOST" }, { "port", 1, "N" },
	{ "security", 1, "tls|starttls|none" }, { "user", 1, "NAME" },
	{ "password-stdin", 0, NULL }, { "password-file", 1, "FILE" },
	{ "no-password", 0, NULL }, { "folder", 1, "NAME" },
	{ "after", 1, "seen|move" }, { "move-to", 1, "FOLDER" },
	{ NULL, 0, NULL }
};
const struct opt_spec mail_fetch_specs[] = { { NULL, 0, NULL } };

/* The first line of F, without its line end, into OUT (CAP bytes). */
static int read_line(FILE *f, char *out, size_t cap, struct fc_error *err)
{
	size_t n;
	if (!fgets(out, (int)cap, f))
		out[0] = '\0';
	n = strlen(out);
	if (n && out[n - 1] != '\n' && !feof(f))
		return fc_fail(err, FC_ELIMIT, "password", "the password is at "
			       "most %d bytes", SECRET_MAX);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

/* The password of --password-stdin or --password-file into IN. */
static int put_password(json_t *in, const struct opts *o, struct fc_error *err)
{
	char password[SECRET_MAX + 2] = "";
	int rc = 0;
	if (opt_has(o, "password-file")) {
		FILE *f = fopen(opt_get(o, "password-file"), "r");
		if (!f)
			return fc_fail(err, FC_EINVAL, "password-file", "cannot "
				       "read the password file '%s'",
				       opt_get(o, "password-file"));
		rc = read_line(f, password, sizeof(password), err);
		fclose(f);
	} else {
		rc = read_line(stdin, password, sizeof(password), err);
	}
	if (!rc)
		json_object_set_new(in, "password", json_string(password));
	memset(password, 0, sizeof(password));
	return rc;
}

/* mailbox: shows it; with options, changes those first. */
int mail_mailbox_cmd(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	struct mail_mailbox m;
	json_t *in, *j;
	int rc = 0;
	if (o->npos)
		return cli_usage(cli, "mail", "mailbox takes options only");
	if (opt_has(o, "password-stdin") + opt_has(o, "password-file") +
	    opt_has(o, "no-password") > 1)
		return cli_usage(cli, "mail", "give one of --password-stdin, "
				 "--password-file and --no-password");
	in = json_object();
	opt_put(in, o, "host", "host");
	opt_put(in, o, "port", "port");
	opt_put(in, o, "security", "security");
	opt_put(in, o, "user", "username");
	opt_put(in, o, "folder", "folder");
	opt_put(in, o, "after", "after_logged");
	opt_put(in, o, "move-to", "move_to");
	if (opt_has(o, "no-password"))
		json_object_set_new(in, "password", json_string(""));
	if (opt_has(o, "password-stdin") || opt_has(o, "password-file"))
		rc = put_password(in, o, &err);
	if (!rc && json_object_size(in))
		rc = mail_mailbox_set(&cli->ctx, in, &err);
	json_decref(in);
	if (rc || (rc = mail_mailbox_get(&cli->ctx, &m, &err)))
		return cli_fail(cli, &err);
	j = mail_mailbox_json(&m);
	out_record(cli, j);
	json_decref(j);
	return EXIT_OK;
}

struct fetch_out {
	struct cli *cli;
	json_t *rows;	/* --json: the rows, printed at the end */
};

/* A line per message as it is handled (a cron log shows how far a pass
 * went), or its row kept for --json. */
static void on_message(void *arg, json_t *row)
{
	struct fetch_out *f = arg;
	const char *outcome, *id, *reason;
	if (f->cli->json) {
		json_array_append(f->rows, row);
		return;
	}
	outcome = json_string_value(json_object_get(row, "outcome"));
	id = json_string_value(json_object_get(row, "message_id"));
	reason = json_string_value(json_object_get(row, "reason"));
	printf("UID %lld  %-10s  %s", (long long)json_integer_value(
		       json_object_get(row, "uid")), outcome, *id ? id : "-");
	if (!strcmp(outcome, "logged"))
		printf("  %lld interaction(s), %lld new contact(s) to engage",
		       (long long)json_integer_value(
			       json_object_get(row, "interactions")),
		       (long long)json_integer_value(
			       json_object_get(row, "candidates")));
	else if (*reason)
		printf("  %s", reason);
	printf("\n");
	fflush(stdout);
}

/* fetch: one pass over the mailbox (from cron). */
int mail_fetch_cmd(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	struct fetch_out f = { cli, json_array() };
	struct mail_fetch_pass p = { .on_message = on_message, .arg = &f,
				     .give_back = 1 };
	char host[256], holder[320];
	int64_t total = 0;
	int rc;
	if (o->npos) {
		json_decref(f.rows);
		return cli_usage(cli, "mail", "fetch takes no arguments");
	}
	/* this run's own lease, apart from any `fulcrum serve` node's */
	if (gethostname(host, sizeof(host)))
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	snprintf(holder, sizeof(holder), "mail fetch:%s:%ld", host,
		 (long)getpid());
	p.holder = holder;
	rc = mail_fetch_run(&cli->ctx, &p, &err);
	for (int i = 0; mail_fetch_outcomes[i]; i++)
		total += p.counts[i];
	if (cli->json) {
		json_t *j = json_pack("{s:o, s:I}", "messages", f.rows, "fetched",
				      (json_int_t)total);
		for (int i = 0; mail_fetch_outcomes[i]; i++)
			json_object_set_new(j, mail_fetch_outcomes[i],
					    json_integer(p.counts[i]));
		if (rc)
			json_object_set_new(j, "error", json_string(err.message));
		json_object_set_new(j, "busy", json_boolean(p.busy));
		out_record(cli, j);
		json_decref(j);
	} else if (p.busy) {
		json_decref(f.rows);
		printf("another fetch is under way (a `fulcrum serve` node or "
		       "another `mail fetch`); nothing fetched\n");
	} else {
		json_decref(f.rows);
		printf("fetched %lld message(s): %lld logged, %lld already "
		       "logged, %lld from no user, %lld malformed, %lld too "
		       "large\n", (long long)total, (long long)p.counts[0],
		       (long long)p.counts[1], (long long)p.counts[2],
		       (long long)p.counts[3], (long long)p.counts[4]);
	}
	return rc ? cli_fail(cli, &err) : EXIT_OK;
}
