/* The mail fetch thread; see mail-fetch-worker.h. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "core/mail-fetch.h"
#include "http/mail-fetch-worker.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct mail_fetch_worker {
	struct db_pool *pool;
	char *node;
	int64_t interval_ms;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	volatile int stopping;
};

static void *worker_main(void *arg)
{
	struct mail_fetch_worker *w = arg;
	pthread_mutex_lock(&w->lock);
	while (!w->stopping) {
		pthread_mutex_unlock(&w->lock);
		struct db *db = db_pool_acquire(w->pool);
		mail_fetch_all(db, w->node, &w->stopping);
		db_pool_release(w->pool, db);
		pthread_mutex_lock(&w->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += w->interval_ms / 1000;
		until.tv_nsec += (long)(w->interval_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!w->stopping &&
		       pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct mail_fetch_worker *mail_fetch_worker_start(struct db_pool *pool,
						  const char *node)
{
	struct mail_fetch_worker *w = xcalloc(1, sizeof(*w));
	w->pool = pool;
	w->node = xstrdup(node);
	w->interval_ms = mail_fetch_interval_ms();
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w))
		FC_BUG("cannot start the mail fetch worker");
	return w;
}

void mail_fetch_worker_stop(struct mail_fetch_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = 1;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w->node);
	free(w);
}
