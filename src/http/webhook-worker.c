/* The webhook delivery thread; see webhook-worker.h. */
#include <stdio.h>
#include <stdlib.h>

#include "core/webhook-deliver.h"
#include "core/webhook-sign.h"
#include "http/background.h"
#include "http/webhook-worker.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct webhook_worker {
	struct db_pool *pool;
	char *node;
	int64_t base_ms;
	int64_t pruned_ms;	/* when the log was last pruned */
	struct background *thread;
};

/* One pass; returns how long to sleep, in milliseconds. */
static int64_t pass(void *arg, volatile int *stopping)
{
	struct webhook_worker *w = arg;
	struct fc_error err = { 0 };
	struct webhook_pass p = { .holder = w->node, .base_ms = w->base_ms,
				  .stopping = stopping,
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

struct webhook_worker *webhook_worker_start(struct db_pool *pool,
					    const char *node)
{
	struct webhook_worker *w = xcalloc(1, sizeof(*w));
	w->pool = pool;
	w->node = xstrdup(node);
	w->base_ms = webhook_retry_base_ms();
	w->thread = background_start("the webhook delivery worker", pass, w);
	return w;
}

void webhook_worker_stop(struct webhook_worker *w)
{
	if (!w)
		return;
	background_stop(w->thread);
	free(w->node);
	free(w);
}
