/* fulcrum form: lead forms for the organisation's website (admins define
 * them; core/form.h holds their rules). Fulcrum serves each at
 * /forms/KEY; `form snippet` prints what to paste into a web page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/form.h"
#include "core/process.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static const char *const columns[] = { "id", "key", "title", "fields",
	"lead_owner_id", "team", "origins", NULL };

#define DEF_SPECS \
	{ "title", 1, "TEXT" }, { "fields", 1, "name,email,phone,company,need," \
	  "message,custom.KEY" }, { "required", 1, "FIELD,..." }, \
	{ "owner", 1, "EMAIL" }, { "team", 1, "TEAM" }, \
	{ "process", 1, "KEY" }, { "origins", 1, "https://SITE,..." }, \
	{ "thanks", 1, "TEXT" }
static const struct opt_spec add_specs[] = { DEF_SPECS, { NULL, 0, NULL } };
static const struct opt_spec edit_specs[] = {
	DEF_SPECS, { "if-version", 1, "N" }, { NULL, 0, NULL }
};
static const struct opt_spec one_specs[] = {
	{ "if-version", 1, "N" }, { NULL, 0, NULL }
};
static const struct opt_spec list_specs[] = {
	{ "team", 1, "TEAM" }, LIST_SPECS, { NULL, 0, NULL }
};
static const struct opt_spec snippet_specs[] = {
	{ "url", 1, "https://CRM" }, { "iframe", 0, NULL }, { NULL, 0, NULL }
};

/* "a, b,c" -> ["a", "b", "c"] ("" -> []); the list's rules are core's. */
static json_t *list_json(const char *s)
{
	json_t *a = json_array();
	while (*s) {
		const char *comma = strchr(s, ','), *end = comma ? comma : s + strlen(s);
		while (s < end && *s == ' ')
			s++;
		const char *last = end;
		while (last > s && last[-1] == ' ')
			last--;
		if (last > s) {
			char *one = xstrndup(s, (size_t)(last - s));
			json_array_append_new(a, json_string(one));
			free(one);
		}
		s = comma ? comma + 1 : end;
	}
	return a;
}

/* The options of a definition into IN. */
static int put_def(struct cli *cli, json_t *in, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id;
	int rc;
	opt_put(in, o, "title", "title");
	opt_put(in, o, "thanks", "thanks");
	if (opt_has(o, "fields"))
		json_object_set_new(in, "fields", list_json(opt_get(o, "fields")));
	if (opt_has(o, "required"))
		json_object_set_new(in, "required",
				    list_json(opt_get(o, "required")));
	if (opt_has(o, "origins"))
		json_object_set_new(in, "origins", list_json(opt_get(o, "origins")));
	/* the leads go to one user or to a team: naming one drops the other */
	if (opt_has(o, "team") && *opt_get(o, "team")) {
		json_object_set_new(in, "team", json_string(opt_get(o, "team")));
		if (!opt_has(o, "owner"))
			json_object_set_new(in, "lead_owner_id", json_null());
	}
	if (opt_has(o, "owner")) {
		if ((rc = cli_user_id(cli, opt_get(o, "owner"), &id)))
			return rc;
		json_object_set_new(in, "lead_owner_id", json_integer(id));
		if (!opt_has(o, "team"))
			json_object_set_new(in, "team", json_null());
	}
	if (opt_has(o, "process")) {
		if (process_id_find(&cli->ctx, opt_get(o, "process"), &id, &err))
			return cli_fail(cli, &err);
		json_object_set_new(in, "process_id", json_integer(id));
	}
	return EXIT_OK;
}

/* The form named by its KEY or id. */
static int form_id(struct cli *cli, const char *sub, const struct opts *o,
		   int64_t *id)
{
	struct fc_error err = { 0 };
	const char *arg = o->npos == 1 ? o->pos[0] : NULL;
	if (!arg)
		return cli_usage(cli, "form", "%s takes one form KEY or id", sub);
	/* keys are 22 characters: an id is all digits and short */
	if (strlen(arg) < 12 && strspn(arg, "0123456789") == strlen(arg))
		return cli_id(cli, "form", arg, id);
	if (form_find(&cli->ctx, arg, id, &err))
		return cli_fail(cli, &err);
	return EXIT_OK;
}

/* add --title T --fields F,... [--required F,...] (--owner EMAIL | --team
 * TEAM) [--process KEY] [--origins O,...] [--thanks TEXT] */
static int add(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id;
	int rc;
	if (o->npos)
		return cli_usage(cli, "form", "%s takes no argument: give --title",
				 sub);
	json_t *in = json_object();
	if (!(rc = put_def(cli, in, o))) {
		if (form_create(&cli->ctx, in, &id, &err))
			rc = cli_fail(cli, &err);
		else
			rc = cli_print_done(cli, &entity_form, id, "created");
	}
	json_decref(in);
	return rc;
}

static int edit(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id = 0, ver = 0;
	int rc;
	if ((rc = form_id(cli, sub, o, &id)) ||
	    (rc = opt_int(cli, o, "if-version", &ver, 0)))
		return rc;
	json_t *in = json_object();
	if (!(rc = put_def(cli, in, o))) {
		if (record_update(&cli->ctx, &entity_form, id, in, NULL, ver, &err))
			rc = cli_fail(cli, &err);
		else
			rc = cli_print_done(cli, &entity_form, id, "updated");
	}
	json_decref(in);
	return rc;
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	(void)sub;
	return cli_record_list(cli, &entity_form, o, list_specs, columns);
}

static int show(struct cli *cli, const char *sub, const struct opts *o)
{
	int64_t id = 0;
	int rc = form_id(cli, sub, o, &id);
	return rc ? rc : cli_show(cli, &entity_form, id);
}

static int remove_form(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id = 0, ver = 0;
	int rc;
	if ((rc = form_id(cli, sub, o, &id)) ||
	    (rc = opt_int(cli, o, "if-version", &ver, 0)))
		return rc;
	if (record_delete(&cli->ctx, &entity_form, id, ver, &err))
		return cli_fail(cli, &err);
	out_done(cli, NULL, "deleted form %lld: its page and posts are gone",
		 (long long)id);
	return EXIT_OK;
}

/* snippet KEY --url https://CRM [--iframe]: the HTML to paste. */
static int snippet(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	struct form_public f;
	json_t *rec = NULL, *s;
	int64_t id = 0;
	int rc;
	if ((rc = form_id(cli, sub, o, &id)))
		return rc;
	if (!opt_has(o, "url"))
		return cli_usage(cli, "form", "snippet needs --url, the address "
				 "people reach Fulcrum at (https://crm.example.com)");
	if (record_get(&cli->ctx, &entity_form, id, &rec, &err) ||
	    form_public_read(cli->ctx.db, json_string_value(json_object_get(rec,
			     "key")), &f, &err)) {
		json_decref(rec);
		return cli_fail(cli, &err);
	}
	json_decref(rec);
	s = form_snippet(&f, opt_get(o, "url"));
	form_public_release(&f);
	if (cli->json) {
		out_done(cli, s, "%s", "");
	} else {
		fputs(json_string_value(json_object_get(s, opt_has(o, "iframe") ?
			"iframe" : "html")), stdout);
	}
	json_decref(s);
	return EXIT_OK;
}

const struct subcmd form_subcmds[] = {
	{ "add", add, add_specs, NULL, "a new form with a new key: --title, "
	  "--fields (--required of them), --owner EMAIL or --team TEAM (in "
	  "turn), --process KEY, --origins allowed to post, --thanks" },
	{ "list", list, list_specs, NULL, "the forms" },
	{ "show", show, one_specs, "KEY|ID", "one form" },
	{ "edit", edit, edit_specs, "KEY|ID", "change it (--team '' and --owner "
	  "switch who gets the leads)" },
	{ "remove", remove_form, one_specs, "KEY|ID", "delete it: its page and "
	  "its posts stop" },
	{ "snippet", snippet, snippet_specs, "KEY|ID", "the HTML to paste into a "
	  "web page: a form posting to --url's /forms/KEY/submit, or --iframe" },
	{ NULL, NULL, NULL, NULL, NULL }
};
