/* Pieces of the server shared between its own files (server.c, static.c,
 * metrics.c, request.c) and not meant for routes. */
#ifndef FC_HTTP_INTERNAL_H
#define FC_HTTP_INTERNAL_H

#include <stdint.h>

#include "http/http.h"
#include "util/buf.h"

/* request.c */
void req_arena_release(struct req *r);
/* The response of r->out_stream (which it takes), or NULL when libmicrohttpd
 * cannot make one (the stream is then done with). */
struct MHD_Response;
struct MHD_Response *resp_stream_response(struct req *r);

/* static.c: serves web_assets[] for a GET of PATH; 1 when it answered,
 * 0 when there is no such asset (and no index.html to fall back to). */
int static_serve(struct req *r, const char *path);

/* metrics.c. ROUTE_INDEX is the row in the route table, or one of: */
#define METRICS_STATIC (-1)
#define METRICS_UNMATCHED (-2)
void metrics_init(void);
void metrics_record(int route_index, int status, int64_t ns, int64_t db_ns);
void metrics_render(struct buf *out);

#endif
