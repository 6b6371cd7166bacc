/* The online backup: see core/backup.h. */
#include "core/backup.h"
#include "util/banned.h"

int backup_write(struct db *db, const char *dest, struct fc_error *err)
{
	if (db_dialect(db) != DB_SQLITE)
		/* a usage error: the command does not apply to this database */
		return fc_fail(err, FC_EUSAGE, NULL, "backup copies SQLite databases; "
			       "for PostgreSQL use 'fulcrum export json' or pg_dump");
	return db_sqlite_backup(db, dest, err);
}
