/* The online copy of the whole database behind `fulcrum backup FILE`.
 * Read next: store/db.h. */
#ifndef FC_CORE_BACKUP_H
#define FC_CORE_BACKUP_H

#include "store/db.h"

/* Copies DB (SQLite only) to the file DEST while others keep using it.
 * FC_EINVAL on PostgreSQL (use `fulcrum export json` or pg_dump there),
 * FC_ESTORE when the copy fails. */
int backup_write(struct db *db, const char *dest, struct fc_error *err);

#endif
