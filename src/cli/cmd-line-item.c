/* fulcrum line-item: a deal's line items, which set its value while it has
 * any (core/line-item.h holds the rules). */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/line-item.h"
#include "util/banned.h"

static const char *const columns[] = { "id", "deal_id", "offering_id",
	"quantity", "unit_price", "discount", "total", "currency", NULL };

#define ITEM_SPECS \
	{ "offering", 1, "ID" }, { "quantity", 1, "N" }, \
	{ "price", 1, "AMOUNT (unit price, in the deal's currency)" }, \
	{ "discount", 1, "PERCENT (0-100)" }

static const struct opt_spec add_specs[] = {
	{ "deal", 1, "ID" }, ITEM_SPECS, { NULL, 0, NULL }
};
static const struct opt_spec edit_specs[] = {
	ITEM_SPECS, { "if-version", 1, "N" }, { NULL, 0, NULL }
};
static const struct opt_spec list_specs[] = {
	{ "deal", 1, "ID" }, { "offering", 1, "ID" }, LIST_SPECS, { NULL, 0, NULL }
};

/* The item's fields given as options into IN. */
static int item_in(struct cli *cli, json_t *in, const struct opts *o)
{
	int rc;
	opt_put(in, o, "price", "unit_price");
	if ((rc = opt_put_int(cli, in, o, "offering", "offering_id")) ||
	    (rc = opt_put_int(cli, in, o, "quantity", "quantity")) ||
	    (rc = opt_put_int(cli, in, o, "discount", "discount")))
		return rc;
	return 0;
}

/* "added line item 3", or the item with --json */
static int done(struct cli *cli, int64_t id, const char *verb)
{
	if (cli->json)
		return cli_show(cli, &entity_line_item, id);
	out_done(cli, NULL, "%s line item %lld", verb, (long long)id);
	return EXIT_OK;
}

static int add(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	json_t *in = json_object();
	int64_t id;
	int rc;
	if (o->npos != 0) {
		rc = cli_usage(cli, "line-item", "add takes no argument: --deal ID "
			       "--offering ID [--quantity N] [--price AMOUNT] "
			       "[--discount PERCENT]");
		goto out;
	}
	if ((rc = opt_put_int(cli, in, o, "deal", "deal_id")) ||
	    (rc = item_in(cli, in, o)))
		goto out;
	if (line_item_add(&cli->ctx, in, &id, &err))
		rc = cli_fail(cli, &err);
	else
		rc = done(cli, id, "added");
out:
	json_decref(in);
	return rc;
}

static int edit(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	json_t *in = json_object();
	int64_t id = 0, ver = 0;
	int rc;
	if (o->npos != 1) {
		rc = cli_usage(cli, "line-item", "edit takes one id");
		goto out;
	}
	if ((rc = cli_id(cli, "line-item", o->pos[0], &id)) ||
	    (rc = opt_int(cli, o, "if-version", &ver, 0)) ||
	    (rc = item_in(cli, in, o)))
		goto out;
	if (line_item_update(&cli->ctx, id, in, ver, &err))
		rc = cli_fail(cli, &err);
	else
		rc = done(cli, id, "updated");
out:
	json_decref(in);
	return rc;
}

static int remove_item(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id = 0, ver = 0;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "line-item", "remove takes one id");
	if ((rc = cli_id(cli, "line-item", o->pos[0], &id)) ||
	    (rc = opt_int(cli, o, "if-version", &ver, 0)))
		return rc;
	if (line_item_remove(&cli->ctx, id, ver, &err))
		return cli_fail(cli, &err);
	json_t *json = json_pack("{s:I, s:b}", "id", (json_int_t)id, "removed", 1);
	out_done(cli, json, "removed line item %lld", (long long)id);
	json_decref(json);
	return EXIT_OK;
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_list(cli, &entity_line_item, o, list_specs, columns);
}

static int show(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_show(cli, &entity_line_item, sub, o);
}

const struct subcmd line_item_subcmds[] = {
	{ "add", add, add_specs, NULL, "a line on a deal: --deal ID --offering ID "
	  "(the unit price defaults to the offering's, in the deal's currency)" },
	{ "list", list, list_specs, NULL, "line items, filtered (--deal ID)" },
	{ "show", show, NULL, "ID", "one line item" },
	{ "edit", edit, edit_specs, "ID", "change its offering, quantity, price "
	  "or discount" },
	{ "remove", remove_item, cli_id_specs, "ID", "remove it (the last one "
	  "removed leaves the deal's value as it is)" },
	{ NULL, NULL, NULL, NULL, NULL }
};
