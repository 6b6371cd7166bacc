/* fulcrum migrate: apply the versioned migrations. */
#include <stdio.h>

#include "cli/commands.h"
#include "core/chain.h"
#include "core/duplicate.h"
#include "store/migrate.h"
#include "util/banned.h"

int cmd_migrate(struct cli *cli, int argc, char **argv)
{
	struct fc_error err = { 0 };
	int applied, version;
	if (argc > 1)
		return cli_usage(cli, "migrate", "unexpected argument '%s'", argv[1]);
	if (migrate_run(cli->db, &applied, &err) || chain_catch_up(cli->db, &err) ||
	    duplicates_catch_up(cli->db, &err))
		return cli_fail(cli, &err);
	if (migrate_version(cli->db, &version)) {
		fprintf(stderr, "fulcrum: %s\n", cli->db->errmsg);
		return EXIT_STORE;
	}
	json_t *j = json_pack("{s:i, s:i}", "version", version, "applied", applied);
	out_done(cli, j, "schema at version %d (%d migration%s applied now)", version,
		 applied, applied == 1 ? "" : "s");
	json_decref(j);
	return EXIT_OK;
}
