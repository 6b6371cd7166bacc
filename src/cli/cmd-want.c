/* fulcrum want: what the customer wants — the fulcrum of the sale. */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/want.h"
#include "util/banned.h"

static const char *const columns[] = { "id", "deal_id", "kind", "importance",
	"text", NULL };

static const struct opt_spec add_specs[] = {
	{ "deal", 1, "ID" }, { "kind", 1,
	  "motivation|issue|problem|objective|criterion" },
	{ "importance", 1, "1-5" }, { "contact", 1, "ID" },
	{ "interaction", 1, "ID" }, { NULL, 0, NULL }
};
static const struct opt_spec list_specs[] = {
	{ "deal", 1, "ID" }, { "kind", 1, "K" }, { "importance", 1, "1-5" },
	LIST_SPECS, { NULL, 0, NULL }
};

static int add(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "want", "add takes the want's TEXT");
	json_t *in = json_pack("{s:s}", "text", o->pos[0]);
	opt_put(in, o, "kind", "kind");
	if ((rc = opt_put_int(cli, in, o, "deal", "deal_id")) ||
	    (rc = opt_put_int(cli, in, o, "importance", "importance")) ||
	    (rc = opt_put_int(cli, in, o, "contact", "contact_id")) ||
	    (rc = opt_put_int(cli, in, o, "interaction", "interaction_id")))
		goto out;
	if (want_add(&cli->ctx, in, &id, &err))
		rc = cli_fail(cli, &err);
	else
		rc = cli_print_done(cli, &entity_want, id, "recorded");
out:
	json_decref(in);
	return rc;
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_list(cli, &entity_want, o, list_specs, columns);
}

static int show(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_show(cli, &entity_want, sub, o);
}

static int delete(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_delete(cli, &entity_want, sub, o);
}

const struct subcmd want_subcmds[] = {
	{ "add", add, add_specs, "TEXT", "what the customer wants, on a deal" },
	{ "list", list, list_specs, NULL, "wants, filtered" },
	{ "show", show, NULL, "ID", "one want" },
	{ "delete", delete, cli_id_specs, "ID", "delete it" },
	{ NULL, NULL, NULL, NULL, NULL }
};
