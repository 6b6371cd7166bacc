/* fulcrum pipeline: open deals per step. */
#include "cli/commands.h"
#include "core/pipeline.h"
#include "util/banned.h"

int cmd_pipeline(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = { { "process", 1 }, { NULL, 0 } };
	static const char *const cols[] = { "step", "name", "deals", "value",
		"probability", "weighted_value", NULL };
	struct opts o;
	struct fc_error err = { 0 };
	json_t *rows;
	int rc;
	if ((rc = opts_parse(cli, argc, argv, 1, specs, &o)))
		return rc;
	if (pipeline_build(&cli->ctx, opt_get(&o, "process"), &rows, &err))
		return cli_fail(cli, &err);
	out_list(cli, rows, cols);
	json_decref(rows);
	return EXIT_OK;
}
