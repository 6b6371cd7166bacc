/* Interactions (the command `fulcrum log`): a call, meeting, e-mail, web
 * visit or visit, and its outcome (R1). */
#include <string.h>

#include "cli/cmd-common.h"
#include "cli/commands.h"
#include "core/interaction.h"
#include "util/banned.h"

int cmd_interaction(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "deal", 1 }, { "contact", 1 }, { "notes", 1 }, { "purpose", 1 },
		{ "at", 1 }, { "planned", 0 }, { "reactive", 0 }, { "agreed", 1 },
		{ "due", 1 }, { "type", 1 }, { "no-agreement", 0 }, { "comfort", 1 },
		{ "order", 0 }, { NULL, 0 }
	};
	struct opts o;
	struct fc_error err = { 0 };
	int64_t id;
	int rc;

	if ((rc = opts_parse(cli, argc, argv, 1, specs, &o)))
		return rc;
	if (o.npos != 1)
		return cli_usage(cli, "log", "give the kind: call|meeting|email|web|visit");
	if (opt_has(&o, "agreed") && opt_has(&o, "no-agreement"))
		return cli_usage(cli, "log", "--agreed and --no-agreement exclude "
				 "each other");
	if (opt_has(&o, "order") && opt_has(&o, "no-agreement"))
		return cli_usage(cli, "log", "--order is an agreement: it excludes "
				 "--no-agreement");
	if (opt_has(&o, "planned") && opt_has(&o, "reactive"))
		return cli_usage(cli, "log", "--planned and --reactive exclude each "
				 "other");
	if (opt_has(&o, "agreed") != opt_has(&o, "due"))
		return cli_usage(cli, "log", "--agreed WHAT goes with --due DATE");
	json_t *in = json_pack("{s:s}", "kind", o.pos[0]);
	opt_put(in, &o, "notes", "notes");
	opt_put(in, &o, "purpose", "purpose");
	opt_put(in, &o, "at", "at");
	if (opt_has(&o, "planned") || opt_has(&o, "reactive"))
		json_object_set_new(in, "planned", json_boolean(opt_has(&o, "planned")));
	if ((rc = opt_put_int(cli, in, &o, "deal", "deal_id")) ||
	    (rc = opt_put_int(cli, in, &o, "contact", "contact_id")) ||
	    (rc = opt_put_int(cli, in, &o, "comfort", "comfort")))
		goto out;
	if (opt_has(&o, "agreed")) {
		json_t *next = json_object();
		opt_put(next, &o, "agreed", "what");
		opt_put(next, &o, "due", "due");
		opt_put(next, &o, "type", "type");
		json_object_set_new(in, "agreement", json_true());
		json_object_set_new(in, "next_step", next);
	} else if (opt_has(&o, "no-agreement")) {
		json_object_set_new(in, "agreement", json_false());
	}
	if (opt_has(&o, "order"))
		json_object_set_new(in, "agreement_type", json_string("order"));
	if (interaction_log(&cli->ctx, in, &id, &err))
		rc = cli_fail(cli, &err);
	else
		rc = cli_print_done(cli, &entity_interaction, id, "logged");
out:
	json_decref(in);
	return rc;
}
