/* fulcrum demo: seeds a realistic, deterministic sales team with a year of
 * history (core/demo.h does the work), then prints the logins. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "core/demo/demo.h"
#include "util/banned.h"

static void demo_progress(void *arg, int64_t done, int64_t total)
{
	(void)total;
	progress_update(arg, done);
}

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const struct opt_spec specs[] = {
		{ "seed", 1 }, { "deals", 1 }, { "batch", 1 }, { "path", 1 },
		{ NULL, 0 }
	};
	struct opts o;
	struct fc_error err = { 0 };
	struct demo_opts d = { 0 };
	struct progress p;
	json_t *sum = NULL, *u;
	int64_t seed, deals, batch;
	size_t i;
	int rc;

	if ((rc = opts_parse(cli, argc, argv, 1, specs, &o)))
		return rc;
	if (o.npos)
		return cli_usage(cli, "demo", "unexpected argument '%s'", o.pos[0]);
	if ((rc = opt_int(cli, &o, "seed", &seed, 1)) ||
	    (rc = opt_int(cli, &o, "deals", &deals, 200)) ||
	    (rc = opt_int(cli, &o, "batch", &batch, 0)))
		return rc;
	if (deals < 1 || deals > DEMO_DEALS_MAX)
		return cli_usage(cli, "demo", "'--deals' must be between 1 and %d",
				 DEMO_DEALS_MAX);
	if (seed < 0)
		return cli_usage(cli, "demo", "'--seed' must be 0 or more");
	if (batch < 0 || batch > 1000000)
		return cli_usage(cli, "demo", "'--batch' must be between 1 and 1000000");
	const char *path = opt_get(&o, "path");
	if (!path || !strcmp(path, "auto"))
		d.path = DEMO_PATH_AUTO;
	else if (!strcmp(path, "services"))
		d.path = DEMO_PATH_SERVICES;
	else if (!strcmp(path, "bulk"))
		d.path = DEMO_PATH_BULK;
	else
		return cli_usage(cli, "demo", "'--path' must be auto, services or bulk, "
				 "not '%s'", path);
	d.seed = (uint64_t)seed;
	d.deals = deals;
	d.batch = batch;
	progress_start(cli, &p, "demo", deals);
	d.progress = demo_progress;
	d.progress_arg = &p;
	rc = demo_generate(&cli->ctx, &d, &sum, &err);
	progress_end(&p);
	if (rc)
		return cli_fail(cli, &err);
	if (cli->json) {
		out_done(cli, sum, "demo");
		json_decref(sum);
		return EXIT_OK;
	}
	if (!cli->quiet) {
		json_t *c = json_object_get(sum, "counts");
		printf("demo: %" JSON_INTEGER_FORMAT " deals for '%s' in %s (seed %"
		       JSON_INTEGER_FORMAT ")\n",
		       json_integer_value(json_object_get(sum, "deals")),
		       json_string_value(json_object_get(sum, "org")), cli->db_url,
		       json_integer_value(json_object_get(sum, "seed")));
		printf("  %" JSON_INTEGER_FORMAT " open, %" JSON_INTEGER_FORMAT " won, %"
		       JSON_INTEGER_FORMAT " lost; %" JSON_INTEGER_FORMAT " accounts, %"
		       JSON_INTEGER_FORMAT " contacts, %" JSON_INTEGER_FORMAT
		       " interactions, %" JSON_INTEGER_FORMAT " referrals\n",
		       json_integer_value(json_object_get(c, "deals_open")),
		       json_integer_value(json_object_get(c, "deals_won")),
		       json_integer_value(json_object_get(c, "deals_lost")),
		       json_integer_value(json_object_get(c, "accounts")),
		       json_integer_value(json_object_get(c, "contacts")),
		       json_integer_value(json_object_get(c, "interactions")),
		       json_integer_value(json_object_get(c, "referrals")));
		printf("logins (password '%s' for the users created now):\n",
		       DEMO_PASSWORD);
		json_array_foreach(json_object_get(sum, "users"), i, u) {
			json_t *team = json_object_get(u, "team");
			printf("  %-22s %-8s %-6s%s\n",
			       json_string_value(json_object_get(u, "email")),
			       json_string_value(json_object_get(u, "role")),
			       team ? json_string_value(team) ? json_string_value(team) : ""
				    : "",
			       json_is_true(json_object_get(u, "new")) ? ""
								       : "  (existing)");
		}
	}
	json_decref(sum);
	return EXIT_OK;
}
