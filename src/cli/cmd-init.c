/* fulcrum init: a new organisation, its first admin, the default process. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "core/org.h"
#include "util/banned.h"

int cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "org", 1 }, { "admin-email", 1 }, { "admin-name", 1 }, { NULL, 0 }
	};
	struct opts o;
	struct fc_error err = { 0 };
	struct org_init in = { 0 };
	int rc;

	if ((rc = opts_parse(cli, argc, argv, 1, specs, &o)))
		return rc;
	if (o.npos)
		return cli_usage(cli, "init", "unexpected argument '%s'", o.pos[0]);
	in.name = opt_get(&o, "org") ? opt_get(&o, "org") : "My Company";
	in.admin_email = opt_get(&o, "admin-email") ? opt_get(&o, "admin-email")
						     : "admin@example.com";
	in.admin_name = opt_get(&o, "admin-name") ? opt_get(&o, "admin-name")
						   : "Admin";
	if (org_create(&cli->ctx, &in, &err))
		return cli_fail(cli, &err);
	json_t *j = json_pack("{s:I, s:s, s:I, s:s}", "org_id",
			      (json_int_t)cli->ctx.org_id, "org", in.name,
			      "admin_id", (json_int_t)cli->ctx.user.id,
			      "admin_email", in.admin_email);
	out_done(cli, j, "initialised '%s' in %s: admin %s", in.name, cli->db_url,
		 in.admin_email);
	json_decref(j);
	return EXIT_OK;
}
