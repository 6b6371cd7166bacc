/* fulcrum offering: what the team sells. */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "util/banned.h"

static const char *const columns[] = { "id", "name", "price", "currency",
	"benefits", NULL };

#define OFFERING_FIELD_SPECS \
	{ "price", 1, "N" }, { "currency", 1, "C" }, { "benefits", 1, "TEXT" }, \
	{ "description", 1, "TEXT" }
static const struct opt_spec add_specs[] = {
	OFFERING_FIELD_SPECS, { NULL, 0, NULL }
};
static const struct opt_spec edit_specs[] = {
	OFFERING_FIELD_SPECS, { "name", 1, "NAME" }, { "if-version", 1, "N" },
	{ NULL, 0, NULL }
};
static const struct opt_spec list_specs[] = { LIST_SPECS, { NULL, 0, NULL } };

static int save(struct cli *cli, const char *sub, const struct opts *o)
{
	json_t *in = json_object();
	opt_put(in, o, "name", "name");
	opt_put(in, o, "price", "price");
	opt_put(in, o, "currency", "currency");
	opt_put(in, o, "benefits", "benefits");
	opt_put(in, o, "description", "description");
	int rc = cli_save(cli, &entity_offering, sub, o, in, "name");
	json_decref(in);
	return rc;
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_list(cli, &entity_offering, o, list_specs, columns);
}

static int show(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_show(cli, &entity_offering, sub, o);
}

static int delete(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_delete(cli, &entity_offering, sub, o);
}

const struct subcmd offering_subcmds[] = {
	{ "add", save, add_specs, "NAME", "a new offering" },
	{ "list", list, list_specs, NULL, "every offering" },
	{ "show", show, NULL, "ID", "one offering" },
	{ "edit", save, edit_specs, "ID", "change its fields" },
	{ "delete", delete, cli_id_specs, "ID", "delete it" },
	{ NULL, NULL, NULL, NULL, NULL }
};
