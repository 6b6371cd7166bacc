/* Leases of background work; see lease.h. */
#include <time.h>

#include "core/lease.h"
#include "util/banned.h"

int64_t lease_clock_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int lease_take(struct db *db, const char *job, int64_t org,
	       const char *holder, int64_t ms)
{
	int64_t now = lease_clock_ms();
	if (db_run(db, "INSERT INTO work_leases (job, org_id, holder, until_ms) "
		   "VALUES (?, ?, ?, ?) ON CONFLICT (job, org_id) DO UPDATE SET "
		   "holder = excluded.holder, until_ms = excluded.until_ms WHERE "
		   "work_leases.holder = excluded.holder OR "
		   "work_leases.until_ms < ?", "sisii", job, org, holder,
		   now + ms, now) < 0)
		return -1;
	return db_changes(db) > 0;
}

int lease_give_back(struct db *db, const char *job, int64_t org,
		    const char *holder)
{
	return db_run(db, "DELETE FROM work_leases WHERE job = ? AND org_id = ? "
		      "AND holder = ?", "sis", job, org, holder) < 0 ? -1 : 0;
}
