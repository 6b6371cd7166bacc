/* fulcrum fit: how an offering gives the customer a want. */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/activity.h"

static const char *const columns[] = { "id", "deal_id", "want_id",
	"offering_id", "how", NULL };

int cmd_fit(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "want", 1 }, { "offering", 1 }, { "deal", 1 }, LIST_SPECS, { NULL, 0 }
	};
	struct opts o;
	struct fc_error err = { 0 };
	int64_t id;
	int rc;
	const char *sub = argc > 1 ? argv[1] : "";

	if ((rc = cli_record_sub(cli, &entity_fit, sub, argc, argv, specs,
				 columns)) >= 0)
		return rc;
	if (strcmp(sub, "add"))
		return cli_usage(cli, "fit", "unknown subcommand '%s'", sub);
	if ((rc = opts_parse(cli, argc, argv, 2, specs, &o)))
		return rc;
	if (o.npos != 1)
		return cli_usage(cli, "fit", "add takes HOW: the sentence that says how "
				 "the offering gives them the want");
	json_t *in = json_pack("{s:s}", "how", o.pos[0]);
	if ((rc = opt_put_int(cli, in, &o, "want", "want_id")) ||
	    (rc = opt_put_int(cli, in, &o, "offering", "offering_id")))
		goto out;
	if (fit_add(&cli->ctx, in, &id, &err))
		rc = cli_fail(cli, &err);
	else
		rc = cli_print_done(cli, &entity_fit, id, "recorded");
out:
	json_decref(in);
	return rc;
}
