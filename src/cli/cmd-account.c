/* fulcrum account: customer organisations. */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"

static const char *const columns[] = { "id", "name", "domain", "industry",
	"status", "owner_id", NULL };

int cmd_account(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "domain", 1 }, { "industry", 1 }, { "size", 1 }, { "address", 1 },
		{ "status", 1 }, { "name", 1 }, { "referred-by", 1 },
		{ "if-version", 1 }, LIST_SPECS, { NULL, 0 }
	};
	struct opts o;
	int rc;
	const char *sub = argc > 1 ? argv[1] : "";

	if ((rc = cli_record_sub(cli, &entity_account, sub, argc, argv, specs,
				 columns)) >= 0)
		return rc;
	if (strcmp(sub, "add") && strcmp(sub, "edit"))
		return cli_usage(cli, "account", "unknown subcommand '%s'", sub);
	if ((rc = opts_parse(cli, argc, argv, 2, specs, &o)))
		return rc;
	json_t *in = json_object();
	opt_put(in, &o, "name", "name");
	opt_put(in, &o, "domain", "domain");
	opt_put(in, &o, "industry", "industry");
	opt_put(in, &o, "size", "size");
	opt_put(in, &o, "address", "address");
	opt_put(in, &o, "status", "status");
	if ((rc = opt_put_int(cli, in, &o, "referred-by", "referred_by_id")))
		goto out;
	if ((rc = cli_put_owner(cli, in, &o)))
		goto out;
	rc = cli_save(cli, &entity_account, sub, &o, in, "name");
out:
	json_decref(in);
	return rc;
}
