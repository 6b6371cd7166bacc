/* A fixed set of open connections shared by the HTTP server's worker
 * threads: a request acquires one, uses it alone, and releases it. Works for
 * both backends (several SQLite connections share one WAL file). */
#ifndef FC_STORE_POOL_H
#define FC_STORE_POOL_H

#include "store/db.h"

struct db_pool;

#define DB_POOL_MAX 256

/* Opens SIZE (1..DB_POOL_MAX) connections to URL. Returns NULL with ERR
 * filled when SIZE is out of range or any connection fails. */
struct db_pool *db_pool_new(const char *url, int size, struct fc_error *err);
/* Closes every connection; all must have been released. Accepts NULL. */
void db_pool_free(struct db_pool *pool);

/* Takes a free connection, waiting until one is released; waiters are
 * served in the order they came (a released connection is handed to the
 * longest waiter, not left for whoever asks next). A PostgreSQL
 * connection that lost its server is reopened first; if that fails the
 * connection is still returned and its statements fail with FC_ESTORE,
 * so a handler reports the outage like any other storage error. */
struct db *db_pool_acquire(struct db_pool *pool);
/* Gives DB back: a transaction left open by a failed request is rolled
 * back, and the last error is cleared. Statements must be done. */
void db_pool_release(struct db_pool *pool, struct db *db);

/* How many threads wait in db_pool_acquire now (for tests and metrics). */
int db_pool_waiting(struct db_pool *pool);

/* For the pool (pg/db-pg.c): reopens DB when it is a PostgreSQL connection
 * whose server went away. 0 when usable, FC_ESTORE otherwise. */
int db_pg_check(struct db *db);

#endif
