/* `serve --metrics-listen ADDR:PORT`: a second, small listener that answers
 * GET /metrics without authentication, for a Prometheus that scrapes from
 * a private network. It shares the counters with the API's listener (which
 * serves /metrics to admins only) and answers anything else 404. */
#include <microhttpd.h>
#include <string.h>
#include <sys/socket.h>

#include "http/internal.h"
#include "util/buf.h"
#include "util/banned.h"

#define METRICS_TYPE "text/plain; version=0.0.4; charset=utf-8"

static enum MHD_Result answer(void *cls, struct MHD_Connection *c,
			      const char *url, const char *method,
			      const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	struct MHD_Response *resp;
	struct buf b = BUF_INIT;
	unsigned status = 200;
	enum MHD_Result ret;
	(void)cls;
	(void)version;
	(void)upload;
	(void)upload_size;
	/* The first call only says the headers arrived. */
	if (!*con_cls) {
		*con_cls = c;
		return MHD_YES;
	}
	if (strcmp(url, "/metrics"))
		status = 404;
	else if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		status = 405;
	else
		metrics_render(&b);
	resp = MHD_create_response_from_buffer(b.len, b.s,
					       MHD_RESPMEM_MUST_COPY);
	buf_release(&b);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (status == 200)
		MHD_add_response_header(resp, "Content-Type", METRICS_TYPE);
	if (status == 405)
		MHD_add_response_header(resp, "Allow", "GET, HEAD");
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

struct MHD_Daemon *metrics_listener_start(const char *addr, unsigned port,
					  unsigned *bound, struct fc_error *err)
{
	struct sockaddr_storage ss;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
			 MHD_USE_ERROR_LOG;
	const union MHD_DaemonInfo *di;
	struct MHD_Daemon *d;

	if (http_sockaddr(addr, port, &ss, &flags, err))
		return NULL;
	d = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, answer, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)16,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
			     MHD_OPTION_END);
	if (!d) {
		fc_fail(err, FC_ESTORE, "metrics-listen",
			"cannot listen on '%s' port %u for metrics: address in "
			"use or not available", addr, port);
		return NULL;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	*bound = di ? di->port : port;
	return d;
}
