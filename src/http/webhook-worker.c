/* The webhook delivery thread; see webhook-worker.h. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/webhook-deliver.h"
#include "core/webhook-sign.h"
#include "http/webhook-worker.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct webhook_worker {
	struct db_pool *pool;
	char *node;
	int64_t base_ms;
	int64_t pruned_ms;	/* when the log was last pruned */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	volatile int stopping;
};

/* One pass; returns how long to sleep, in milliseconds. */
static int64_t pass(struct webhook_worker *w)
{
	struct fc_error err = { 0 };
	struct webhook_pass p = { .holder = w->node, .base_ms = w->base_ms,
				  .stopping = &w->stopping,
				  .pruned_ms = w->pruned_ms };
	struct db *db = db_pool_acquire(w->pool);
	int64_t wait = WEBHOOK_POLL_MS;
	int rc = webhook_deliver_pass(db, &p, &err);
	w->pruned_ms = p.pruned_ms;
	if (rc)
		fprintf(stderr, "fulcrum: webhook delivery: %s\n", err.message);
	else if (p.next_ms) {
		wait = p.next_ms - webhook_clock_ms();
		if (wait > WEBHOOK_POLL_MS)
			wait = WEBHOOK_POLL_MS;
		/* a due delivery another node's lease holds: look again soon */
		if (wait < 20)
			wait = 20;
	}
	db_pool_release(w->pool, db);
	return wait;
}

static void *worker_main(void *arg)
{
	struct webhook_worker *w = arg;
	pthread_mutex_lock(&w->lock);
	while (!w->stopping) {
		pthread_mutex_unlock(&w->lock);
		int64_t wait = pass(w);
		pthread_mutex_lock(&w->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += wait / 1000;
		until.tv_nsec += (long)(wait % 1000) * 1000000L;
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

struct webhook_worker *webhook_worker_start(struct db_pool *pool,
					    const char *node)
{
	struct webhook_worker *w = xcalloc(1, sizeof(*w));
	w->pool = pool;
	w->node = xstrdup(node);
	w->base_ms = webhook_retry_base_ms();
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w))
		FC_BUG("cannot start the webhook delivery worker");
	return w;
}

void webhook_worker_stop(struct webhook_worker *w)
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
