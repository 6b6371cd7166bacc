/* fulcrum contact: people, their need, timing and comfort. */
#include <stdio.h>
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/duplicate.h"
#include "core/engage.h"
#include "util/banned.h"

static const char *const columns[] = { "id", "name", "email", "account_id",
	"need", "timing_from", "timing_to", "comfort", "owner_id", NULL };

/* "FROM..TO", either side may be empty. */
static int put_timing(struct cli *cli, json_t *in, const char *v)
{
	const char *dots = strstr(v, "..");
	if (!dots)
		return cli_usage(cli, "contact", "--timing takes FROM..TO, not '%s'", v);
	char from[32];
	snprintf(from, sizeof(from), "%.*s", (int)(dots - v), v);
	json_object_set_new(in, "timing_from", *from ? json_string(from) : json_null());
	json_object_set_new(in, "timing_to", dots[2] ? json_string(dots + 2)
						      : json_null());
	return 0;
}

#define CONTACT_FIELD_SPECS \
	{ "account", 1, "ID" }, { "email", 1, "E" }, { "phone", 1, "P" }, \
	{ "title", 1, "T" }, { "need", 1, "TEXT" }, { "timing", 1, "FROM..TO" }, \
	{ "source", 1, "S" }, { "referred-by", 1, "ID" }, { "notes", 1, "TEXT" }, \
	{ "tags", 1, "T" }, { "channel", 1, "C" }, { "owner", 1, "EMAIL" }, \
	{ "comfort", 1, "0-5" }, FIELD_SPEC
static const struct opt_spec add_specs[] = {
	CONTACT_FIELD_SPECS, { "allow-duplicate", 0, NULL },
	{ NULL, 0, NULL }
};
static const struct opt_spec edit_specs[] = {
	CONTACT_FIELD_SPECS, { "name", 1, "NAME" }, { "if-version", 1, "N" },
	{ "allow-duplicate", 0, NULL },
	{ NULL, 0, NULL }
};
static const struct opt_spec list_specs[] = {
	{ "account", 1, "ID" }, { "source", 1, "S" }, { "email", 1, "E" },
	{ "referred-by", 1, "ID" }, { "comfort", 1, "0-5" }, WHERE_SPEC, LIST_SPECS, { NULL, 0, NULL }
};

static int save(struct cli *cli, const char *sub, const struct opts *o)
{
	int rc;
	json_t *in = json_object();
	opt_put(in, o, "name", "name");
	opt_put(in, o, "email", "email");
	opt_put(in, o, "phone", "phone");
	opt_put(in, o, "title", "title");
	opt_put(in, o, "need", "need");
	opt_put(in, o, "source", "source");
	opt_put(in, o, "notes", "notes");
	opt_put(in, o, "tags", "tags");
	opt_put(in, o, "channel", "preferred_channel");
	if ((rc = opt_put_int(cli, in, o, "account", "account_id")) ||
	    (rc = opt_put_int(cli, in, o, "referred-by", "referred_by_id")) ||
	    (rc = opt_put_int(cli, in, o, "comfort", "comfort")))
		goto out;
	if (opt_has(o, "timing") && (rc = put_timing(cli, in, opt_get(o, "timing"))))
		goto out;
	if ((rc = cli_put_owner(cli, in, o)) || (rc = cli_put_custom(cli, in, o)))
		goto out;
	if (opt_has(o, "allow-duplicate"))
		json_object_set_new(in, DUPLICATE_ALLOW_FIELD, json_true());
	rc = cli_save(cli, &entity_contact, sub, o, in, "name");
out:
	json_decref(in);
	return rc;
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_list(cli, &entity_contact, o, list_specs, columns);
}

static int show(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_show(cli, &entity_contact, sub, o);
}

static int delete(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_delete(cli, &entity_contact, sub, o);
}

static const struct opt_spec disqualify_specs[] = {
	{ "reason", 1, engage_disqualify_reason_list }, { "note", 1, "TEXT" },
	{ NULL, 0, NULL }
};

/* A contact of the engage list who will not become a deal. */
static int disqualify(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "contact", "disqualify takes a contact id");
	if ((rc = cli_id(cli, "contact", o->pos[0], &id)))
		return rc;
	if (contact_disqualify(&cli->ctx, id, opt_get(o, "reason"),
			       opt_get(o, "note"), &err))
		return cli_fail(cli, &err);
	return cli_print_done(cli, &entity_contact, id, "disqualified");
}

const struct subcmd contact_subcmds[] = {
	{ "add", save, add_specs, "NAME", "a new contact" },
	{ "list", list, list_specs, NULL, "contacts, filtered" },
	{ "show", show, NULL, "ID", "one contact" },
	{ "edit", save, edit_specs, "ID", "change their fields" },
	{ "delete", delete, cli_id_specs, "ID", "delete them" },
	{ "disqualify", disqualify, disqualify_specs, "ID",
	  "not to engage: wrong person, no need or wrong timing (--reason)" },
	{ NULL, NULL, NULL, NULL, NULL }
};
