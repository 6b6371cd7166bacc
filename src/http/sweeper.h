/* The server's own sweep of missed promises (core/promise.h,
 * docs/promises.md): once as `fulcrum serve` starts, before it answers,
 * then every night at 00:05 UTC, on a connection of the server's pool, so
 * the history says a promise was missed without a cron job. */
#ifndef FC_HTTP_SWEEPER_H
#define FC_HTTP_SWEEPER_H

#include "store/pool.h"

struct sweeper;

/* Sweeps once now, then starts the nightly thread. */
struct sweeper *sweeper_start(struct db_pool *pool);
/* Stops the thread (waiting for a sweep under way). Accepts NULL. */
void sweeper_stop(struct sweeper *sw);

#endif
