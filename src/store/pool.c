/* The connection pool: a mutex-guarded stack of idle connections and a
 * queue of waiting threads. Connections are opened up front so a bad URL
 * fails at start-up, not on the first request. See pool.h.
 *
 * A released connection goes straight to the longest waiter, never back on
 * the stack while someone waits: with one condition variable for all, a
 * thread that arrives just as a connection is freed takes it before the
 * thread woken for it runs, and a thread can wait through many releases.
 * With 64 HTTP connections on 8 database connections that unfairness was
 * the tail of the latency (docs/benchmarks.md). */
#include <pthread.h>
#include <stdlib.h>

#include "store/pool.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* A thread in db_pool_acquire, on its own stack while it waits. */
struct waiter {
	pthread_cond_t handed;
	struct db *db;		/* set by the releasing thread */
	struct waiter *next;
};

struct db_pool {
	pthread_mutex_t lock;
	int size;
	int nidle;
	int nwaiting;
	struct db **all;	/* every connection, for db_pool_free */
	struct db **idle;	/* a stack of nidle free connections */
	struct waiter *head, *tail;	/* waiters, the longest first */
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
	pthread_mutex_destroy(&pool->lock);
	free(pool->all);
	free(pool->idle);
	free(pool);
}

struct db *db_pool_acquire(struct db_pool *pool)
{
	struct db *db;

	pthread_mutex_lock(&pool->lock);
	if (pool->nidle > 0 && !pool->head) {
		db = pool->idle[--pool->nidle];
	} else {
		struct waiter w = { .db = NULL, .next = NULL };
		pthread_cond_init(&w.handed, NULL);
		if (pool->tail)
			pool->tail->next = &w;
		else
			pool->head = &w;
		pool->tail = &w;
		pool->nwaiting++;
		while (!w.db)
			pthread_cond_wait(&w.handed, &pool->lock);
		/* db_pool_release took W off the queue and signalled under
		 * the lock, so nothing touches W any more */
		pthread_cond_destroy(&w.handed);
		db = w.db;
	}
	pthread_mutex_unlock(&pool->lock);
	/* the server may have restarted while the connection sat idle */
	db_pg_check(db);
	return db;
}

int db_pool_waiting(struct db_pool *pool)
{
	int n;
	pthread_mutex_lock(&pool->lock);
	n = pool->nwaiting;
	pthread_mutex_unlock(&pool->lock);
	return n;
}

void db_pool_release(struct db_pool *pool, struct db *db)
{
	struct waiter *w;

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
	w = pool->head;
	if (w) {
		/* handed over: the connection never shows as idle, so no
		 * thread arriving now can take it first */
		pool->head = w->next;
		if (!pool->head)
			pool->tail = NULL;
		pool->nwaiting--;
		w->db = db;
		pthread_cond_signal(&w->handed);
	} else {
		pool->idle[pool->nidle++] = db;
	}
	pthread_mutex_unlock(&pool->lock);
}
