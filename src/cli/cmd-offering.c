/* fulcrum offering: what the team sells. */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"

static const char *const columns[] = { "id", "name", "price", "currency",
	"benefits", NULL };

int cmd_offering(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "price", 1 }, { "currency", 1 }, { "benefits", 1 },
		{ "description", 1 }, { "name", 1 }, { "if-version", 1 }, LIST_SPECS,
		{ NULL, 0 }
	};
	struct opts o;
	int rc;
	const char *sub = argc > 1 ? argv[1] : "";

	if ((rc = cli_record_sub(cli, &entity_offering, sub, argc, argv, specs,
				 columns)) >= 0)
		return rc;
	if (strcmp(sub, "add") && strcmp(sub, "edit"))
		return cli_usage(cli, "offering", "unknown subcommand '%s'", sub);
	if ((rc = opts_parse(cli, argc, argv, 2, specs, &o)))
		return rc;
	json_t *in = json_object();
	opt_put(in, &o, "name", "name");
	opt_put(in, &o, "price", "price");
	opt_put(in, &o, "currency", "currency");
	opt_put(in, &o, "benefits", "benefits");
	opt_put(in, &o, "description", "description");
	rc = cli_save(cli, &entity_offering, sub, &o, in, "name");
	json_decref(in);
	return rc;
}
