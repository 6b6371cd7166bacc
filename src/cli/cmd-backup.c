/* fulcrum backup FILE: SQLite's online backup of the whole database. */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "cli/commands.h"

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b;
	int rc;

	if (argc != 2)
		return cli_usage(cli, "backup", "give the file to write");
	if (db_dialect(cli->db) != DB_SQLITE) {
		fprintf(stderr, "fulcrum: backup copies SQLite databases; for "
			"PostgreSQL use 'fulcrum export json' or pg_dump\n");
		return EXIT_USAGE;
	}
	/* a second handle of the source: the store's own is not exposed */
	const char *path = cli->db_url;
	if (!strncmp(path, "sqlite://", 9))
		path += 9;
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_open(argv[1], &dst) != SQLITE_OK) {
		fprintf(stderr, "fulcrum: backup: %s\n",
			sqlite3_errmsg(dst ? dst : src));
		rc = EXIT_STORE;
		goto out;
	}
	sqlite3_busy_timeout(src, 10000);
	b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		fprintf(stderr, "fulcrum: backup: %s\n", sqlite3_errmsg(dst));
		rc = EXIT_STORE;
		goto out;
	}
	/* copy in steps so writers are not blocked for the whole copy */
	do {
		rc = sqlite3_backup_step(b, 1024);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "fulcrum: backup: %s\n", sqlite3_errmsg(dst));
		rc = EXIT_STORE;
		goto out;
	}
	out_done(cli, NULL, "backed up %s to %s", path, argv[1]);
	rc = EXIT_OK;
out:
	sqlite3_close(src);
	sqlite3_close(dst);
	return rc;
}
