/* libFuzzer harness for the router and path parameters (http/router.c):
 * the input is "METHOD PATH". A match names a real route, its parameters
 * are non-empty slices of the path without '/', and putting them back into
 * the pattern gives the path again; req_param_id() on each either reads a
 * positive id or says 404. A 405 lists an Allow header that fits its
 * buffer. Seeds: corpus/router. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-store.h"
#include "http/http.h"
#include "http/internal.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The pattern with M's parameters put back in. */
static void rebuild(struct buf *out, const char *pattern,
		    const struct route_match *m)
{
	int k = 0;

	for (const char *p = pattern; *p;) {
		if (*p == '{') {
			assert(k < m->nparams);
			buf_add(out, m->starts[k], m->lens[k]);
			k++;
			p = strchr(p, '}') + 1;
		} else {
			buf_add(out, p, 1);
			p++;
		}
	}
	assert(k == m->nparams);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_strndup(data, size);
	char *path = strchr(in, ' ');
	struct route_match m;
	struct req r;

	if (!path || strlen(in) != size) {
		free(in);
		return 0;
	}
	*path++ = '\0';
	router_match(in, path, &m);
	assert(m.status == 0 || m.status == 404 || m.status == 405);
	assert(strlen(m.allow) < sizeof(m.allow));
	if (m.status == 405)
		assert(m.allow[0] && !m.route);
	if (m.status == 0) {
		struct buf back = BUF_INIT;

		assert(m.route && router_at(m.index) == m.route);
		assert(m.nparams >= 0 && m.nparams <= REQ_MAX_PARAMS);
		rebuild(&back, m.route->pattern, &m);
		assert(back.len == strlen(path) && !memcmp(back.s, path, back.len));
		buf_release(&back);
		memset(&r, 0, sizeof(r));
		r.nparams = m.nparams;
		for (int i = 0; i < m.nparams; i++) {
			assert(m.lens[i] > 0 &&
			       !memchr(m.starts[i], '/', m.lens[i]));
			r.param_names[i] = req_printf(&r, "%.*s",
				(int)strcspn(m.names[i], "}"), m.names[i]);
			r.param_values[i] = req_printf(&r, "%.*s",
				(int)m.lens[i], m.starts[i]);
		}
		for (int i = 0; i < m.nparams; i++) {
			int64_t id = 0;

			if (req_param_id(&r, r.param_names[i], &id) == 0)
				assert(id > 0);
			else
				assert(r.err.code == FC_ENOTFOUND);
		}
		req_arena_release(&r);
	}
	free(in);
	return 0;
}
