/* The mail fetch thread; see mail-fetch-worker.h. */
#include <stdlib.h>

#include "core/mail-fetch.h"
#include "http/background.h"
#include "http/mail-fetch-worker.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct mail_fetch_worker {
	struct db_pool *pool;
	char *node;
	int64_t interval_ms;
	struct background *thread;
};

static int64_t pass(void *arg, volatile int *stopping)
{
	struct mail_fetch_worker *w = arg;
	struct db *db = db_pool_acquire(w->pool);
	/* IDLE where the server offers it, then the next pass at once; but
	 * after a pass that failed, the interval (no pass after pass on a
	 * message that fails each time) */
	int idled = !mail_fetch_all(db, w->node, stopping) && !*stopping &&
		mail_fetch_idle(db, w->node, stopping);
	db_pool_release(w->pool, db);
	return idled ? 0 : w->interval_ms;
}

struct mail_fetch_worker *mail_fetch_worker_start(struct db_pool *pool,
						  const char *node)
{
	struct mail_fetch_worker *w = xcalloc(1, sizeof(*w));
	w->pool = pool;
	w->node = xstrdup(node);
	w->interval_ms = mail_fetch_interval_ms();
	w->thread = background_start("the mail fetch worker", pass, w);
	return w;
}

void mail_fetch_worker_stop(struct mail_fetch_worker *w)
{
	if (!w)
		return;
	background_stop(w->thread);
	free(w->node);
	free(w);
}
