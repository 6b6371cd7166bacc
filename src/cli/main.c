/* fulcrum: parse the global options, find the command in the table, open
 * the database and the acting user as the command's flags ask, run it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "core/chain.h"
#include "core/duplicate.h"
#include "fc-version.h"
#include "store/migrate.h"
#include "util/date.h"
#include "util/banned.h"

/* Pulls the global options out of ARGV wherever they stand; the rest keeps
 * its order. Returns EXIT_OK or EXIT_USAGE. */
static int take_globals(struct cli *cli, int *argc, char **argv)
{
	int out = 1, only_pos = 0;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		if (only_pos) {
			argv[out++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = 1;
			argv[out++] = argv[i];
			continue;
		}
		const char **target = NULL;
		if (!strcmp(a, "--db") || !strcmp(a, "--as")) {
			target = a[2] == 'd' ? &cli->db_url : &cli->as;
			if (i + 1 >= *argc) {
				fprintf(stderr, "fulcrum: option '%s' needs a value\n", a);
				return EXIT_USAGE;
			}
			*target = argv[++i];
		} else if (!strncmp(a, "--db=", 5)) {
			cli->db_url = a + 5;
		} else if (!strncmp(a, "--as=", 5)) {
			cli->as = a + 5;
		} else if (!strcmp(a, "--json")) {
			cli->json = 1;
		} else if (!strcmp(a, "--csv")) {
			cli->csv = 1;
		} else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
			cli->quiet = 1;
		} else {
			argv[out++] = argv[i];
		}
	}
	*argc = out;
	argv[out] = NULL;
	return EXIT_OK;
}

static int open_store(struct cli *cli, const struct cmd *c)
{
	struct fc_error err = { 0 };
	int rc = db_open(cli->db_url, &cli->db, &err);
	if (rc)
		return cli_fail(cli, &err);
	/* events written before the history's chain are chained once, and the
	 * duplicate keys of records older than their table written, from
	 * here: SQL cannot hash them on SQLite */
	if (!(c->flags & CMD_NO_MIGRATE) && (migrate_run(cli->db, NULL, &err) ||
					     chain_catch_up(cli->db, &err) ||
					     duplicates_catch_up(cli->db, &err)))
		return cli_fail(cli, &err);
	ctx_init(&cli->ctx, cli->db);
	if (!(c->flags & CMD_USER))
		return EXIT_OK;
	if ((rc = ctx_act_as(&cli->ctx, cli->as, &err))) {
		if (rc == FC_ENOTFOUND && !cli->as) {
			fprintf(stderr, "fulcrum: no organisation in '%s': run 'fulcrum "
				"init' first\n", cli->db_url);
			return EXIT_NOTFOUND;
		}
		return cli_fail(cli, &err);
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	int rc;

	if (sodium_init() < 0) {
		fprintf(stderr, "fulcrum: cannot initialise libsodium\n");
		return EXIT_STORE;
	}
	if ((rc = take_globals(&cli, &argc, argv)))
		return rc;
	if (clock_check_env()) {
		fprintf(stderr, "fulcrum: FULCRUM_NOW '%s' is not an ISO 8601 date or "
			"date-time\n", getenv("FULCRUM_NOW"));
		return EXIT_USAGE;
	}
	if (!cli.db_url)
		cli.db_url = getenv("FULCRUM_DB");
	if (!cli.db_url || !*cli.db_url)
		cli.db_url = "fulcrum.db";
	cli.tty = isatty(STDOUT_FILENO);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		argv[1] = "help";
		argc = 2;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("fulcrum %s\n", FC_VERSION);
		return EXIT_OK;
	}
	const struct cmd *c = cli_command_find(argv[1]);
	if (!c) {
		fprintf(stderr, "fulcrum: unknown command '%s' (see 'fulcrum help')\n",
			argv[1]);
		return EXIT_USAGE;
	}
	if ((c->flags & (CMD_DB | CMD_USER)) && (rc = open_store(&cli, c))) {
		db_close(cli.db);
		return rc;
	}
	rc = c->subs ? cli_dispatch(&cli, c, argc - 1, argv + 1)
		     : c->run(&cli, argc - 1, argv + 1);
	fflush(stdout);
	db_close(cli.db);
	return rc;
}
