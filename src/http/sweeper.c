/* The nightly sweep of missed promises inside `fulcrum serve`; see
 * sweeper.h. The sweep is idempotent (a promise is recorded once per due
 * day), so several nodes on one PostgreSQL database may all run it. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/promise.h"
#include "http/sweeper.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define SWEEP_AT_S (5 * 60)	/* 00:05 UTC: the new day has begun */
#define DAY_S (24 * 60 * 60)

struct sweeper {
	struct db_pool *pool;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stopping;
};

static void sweep(struct db_pool *pool)
{
	struct fc_error err = { 0 };
	int64_t n = 0;
	struct db *db = db_pool_acquire(pool);
	if (promise_sweep_all(db, &n, &err))
		fprintf(stderr, "fulcrum: the sweep of missed promises failed: %s\n",
			err.message);
	else if (n)
		fprintf(stderr, "fulcrum: %" PRId64 " missed promise%s recorded\n",
			n, n == 1 ? "" : "s");
	db_pool_release(pool, db);
}

static void *sweeper_main(void *arg)
{
	struct sweeper *sw = arg;
	pthread_mutex_lock(&sw->lock);
	while (!sw->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		time_t next = until.tv_sec - until.tv_sec % DAY_S + SWEEP_AT_S;
		if (next <= until.tv_sec)
			next += DAY_S;
		until.tv_sec = next;
		until.tv_nsec = 0;
		while (!sw->stopping &&
		       pthread_cond_timedwait(&sw->wake, &sw->lock, &until) == 0)
			;
		if (sw->stopping)
			break;
		pthread_mutex_unlock(&sw->lock);
		sweep(sw->pool);
		pthread_mutex_lock(&sw->lock);
	}
	pthread_mutex_unlock(&sw->lock);
	return NULL;
}

struct sweeper *sweeper_start(struct db_pool *pool)
{
	struct sweeper *sw = xcalloc(1, sizeof(*sw));
	sw->pool = pool;
	sweep(pool);
	pthread_mutex_init(&sw->lock, NULL);
	pthread_cond_init(&sw->wake, NULL);
	if (pthread_create(&sw->thread, NULL, sweeper_main, sw))
		FC_BUG("cannot start the sweep of missed promises");
	return sw;
}

void sweeper_stop(struct sweeper *sw)
{
	if (!sw)
		return;
	pthread_mutex_lock(&sw->lock);
	sw->stopping = 1;
	pthread_cond_signal(&sw->wake);
	pthread_mutex_unlock(&sw->lock);
	pthread_join(sw->thread, NULL);
	pthread_cond_destroy(&sw->wake);
	pthread_mutex_destroy(&sw->lock);
	free(sw);
}
