/* The web UI's files (web_assets[], compiled in by tools/embed.py), served
 * with their content type and an ETag from their bytes. Paths that name no
 * file fall back to index.html, so the single-page app owns its routes. */
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/internal.h"
#include "util/embedded.h"
#include "util/xmalloc.h"
#include "util/banned.h"

static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".webmanifest", "application/manifest+json" },
	{ ".map", "application/json" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".jpg", "image/jpeg" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".woff", "font/woff" },
	{ ".txt", "text/plain; charset=utf-8" },
};

static char (*etags)[20];	/* "\"<16 hex>\"" per asset */
static pthread_once_t etags_once = PTHREAD_ONCE_INIT;

static void etags_build(void)
{
	size_t n = 0;
	while (web_assets[n].name)
		n++;
	etags = xcalloc(n + 1, sizeof(*etags));
	for (size_t i = 0; i < n; i++) {
		uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
		for (size_t k = 0; k < web_assets[i].size; k++) {
			h ^= web_assets[i].data[k];
			h *= 1099511628211ULL;
		}
		snprintf(etags[i], sizeof(etags[i]), "\"%016llx\"",
			 (unsigned long long)h);
	}
}

static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot)
		for (size_t i = 0; i < ARRAY_SIZE(types); i++)
			if (!strcasecmp(dot, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

int static_serve(struct req *r, const char *path)
{
	const struct embedded_file *f = NULL;
	const char *inm;
	size_t idx;

	pthread_once(&etags_once, etags_build);
	while (*path == '/')
		path++;
	if (*path && !strstr(path, ".."))
		f = embedded_find(web_assets, path);
	if (!f)
		f = embedded_find(web_assets, "index.html");
	if (!f)
		return 0;
	idx = (size_t)(f - web_assets);
	inm = req_header(r, "If-None-Match");
	resp_header(r, "ETag", etags[idx]);
	resp_header(r, "Cache-Control", "no-cache");
	if (inm && strstr(inm, etags[idx])) {
		resp_empty(r, 304);
		return 1;
	}
	resp_data(r, 200, type_of(f->name), (const char *)f->data, f->size, 1);
	return 1;
}
