/* fulcrum referral: who introduced whom, and what came of it. */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/activity.h"

static const char *const columns[] = { "id", "from_contact_id", "contact_id",
	"deal_id", "status", NULL };

int cmd_referral(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "from", 1 }, { "contact", 1 }, { "deal", 1 }, { "source-deal", 1 },
		{ "status", 1 }, LIST_SPECS, { NULL, 0 }
	};
	struct opts o;
	struct fc_error err = { 0 };
	int64_t id;
	int rc;
	const char *sub = argc > 1 ? argv[1] : "";

	if ((rc = cli_record_sub(cli, &entity_referral, sub, argc, argv, specs,
				 columns)) >= 0)
		return rc;
	if (!strcmp(sub, "ask-done")) {
		if (argc != 3 || (rc = cli_id(cli, "referral", argv[2], &id)))
			return rc ? rc : cli_usage(cli, "referral", "ask-done takes an ask id");
		if (ask_done(&cli->ctx, id, &err))
			return cli_fail(cli, &err);
		out_done(cli, NULL, "ask %lld done", (long long)id);
		return EXIT_OK;
	}
	if (strcmp(sub, "add"))
		return cli_usage(cli, "referral", "unknown subcommand '%s'", sub);
	if ((rc = opts_parse(cli, argc, argv, 2, specs, &o)))
		return rc;
	if (o.npos)
		return cli_usage(cli, "referral", "unexpected argument '%s'", o.pos[0]);
	json_t *in = json_object();
	if ((rc = opt_put_int(cli, in, &o, "from", "from_contact_id")) ||
	    (rc = opt_put_int(cli, in, &o, "contact", "contact_id")) ||
	    (rc = opt_put_int(cli, in, &o, "deal", "deal_id")) ||
	    (rc = opt_put_int(cli, in, &o, "source-deal", "source_deal_id")))
		goto out;
	if (referral_add(&cli->ctx, in, &id, &err))
		rc = cli_fail(cli, &err);
	else
		rc = cli_print_done(cli, &entity_referral, id, "recorded");
out:
	json_decref(in);
	return rc;
}
