/* The webhook delivery worker of `fulcrum serve`: a thread that runs
 * webhook_deliver_pass() (core/webhook-deliver.h) on a connection of the
 * server's pool whenever a delivery is due, and at least every
 * WEBHOOK_POLL_MS to see new events (written by any node). */
#ifndef FC_HTTP_WEBHOOK_WORKER_H
#define FC_HTTP_WEBHOOK_WORKER_H

#include "store/pool.h"

#define WEBHOOK_POLL_MS 250

struct webhook_worker;

/* Starts the thread; NODE names this server among the nodes of one
 * database (the same after a restart: host and port). */
struct webhook_worker *webhook_worker_start(struct db_pool *pool,
					    const char *node);
/* Stops the thread, after the post under way. Accepts NULL. */
void webhook_worker_stop(struct webhook_worker *w);

#endif
