/* Operations: /healthz answers 200 when the database answers a trivial
 * query (load balancers probe it), /metrics the Prometheus counters to an
 * admin (route names and error counts say too much to publish; a scraper
 * without an admin token uses `serve --metrics-listen`, on a private
 * address, where metrics-listener.c serves them without sign-in). */
#include "http/internal.h"
#include "http/routes/routes.h"
#include "util/banned.h"

static int healthz(struct req *r)
{
	json_t *out;
	int rc = db_ping(r->db);
	if (rc) {
		fc_fail(&r->err, FC_ESTORE, NULL, "database unavailable: %s",
			r->db->errmsg);
		r->err.code = FC_ESTORE;
		return FC_ESTORE;
	}
	out = json_object();
	json_object_set_new(out, "status", json_string("ok"));
	resp_json(r, 200, out);
	return 0;
}

static int metrics(struct req *r)
{
	struct buf b = BUF_INIT;
	metrics_render(&b);
	resp_data(r, 200, "text/plain; version=0.0.4; charset=utf-8", b.s, b.len,
		  0);
	buf_release(&b);
	return 0;
}

const struct route routes_health[] = {
	{ "GET", "/healthz", healthz, ROUTE_PUBLIC,
	  "Health check: answers when the database does",
	  .doc = { .result = "Health" } },
	{ "GET", "/metrics", metrics, ROUTE_ADMIN,
	  "Prometheus metrics, for admins (`serve --metrics-listen` serves "
	  "them without sign-in on a separate address)",
	  .doc = { .result = "text/plain", .flags = DOC_TEXT } },
	ROUTE_END
};
