/* Counters for /metrics in the Prometheus text format: requests by route
 * pattern and status, one latency histogram, the time requests held a
 * database connection and the time they waited for one. Kept per process; a scraper adds up the nodes. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "http/internal.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define STATUS_SLOTS 16

struct status_count {
	int status;
	uint64_t count;
};

struct route_counts {
	struct status_count s[STATUS_SLOTS];
};

static const double buckets[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
				  1, 2.5, 5, 10 };
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct route_counts *counts;	/* [router_count() + 2] */
static int ncounts;
static uint64_t hist[NBUCKETS + 1];
static uint64_t hist_count;
static double hist_sum, db_sum, db_wait_sum;

void metrics_init(void)
{
	pthread_mutex_lock(&lock);
	if (!counts) {
		ncounts = router_count() + 2;
		counts = xcalloc((size_t)ncounts, sizeof(*counts));
	}
	pthread_mutex_unlock(&lock);
}

void metrics_record(int route_index, int status, int64_t ns, int64_t db_ns,
		    int64_t db_wait_ns)
{
	double sec = (double)ns / 1e9;
	int slot = route_index + 2;	/* 0 unmatched, 1 static, 2.. routes */
	pthread_mutex_lock(&lock);
	if (counts && slot >= 0 && slot < ncounts) {
		struct route_counts *rc = &counts[slot];
		for (int i = 0; i < STATUS_SLOTS; i++) {
			if (rc->s[i].status == status || rc->s[i].status == 0) {
				rc->s[i].status = status;
				rc->s[i].count++;
				break;
			}
		}
	}
	for (size_t i = 0; i < NBUCKETS; i++)
		if (sec <= buckets[i])
			hist[i]++;
	hist[NBUCKETS]++;
	hist_count++;
	hist_sum += sec;
	db_sum += (double)db_ns / 1e9;
	db_wait_sum += (double)db_wait_ns / 1e9;
	pthread_mutex_unlock(&lock);
}

void metrics_render(struct buf *out)
{
	pthread_mutex_lock(&lock);
	buf_adds(out, "# HELP fulcrum_http_requests_total HTTP requests by route "
		 "pattern and status.\n"
		 "# TYPE fulcrum_http_requests_total counter\n");
	for (int slot = 0; slot < ncounts; slot++) {
		const char *method = "", *route;
		if (slot == 0) {
			route = "unmatched";
		} else if (slot == 1) {
			route = "static";
		} else {
			const struct route *r = router_at(slot - 2);
			method = r->method;
			route = r->pattern;
		}
		for (int i = 0; i < STATUS_SLOTS && counts[slot].s[i].status; i++)
			buf_addf(out, "fulcrum_http_requests_total{method=\"%s\","
				 "route=\"%s\",status=\"%d\"} %llu\n", method,
				 route, counts[slot].s[i].status,
				 (unsigned long long)counts[slot].s[i].count);
	}
	buf_adds(out, "# HELP fulcrum_http_request_duration_seconds Time from "
		 "request to response.\n"
		 "# TYPE fulcrum_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < NBUCKETS; i++)
		buf_addf(out, "fulcrum_http_request_duration_seconds_bucket"
			 "{le=\"%g\"} %llu\n", buckets[i],
			 (unsigned long long)hist[i]);
	buf_addf(out, "fulcrum_http_request_duration_seconds_bucket{le=\"+Inf\"}"
		 " %llu\n", (unsigned long long)hist[NBUCKETS]);
	buf_addf(out, "fulcrum_http_request_duration_seconds_sum %.6f\n",
		 hist_sum);
	buf_addf(out, "fulcrum_http_request_duration_seconds_count %llu\n",
		 (unsigned long long)hist_count);
	buf_addf(out, "# HELP fulcrum_db_seconds_total Time requests held a "
		 "database connection.\n"
		 "# TYPE fulcrum_db_seconds_total counter\n"
		 "fulcrum_db_seconds_total %.6f\n", db_sum);
	buf_addf(out, "# HELP fulcrum_db_wait_seconds_total Time requests "
		 "waited for a free database connection (serve --threads).\n"
		 "# TYPE fulcrum_db_wait_seconds_total counter\n"
		 "fulcrum_db_wait_seconds_total %.6f\n", db_wait_sum);
	pthread_mutex_unlock(&lock);
}
