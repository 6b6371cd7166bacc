/* Promises (the command `fulcrum promises`): recording the missed ones, for
 * a cron job; the discipline report records them too before it counts. */
#include <inttypes.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/promise.h"
#include "util/banned.h"

static int sweep(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t n = 0;
	if (o->npos)
		return cli_usage(cli, "promises", "sweep takes no argument");
	if (promise_sweep_missed(&cli->ctx, &n, &err))
		return cli_fail(cli, &err);
	json_t *j = json_pack("{s:I}", "recorded", (json_int_t)n);
	out_done(cli, j, "%" PRId64 " promise%s recorded as missed", n,
		 n == 1 ? "" : "s");
	json_decref(j);
	return EXIT_OK;
}

const struct subcmd promise_subcmds[] = {
	{ "sweep", sweep, NULL, "", "record the promises missed by today (for cron)" },
	{ NULL, NULL, NULL, NULL, NULL }
};
