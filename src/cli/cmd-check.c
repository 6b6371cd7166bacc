/* fulcrum check: the satisfaction check after delivery (R4, R5). */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/activity.h"

static const char *const columns[] = { "id", "deal_id", "due", "score",
	"done_at", "notes", NULL };

int cmd_check(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "score", 1 }, { "notes", 1 }, { "deal", 1 }, LIST_SPECS, { NULL, 0 }
	};
	struct opts o;
	struct fc_error err = { 0 };
	int64_t deal, score, id;
	int rc;

	if (argc > 1 && (rc = cli_record_sub(cli, &entity_check, argv[1], argc, argv,
					     specs, columns)) >= 0)
		return rc;
	if ((rc = opts_parse(cli, argc, argv, 1, specs, &o)))
		return rc;
	if (o.npos != 1 || !opt_has(&o, "score"))
		return cli_usage(cli, "check", "give the DEAL and --score 1-5");
	if ((rc = cli_id(cli, "check", o.pos[0], &deal)) ||
	    (rc = opt_int(cli, &o, "score", &score, 0)))
		return rc;
	if (check_record(&cli->ctx, deal, (int)score, opt_get(&o, "notes"), &id, &err))
		return cli_fail(cli, &err);
	return cli_print_done(cli, &entity_check, id, "recorded");
}
