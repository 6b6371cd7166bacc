/* The delivery of webhook outboxes (core/webhook.h): what the worker of
 * `fulcrum serve` (http/webhook-worker.c) runs over and over. An
 * organisation's outbox is delivered by one worker at a time, the holder of
 * its lease (webhook_leases), across every node on one database; events of
 * one record go out in order, one waiting while an earlier one is pending;
 * a delivery is marked delivered only once the receiver answered 2xx, so a
 * worker killed mid-post posts it again (the receiver deduplicates on the
 * event id) and never one that was acknowledged. Read next:
 * core/webhook-sign.h. */
#ifndef FC_CORE_WEBHOOK_DELIVER_H
#define FC_CORE_WEBHOOK_DELIVER_H

#include <stdint.h>

#include "store/db.h"

/* How long a lease lasts unless renewed; a worker renews it before each
 * post, which takes at most WEBHOOK_POST_TIMEOUT_MS. */
#define WEBHOOK_LEASE_MS 30000
#define WEBHOOK_POST_TIMEOUT_MS 10000
#define WEBHOOK_CONNECT_TIMEOUT_MS 5000
/* Delivered and given-up deliveries stay in the log this many days; a
 * worker prunes older ones once an hour. */
#define WEBHOOK_LOG_DAYS 30

struct webhook_pass {
	const char *holder;	/* this worker's name, unique among nodes */
	int64_t base_ms;	/* the retry schedule's base */
	volatile int *stopping;	/* set: finish the post under way and return */
	int64_t posted;		/* out: posts made */
	int64_t next_ms;	/* out: when the next pending delivery is due
				   (ms since 1970), 0 when none is pending */
	int64_t pruned_ms;	/* in and out: when this worker last pruned
				   the log (0: never) */
};

/* Delivers every due delivery of every organisation whose lease P->holder
 * holds or can take. 0, or a store error (ERR filled). */
int webhook_deliver_pass(struct db *db, struct webhook_pass *p,
			 struct fc_error *err);

/* The real clock in milliseconds since 1970 (FULCRUM_NOW does not apply:
 * retries wait real time). */
int64_t webhook_clock_ms(void);

#endif
