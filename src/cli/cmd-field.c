/* fulcrum field: the custom fields of contacts, accounts and deals (admins
 * define them; core/field.h holds their rules). Values are set with
 * --field KEY=VALUE on contact, account and deal add and edit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/field.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static const char *const columns[] = { "id", "kind", "key", "label", "type",
	"choices", "currency", "required_step", "archived", NULL };

#define DEF_SPECS \
	{ "label", 1, "TEXT" }, { "choices", 1, "A,B,C" }, \
	{ "currency", 1, "CODE" }, { "required-at", 1, "STEP" }, \
	{ "position", 1, "N" }
static const struct opt_spec add_specs[] = {
	{ "kind", 1, "contact|account|deal" },
	{ "type", 1, "text|number|money|date|choice|yesno|contact|account" },
	DEF_SPECS, { NULL, 0, NULL }
};
static const struct opt_spec edit_specs[] = {
	{ "kind", 1, "contact|account|deal" }, DEF_SPECS,
	{ "archived", 1, "yes|no" }, { "if-version", 1, "N" }, { NULL, 0, NULL }
};
static const struct opt_spec one_specs[] = {
	{ "kind", 1, "contact|account|deal" }, { "if-version", 1, "N" },
	{ NULL, 0, NULL }
};
static const struct opt_spec list_specs[] = {
	{ "kind", 1, "contact|account|deal" }, { "type", 1, "T" },
	{ "archived", 1, "true|false" }, LIST_SPECS, { NULL, 0, NULL }
};

/* "a, b,c" -> ["a", "b", "c"]; the list's rules are core's. */
static json_t *choices_json(const char *s)
{
	json_t *a = json_array();
	while (*s) {
		const char *comma = strchr(s, ','), *end = comma ? comma : s + strlen(s);
		while (s < end && *s == ' ')
			s++;
		const char *last = end;
		while (last > s && last[-1] == ' ')
			last--;
		char *one = xstrndup(s, (size_t)(last - s));
		json_array_append_new(a, json_string(one));
		free(one);
		s = comma ? comma + 1 : end;
	}
	return a;
}

static void put_def(json_t *in, const struct opts *o)
{
	opt_put(in, o, "label", "label");
	opt_put(in, o, "currency", "currency");
	opt_put(in, o, "required-at", "required_step");
	if (opt_has(o, "choices"))
		json_object_set_new(in, "choices", choices_json(opt_get(o, "choices")));
}

/* The definition named by ID or KEY (with --kind when keys repeat). */
static int def_id(struct cli *cli, const char *sub, const struct opts *o,
		  int64_t *id)
{
	struct fc_error err = { 0 };
	const char *arg = o->npos == 1 ? o->pos[0] : NULL;
	int found = 0;
	if (!arg)
		return cli_usage(cli, "field", "%s takes one field KEY or id", sub);
	if (arg[0] >= '0' && arg[0] <= '9')
		return cli_id(cli, "field", arg, id);
	if (opt_has(o, "kind")) {
		if (field_def_find(&cli->ctx, opt_get(o, "kind"), arg, id, &err))
			return cli_fail(cli, &err);
		return EXIT_OK;
	}
	for (int i = 0; field_kinds[i]; i++) {
		int64_t one;
		if (field_def_find(&cli->ctx, field_kinds[i], arg, &one, &err))
			continue;
		*id = one;
		found++;
	}
	if (found > 1)
		return cli_usage(cli, "field", "several kinds have a field '%s': "
				 "give --kind", arg);
	if (!found) {
		fc_fail(&err, FC_ENOTFOUND, "key", "no field '%s'", arg);
		return cli_fail(cli, &err);
	}
	return EXIT_OK;
}

/* add KEY --kind K --type T --label L [--choices A,B] [--currency C]
 * [--required-at STEP] [--position N] */
static int add(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "field", "add takes the field's KEY");
	json_t *in = json_pack("{s:s}", "key", o->pos[0]);
	opt_put(in, o, "kind", "kind");
	opt_put(in, o, "type", "type");
	if (!opt_has(o, "label"))	/* the key reads as a label */
		json_object_set_new(in, "label", json_string(o->pos[0]));
	put_def(in, o);
	if ((rc = opt_put_int(cli, in, o, "position", "position")))
		goto out;
	if (record_create(&cli->ctx, &entity_custom_field, in, NULL, &id, &err))
		rc = cli_fail(cli, &err);
	else
		rc = cli_print_done(cli, &entity_custom_field, id, "created");
out:
	json_decref(in);
	return rc;
}

static int edit(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id = 0, ver = 0;
	int rc;
	if ((rc = def_id(cli, sub, o, &id)) ||
	    (rc = opt_int(cli, o, "if-version", &ver, 0)))
		return rc;
	json_t *in = json_object();
	put_def(in, o);
	if ((rc = opt_put_int(cli, in, o, "position", "position")))
		goto out;
	if (opt_has(o, "archived")) {
		const char *a = opt_get(o, "archived");
		if (strcmp(a, "yes") && strcmp(a, "no")) {
			rc = cli_usage(cli, "field", "--archived takes yes or no");
			goto out;
		}
		json_object_set_new(in, "archived", json_boolean(!strcmp(a, "yes")));
	}
	if (record_update(&cli->ctx, &entity_custom_field, id, in, NULL, ver, &err))
		rc = cli_fail(cli, &err);
	else
		rc = cli_print_done(cli, &entity_custom_field, id, "updated");
out:
	json_decref(in);
	return rc;
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_list(cli, &entity_custom_field, o, list_specs, columns);
}

static int show(struct cli *cli, const char *sub, const struct opts *o)
{
	int64_t id = 0;
	int rc = def_id(cli, sub, o, &id);
	return rc ? rc : cli_show(cli, &entity_custom_field, id);
}

static int remove_def(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id = 0, ver = 0;
	int archived = 0, rc;
	if ((rc = def_id(cli, sub, o, &id)) ||
	    (rc = opt_int(cli, o, "if-version", &ver, 0)))
		return rc;
	if (field_def_remove(&cli->ctx, id, ver, &archived, &err))
		return cli_fail(cli, &err);
	if (archived && cli->json)
		return cli_show(cli, &entity_custom_field, id);
	if (archived) {
		out_done(cli, NULL, "archived field %lld: records hold values, which "
			 "are kept", (long long)id);
		return EXIT_OK;
	}
	out_done(cli, NULL, "deleted field %lld", (long long)id);
	return EXIT_OK;
}

const struct subcmd field_subcmds[] = {
	{ "add", add, add_specs, "KEY", "a new field of --kind records, of --type "
	  "(--choices for a choice; --required-at STEP for a deal field a deal "
	  "needs to leave STEP)" },
	{ "list", list, list_specs, NULL, "the fields, filtered" },
	{ "show", show, one_specs, "KEY|ID", "one field" },
	{ "edit", edit, edit_specs, "KEY|ID", "change its label, choices, "
	  "required step or order, or bring back an archived field" },
	{ "remove", remove_def, one_specs, "KEY|ID", "delete it, or archive it "
	  "when records hold values (they are kept)" },
	{ NULL, NULL, NULL, NULL, NULL }
};
