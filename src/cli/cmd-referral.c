/* fulcrum referral: who introduced whom, and what came of it. */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/check.h"
#include "core/referral.h"
#include "util/banned.h"

static const char *const columns[] = { "id", "from_contact_id", "contact_id",
	"deal_id", "status", NULL };

static const struct opt_spec add_specs[] = {
	{ "from", 1, "CONTACT" }, { "contact", 1, "CONTACT" }, { "deal", 1, "ID" },
	{ "source-deal", 1, "ID" }, { NULL, 0, NULL }
};
static const struct opt_spec list_specs[] = {
	{ "contact", 1, "ID" }, { "deal", 1, "ID" }, { "status", 1, "S" },
	LIST_SPECS, { NULL, 0, NULL }
};

static int add(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id;
	int rc;
	if (o->npos)
		return cli_usage(cli, "referral", "unexpected argument '%s'", o->pos[0]);
	json_t *in = json_object();
	if ((rc = opt_put_int(cli, in, o, "from", "from_contact_id")) ||
	    (rc = opt_put_int(cli, in, o, "contact", "contact_id")) ||
	    (rc = opt_put_int(cli, in, o, "deal", "deal_id")) ||
	    (rc = opt_put_int(cli, in, o, "source-deal", "source_deal_id")))
		goto out;
	if (referral_add(&cli->ctx, in, &id, &err))
		rc = cli_fail(cli, &err);
	else
		rc = cli_print_done(cli, &entity_referral, id, "recorded");
out:
	json_decref(in);
	return rc;
}

static int ask(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "referral", "ask-done takes an ask id");
	if ((rc = cli_id(cli, "referral", o->pos[0], &id)))
		return rc;
	if (ask_done(&cli->ctx, id, &err))
		return cli_fail(cli, &err);
	out_done(cli, NULL, "ask %lld done", (long long)id);
	return EXIT_OK;
}

static const struct opt_spec link_specs[] = {
	{ "deal", 1, "ID" }, { NULL, 0, NULL }
};

static int link(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id, deal;
	int rc;
	if (o->npos != 1 || !opt_has(o, "deal"))
		return cli_usage(cli, "referral", "give the REFERRAL and --deal ID");
	if ((rc = cli_id(cli, "referral", o->pos[0], &id)) ||
	    (rc = opt_int(cli, o, "deal", &deal, 0)))
		return rc;
	if (referral_link(&cli->ctx, id, deal, &err))
		return cli_fail(cli, &err);
	return cli_print_done(cli, &entity_referral, id, "linked");
}

static int list(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_list(cli, &entity_referral, o, list_specs, columns);
}

static int show(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_show(cli, &entity_referral, sub, o);
}

static int delete(struct cli *cli, const char *sub, const struct opts *o)
{
	return cli_record_delete(cli, &entity_referral, sub, o);
}

static const struct opt_spec decline_specs[] = {
	{ "reason", 1, "TEXT" }, { NULL, 0, NULL }
};

static int decline(struct cli *cli, const char *sub, const struct opts *o)
{
	struct fc_error err = { 0 };
	int64_t id;
	int rc;
	if (o->npos != 1)
		return cli_usage(cli, "referral", "ask-decline takes an ask id");
	if ((rc = cli_id(cli, "referral", o->pos[0], &id)))
		return rc;
	if (ask_decline(&cli->ctx, id, opt_get(o, "reason"), &err))
		return cli_fail(cli, &err);
	out_done(cli, NULL, "ask %lld declined", (long long)id);
	return EXIT_OK;
}

const struct subcmd referral_subcmds[] = {
	{ "add", add, add_specs, NULL, "who (--from) introduced whom (--contact)" },
	{ "list", list, list_specs, NULL, "referrals, filtered" },
	{ "show", show, NULL, "ID", "one referral" },
	{ "link", link, link_specs, "REFERRAL", "the deal it produced (--deal ID), "
	  "credited to the referrer" },
	{ "delete", delete, cli_id_specs, "ID", "delete it" },
	{ "ask-done", ask, NULL, "ASK", "a referral or expansion ask was made" },
	{ "ask-decline", decline, decline_specs, "ASK",
	  "an ask will not be made, and why (--reason)" },
	{ NULL, NULL, NULL, NULL, NULL }
};
