/* fulcrum backup FILE: the online copy of the whole database (core/backup.h). */
#include "cli/commands.h"
#include "core/backup.h"
#include "util/banned.h"

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	struct fc_error err = { 0 };

	if (argc != 2)
		return cli_usage(cli, "backup", "give the file to write");
	if (backup_write(cli->db, argv[1], &err))
		return cli_fail(cli, &err);
	out_done(cli, NULL, "backed up %s to %s", cli->db_url, argv[1]);
	return EXIT_OK;
}
