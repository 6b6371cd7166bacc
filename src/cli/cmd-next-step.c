/* Next steps (the command `fulcrum next`): a deal's agreed next step (R1). */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/next-step.h"
#include "util/banned.h"

static const struct opt_spec set_specs[] = {
	{ "what", 1, "WHAT" }, { "due", 1, "DATE" }, { "type", 1, "T" },
	{ NULL, 0, NULL }
};

static int set(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t deal, id;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "next", "give the DEAL");
	if ((rc = cli_id(cli, "next", o->pos[0], &deal)))
		return rc;
	json_t *in = json_object();
	opt_put(in, o, "what", "what");
	opt_put(in, o, "due", "due");
	opt_put(in, o, "type", "type");
	if (next_step_set(&cli->ctx, deal, in, &id, &err))
		rc = cli_fail(cli, &err);
	else
		rc = cli_print_done(cli, &entity_next_step, id, "agreed next step");
	json_decref(in);
	return rc;
}

static int done(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t deal;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "next", "done takes the DEAL");
	if ((rc = cli_id(cli, "next", o->pos[0], &deal)))
		return rc;
	if (next_step_done(&cli->ctx, deal, &err))
		return cli_fail(cli, &err);
	out_done(cli, NULL, "next step of deal %lld done: agree on a new one",
		 (long long)deal);
	return EXIT_OK;
}

static const struct opt_spec move_specs[] = {
	{ "due", 1, "DATE" }, { "reason", 1, "TEXT" }, { "if-version", 1, "N" },
	{ NULL, 0, NULL }
};

static int move(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t deal, ver;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "next", "move takes the DEAL");
	if ((rc = cli_id(cli, "next", o->pos[0], &deal)) ||
	    (rc = opt_int(cli, o, "if-version", &ver, 0)))
		return rc;
	if (next_step_move(&cli->ctx, deal, opt_get(o, "due"),
			   opt_get(o, "reason"), ver, &err))
		return cli_fail(cli, &err);
	out_done(cli, NULL, "next step of deal %lld moved to %s",
		 (long long)deal, opt_get(o, "due"));
	return EXIT_OK;
}

const struct subcmd next_step_subcmds[] = {
	{ "", set, set_specs, "DEAL", "agree the deal's next step" },
	{ "done", done, NULL, "DEAL", "the next step happened" },
	{ "move", move, move_specs, "DEAL", "to --due DATE, saying --reason why "
	  "(recorded)" },
	{ NULL, NULL, NULL, NULL, NULL }
};
