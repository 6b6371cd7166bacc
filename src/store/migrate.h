/* Versioned migrations: sql/NNN-name.sql, compiled into the binary, applied
 * in order inside one transaction each, recorded in schema_migrations. */
#ifndef FC_STORE_MIGRATE_H
#define FC_STORE_MIGRATE_H

#include "store/db.h"

/* Brings DB up to the newest migration, applying every one not recorded
 * in schema_migrations (also one below the newest applied, as a migration
 * merged from a branch after a later one ran); *applied (optional) counts
 * the migrations run now. Returns 0 or an enum fc_err with ERR filled. */
int migrate_run(struct db *db, int *applied, struct fc_error *err);
/* The schema version of DB (0 when none), or <0 on failure. */
int migrate_version(struct db *db, int *version);
/* The newest version this binary knows. */
int migrate_latest(void);
/* The migration text for DB's dialect; the caller frees it. */
char *migrate_render(enum db_dialect d, const char *sql);

#endif
