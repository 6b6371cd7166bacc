/* fulcrum mail send (a message from a deal or contact, logged on it) and
 * fulcrum mail template add|list|show|edit|remove (docs/mail.md). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/cmd-mail.h"
#include "cli/commands.h"
#include "core/mail-compose.h"
#include "core/mail-template.h"
#include "util/banned.h"

const struct opt_spec mail_send_specs[] = {
	{ "deal", 1, "ID" }, { "contact", 1, "ID" }, { "to", 1, "ADDRESS" },
	{ "template", 1, "NAME" }, { "subject", 1, "TEXT" },
	{ "body-file", 1, "FILE|-" }, { "next-step", 1, "WHAT" },
	{ "next-step-due", 1, "DATE" }, { "next-step-type", 1, "TYPE" },
	{ "no-next-step", 0, NULL }, { "preview", 0, NULL }, { NULL, 0, NULL }
};
const struct opt_spec mail_template_specs[] = {
	{ "name", 1, "NAME" }, { "subject", 1, "TEXT" },
	{ "body-file", 1, "FILE|-" }, { NULL, 0, NULL }
};

/* The text of file PATH ("-": standard input), at most MAX bytes, into
 * field NAME of IN. */
static int put_file(json_t *in, const char *name, const char *path,
		    size_t max, struct fc_error *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char chunk[4096];
	struct buf b;
	size_t n;
	int rc = 0;
	if (!f)
		return fc_fail(err, FC_ENOTFOUND, "body", "cannot open '%s': %s",
			       path, strerror(errno));
	buf_init(&b, max);
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(&b, chunk, n))
			rc = fc_fail(err, FC_ELIMIT, "body", "'%s' is larger than "
				     "%zu bytes", path, max);
	if (!rc && ferror(f))
		rc = fc_fail(err, FC_ESTORE, "body", "cannot read '%s'", path);
	if (f != stdin)
		fclose(f);
	if (!rc)
		json_object_set_new(in, name, json_string(b.s));
	if (!rc && !json_object_get(in, name))
		rc = fc_fail(err, FC_EINVAL, "body", "'%s' is not UTF-8 text", path);
	buf_release(&b);
	return rc;
}

/* Prints a message: its headers and text, or the JSON. */
static void print_message(struct cli *cli, json_t *m, const char *verb)
{
	const char *to = json_string_value(json_object_get(m, "to"));
	const char *name = json_string_value(json_object_get(m, "to_name"));
	json_t *iid = json_object_get(m, "interaction_id");
	if (cli->json) {
		out_record(cli, m);
		return;
	}
	if (verb) {
		out_done(cli, NULL, "%s to %s%s%s%s, logged as interaction %lld",
			 verb, name ? name : "", name ? " <" : "", to, name ? ">" : "",
			 (long long)json_integer_value(iid));
		return;
	}
	printf("To: %s%s%s%s\nSubject: %s\n\n%s\n", name ? name : "",
	       name ? " <" : "", to, name ? ">" : "",
	       json_string_value(json_object_get(m, "subject")),
	       json_string_value(json_object_get(m, "body")));
}

/* send --deal ID | --contact ID [--to ADDR] [--template NAME] [--subject S
 * --body-file F] [--next-step WHAT --next-step-due DATE | --no-next-step]
 * [--preview] */
int mail_cmd_send(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	json_t *in, *out = NULL;
	int rc;
	if (o->npos)
		return cli_usage(cli, "mail", "send takes options only");
	if (!opt_has(o, "deal") && !opt_has(o, "contact"))
		return cli_usage(cli, "mail", "send needs --deal ID or --contact ID");
	if (opt_has(o, "next-step") != opt_has(o, "next-step-due"))
		return cli_usage(cli, "mail", "--next-step WHAT goes with "
				 "--next-step-due DATE");
	if (opt_has(o, "next-step") && opt_has(o, "no-next-step"))
		return cli_usage(cli, "mail", "--next-step and --no-next-step "
				 "exclude each other");
	in = json_object();
	if ((rc = opt_put_int(cli, in, o, "deal", "deal_id")) ||
	    (rc = opt_put_int(cli, in, o, "contact", "contact_id")))
		goto done;
	opt_put(in, o, "to", "to");
	opt_put(in, o, "template", "template");
	opt_put(in, o, "subject", "subject");
	if (opt_has(o, "body-file") &&
	    put_file(in, "body", opt_get(o, "body-file"), MAIL_COMPOSE_BODY_MAX,
		     &err)) {
		rc = cli_fail(cli, &err);
		goto done;
	}
	if (opt_has(o, "next-step")) {
		json_t *next = json_object();
		opt_put(next, o, "next-step", "what");
		opt_put(next, o, "next-step-due", "due");
		opt_put(next, o, "next-step-type", "type");
		json_object_set_new(in, "next_step", next);
	} else if (opt_has(o, "no-next-step")) {
		json_object_set_new(in, "agreement", json_false());
	}
	if (opt_has(o, "preview") ? mail_compose_preview(&cli->ctx, in, &out, &err)
				 : mail_compose_send(&cli->ctx, in, &out, &err)) {
		rc = cli_fail(cli, &err);
		goto done;
	}
	print_message(cli, out, opt_has(o, "preview") ? NULL : "sent");
	rc = EXIT_OK;
done:
	json_decref(in);
	json_decref(out);
	return rc;
}

/* The fields of a template from the options. */
static int template_input(struct cli *cli, const struct opts *o, json_t *in)
{
	struct fc_error err = { 0 };
	opt_put(in, o, "name", "name");
	opt_put(in, o, "subject", "subject");
	if (opt_has(o, "body-file") &&
	    put_file(in, "body", opt_get(o, "body-file"), MAIL_TEMPLATE_BODY_MAX,
		     &err))
		return cli_fail(cli, &err);
	return 0;
}

/* template add NAME --subject S --body-file F | list | show NAME |
 * edit NAME [--name N] [--subject S] [--body-file F] | remove NAME */
int mail_cmd_template(struct cli *cli, const char *sub, const struct opts *o)
{
	static const char *const columns[] = { "id", "name", "subject", NULL };
	struct fc_error err = { 0 };
	const char *action = o->npos ? o->pos[0] : "";
	const char *key = o->npos > 1 ? o->pos[1] : NULL;
	json_t *in = NULL, *out = NULL;
	int64_t id = 0;
	int rc = EXIT_OK;
	if (!strcmp(action, "list")) {
		if (o->npos != 1)
			return cli_usage(cli, "mail", "template list takes no name");
		if (mail_template_list(&cli->ctx, &out, &err))
			return cli_fail(cli, &err);
		out_list(cli, json_object_get(out, "items"), columns);
		json_decref(out);
		return EXIT_OK;
	}
	if (strcmp(action, "add") && strcmp(action, "show") &&
	    strcmp(action, "edit") && strcmp(action, "remove"))
		return cli_usage(cli, "mail", "template takes add, list, show, edit "
				 "or remove");
	if (o->npos != 2)
		return cli_usage(cli, "mail", "template %s takes the template's "
				 "name (or id)", action);
	if (!strcmp(action, "show")) {
		if (mail_template_get(&cli->ctx, key, &out, &err))
			return cli_fail(cli, &err);
		out_record(cli, out);
		json_decref(out);
		return EXIT_OK;
	}
	if (!strcmp(action, "remove")) {
		if (mail_template_remove(&cli->ctx, key, &err))
			return cli_fail(cli, &err);
		out_done(cli, NULL, "removed mail template %s", key);
		return EXIT_OK;
	}
	in = json_object();
	if ((rc = template_input(cli, o, in)))
		goto done;
	if (!strcmp(action, "add")) {
		if (opt_has(o, "name")) {
			rc = cli_usage(cli, "mail", "template add takes the name as "
				       "its argument, not --name");
			goto done;
		}
		json_object_set_new(in, "name", json_string(key));
		rc = mail_template_add(&cli->ctx, in, &id, &err);
	} else {
		rc = mail_template_edit(&cli->ctx, key, in, &err);
	}
	if (rc) {
		rc = cli_fail(cli, &err);
		goto done;
	}
	if (mail_template_get(&cli->ctx, id ? json_string_value(json_object_get(
		in, "name")) : opt_has(o, "name") ? opt_get(o, "name") : key,
		&out, &err)) {
		rc = cli_fail(cli, &err);
		goto done;
	}
	if (cli->json)
		out_record(cli, out);
	else
		out_done(cli, NULL, "%s mail template %s (id %lld)",
			 id ? "added" : "changed",
			 json_string_value(json_object_get(out, "name")),
			 (long long)json_integer_value(json_object_get(out, "id")));
	rc = EXIT_OK;
done:
	json_decref(in);
	json_decref(out);
	return rc;
}
