/* Leases of the background work of `fulcrum serve` (work_leases): for one
 * job ("webhook", "mail-fetch") and one organisation, the one worker of one
 * node that does it, across every node on one database. A holder renews
 * its lease as it goes; another takes it only once it has run out. */
#ifndef FC_CORE_LEASE_H
#define FC_CORE_LEASE_H

#include <stdint.h>

#include "store/db.h"

/* Takes or renews the lease of JOB for ORG for HOLDER, for MS from now:
 * 1 held, 0 another holds it, <0 a store error. */
int lease_take(struct db *db, const char *job, int64_t org,
	       const char *holder, int64_t ms);

/* Gives back HOLDER's lease of JOB for ORG, so that another may take it at
 * once (a one-off run, such as `fulcrum mail fetch` from cron, that is
 * done). 0, or <0 a store error. */
int lease_give_back(struct db *db, const char *job, int64_t org,
		    const char *holder);

/* The real clock in milliseconds since 1970 (FULCRUM_NOW does not apply:
 * leases and retries run on real time). */
int64_t lease_clock_ms(void);

#endif
