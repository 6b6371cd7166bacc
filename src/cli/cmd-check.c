/* fulcrum check: the satisfaction checks after each delivery and, for a
 * customer, every few months (R4, R5; docs/follow-up.md). */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/check.h"
#include "util/banned.h"

static const char *const columns[] = { "id", "deal_id", "kind", "due", "score",
	"done_at", "notes", NULL };

static const struct opt_spec record_specs[] = {
	{ "score", 1, "1-5" }, { "notes", 1, "TEXT" }, { NULL, 0, NULL }
};
static const struct opt_spec list_specs[] = {
	{ "deal", 1, "ID" }, { "kind", 1, "delivery|periodic" }, LIST_SPECS,
	{ NULL, 0, NULL }
};

static int record(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t deal, score, id;
	int rc;
	if (o->npos != 1 || !opt_has(o, "score"))
		return cli_usage(cli, "check", "give the DEAL and --score 1-5");
	if ((rc = cli_id(cli, "check", o->pos[0], &deal)) ||
	    (rc = opt_int(cli, o, "score", &score, 0)))
		return rc;
	if (check_add(&cli->ctx, deal, (int)score, opt_get(o, "notes"), &id, &err))
		return cli_fail(cli, &err);
	return cli_print_done(cli, &entity_check, id, "recorded");
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_list(cli, &entity_check, o, list_specs, columns);
}

static int show(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_show(cli, &entity_check, sub, o);
}

static int delete(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_delete(cli, &entity_check, sub, o);
}

const struct subcmd check_subcmds[] = {
	{ "", record, record_specs, "DEAL", "record the satisfaction check of a "
	  "won deal: its delivery's, or the customer's periodic one once due" },
	{ "list", list, list_specs, NULL, "checks, filtered" },
	{ "show", show, NULL, "ID", "one check" },
	{ "delete", delete, cli_id_specs, "ID", "delete it" },
	{ NULL, NULL, NULL, NULL, NULL }
};
