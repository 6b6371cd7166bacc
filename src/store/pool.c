/* The connection pool: a mutex-guarded stack of idle connections and a
 * condition variable for waiters. Connections are opened up front so a bad
 * URL fails at start-up, not on the first request. See pool.h. */
#include <pthread.h>
#include <stdlib.h>

#include "store/pool.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int size;
	int nidle;
	struct db **all;	/* every connection, for db_pool_free */
	struct db **idle;	/* a stack of nidle free connections */
};

struct db_pool *db_pool_new(const char *url, int size, struct fc_error *err)
{
	struct db_pool *pool = NULL;

	if (size < 1 || size > DB_POOL_MAX) {
		fc_fail(err, FC_EINVAL, "pool", "pool size '%d' out of range (1 to %d)",
			size, DB_POOL_MAX);
		return NULL;
	}
	pool = xcalloc(1, sizeof(*pool));
	pool->all = xcalloc((size_t)size, sizeof(*pool->all));
	pool->idle = xcalloc((size_t)size, sizeof(*pool->idle));
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->freed, NULL);
	for (int i = 0; i < size; i++) {
		if (db_open(url, &pool->all[i], err)) {
			db_pool_free(pool);
			return NULL;
		}
		pool->idle[pool->nidle++] = pool->all[i];
		pool->size++;
	}
	if (db_sqlite_share_writer(pool->all, pool->size, err)) {
		db_pool_free(pool);
		return NULL;
	}
	return pool;
}

void db_pool_free(struct db_pool *pool)
{
	if (!pool)
		return;
	for (int i = 0; i < pool->size; i++)
		db_close(pool->all[i]);
	pthread_cond_destroy(&pool->freed);
	pthread_mutex_destroy(&pool->lock);
	free(pool->all);
	free(pool->idle);
	free(pool);
}

struct db *db_pool_acquire(struct db_pool *pool)
{
	struct db *db;

	pthread_mutex_lock(&pool->lock);
	while (pool->nidle == 0)
		pthread_cond_wait(&pool->freed, &pool->lock);
	db = pool->idle[--pool->nidle];
	pthread_mutex_unlock(&pool->lock);
	/* the server may have restarted while the connection sat idle */
	db_pg_check(db);
	return db;
}

void db_pool_release(struct db_pool *pool, struct db *db)
{
	if (!db)
		return;
	/* a request that failed half-way may have left its transaction open;
	 * the backends' rollback does nothing when none is */
	db->ops->rollback(db);
	db->tx_depth = 0;
	db->tx_failed = 0;
	db->tx_write = 0;
	db->read_scope = 0;
	db->read_open = 0;
	/* the next request compares the caches with the database once */
	db->memo_checked = 0;
	db_pg_check(db);
	db->last_error = 0;
	db->errmsg[0] = '\0';

	pthread_mutex_lock(&pool->lock);
	if (pool->nidle >= pool->size)
		FC_BUG("connection released to a pool that has them all");
	pool->idle[pool->nidle++] = db;
	pthread_cond_signal(&pool->freed);
	pthread_mutex_unlock(&pool->lock);
}
