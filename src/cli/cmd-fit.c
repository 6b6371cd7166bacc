/* fulcrum fit: how an offering gives the customer a want. */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/fit.h"
#include "util/banned.h"

static const char *const columns[] = { "id", "deal_id", "want_id",
	"offering_id", "how", NULL };

static const struct opt_spec add_specs[] = {
	{ "want", 1, "ID" }, { "offering", 1, "ID" }, { NULL, 0, NULL }
};
static const struct opt_spec list_specs[] = {
	{ "deal", 1, "ID" }, { "want", 1, "ID" }, { "offering", 1, "ID" },
	LIST_SPECS, { NULL, 0, NULL }
};

static int add(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "fit", "add takes HOW: the sentence that says how "
				 "the offering gives them the want");
	json_t *in = json_pack("{s:s}", "how", o->pos[0]);
	if ((rc = opt_put_int(cli, in, o, "want", "want_id")) ||
	    (rc = opt_put_int(cli, in, o, "offering", "offering_id")))
		goto out;
	if (fit_add(&cli->ctx, in, &id, &err))
		rc = cli_fail(cli, &err);
	else
		rc = cli_print_done(cli, &entity_fit, id, "recorded");
out:
	json_decref(in);
	return rc;
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_list(cli, &entity_fit, o, list_specs, columns);
}

static int show(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_show(cli, &entity_fit, sub, o);
}

static int delete(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_delete(cli, &entity_fit, sub, o);
}

const struct subcmd fit_subcmds[] = {
	{ "add", add, add_specs, "HOW", "how an offering gives them a want" },
	{ "list", list, list_specs, NULL, "fits, filtered" },
	{ "show", show, NULL, "ID", "one fit" },
	{ "delete", delete, cli_id_specs, "ID", "delete it" },
	{ NULL, NULL, NULL, NULL, NULL }
};
