/* fulcrum want: what the customer wants — the fulcrum of the sale. */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/activity.h"

static const char *const columns[] = { "id", "deal_id", "kind", "importance",
	"text", NULL };

int cmd_want(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "deal", 1 }, { "kind", 1 }, { "importance", 1 }, { "contact", 1 },
		{ "interaction", 1 }, LIST_SPECS, { NULL, 0 }
	};
	struct opts o;
	struct fc_error err = { 0 };
	int64_t id;
	int rc;
	const char *sub = argc > 1 ? argv[1] : "";

	if ((rc = cli_record_sub(cli, &entity_want, sub, argc, argv, specs,
				 columns)) >= 0)
		return rc;
	if (strcmp(sub, "add"))
		return cli_usage(cli, "want", "unknown subcommand '%s'", sub);
	if ((rc = opts_parse(cli, argc, argv, 2, specs, &o)))
		return rc;
	if (o.npos != 1)
		return cli_usage(cli, "want", "add takes the want's TEXT");
	json_t *in = json_pack("{s:s}", "text", o.pos[0]);
	opt_put(in, &o, "kind", "kind");
	if ((rc = opt_put_int(cli, in, &o, "deal", "deal_id")) ||
	    (rc = opt_put_int(cli, in, &o, "importance", "importance")) ||
	    (rc = opt_put_int(cli, in, &o, "contact", "contact_id")) ||
	    (rc = opt_put_int(cli, in, &o, "interaction", "interaction_id")))
		goto out;
	if (want_add(&cli->ctx, in, &id, &err))
		rc = cli_fail(cli, &err);
	else
		rc = cli_print_done(cli, &entity_want, id, "recorded");
out:
	json_decref(in);
	return rc;
}
