/* See fixture.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "fixture.h"
#include "util/buf.h"
#include "util/xmalloc.h"

char *fixture_path(const char *rel)
{
	const char *root = getenv("FULCRUM_TEST_FIXTURES");

	if (!root) {
		fprintf(stderr, "FULCRUM_TEST_FIXTURES is not set: run through "
			"meson test\n");
		fail();
	}
	return xasprintf("%s/%s", root, rel);
}

char *shared_data_path(const char *rel)
{
	const char *root = getenv("FULCRUM_TEST_DATA");
	struct stat st;

	if (!root || stat(root, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "skipped: %s is not present (an extra beside "
			"checkouts that have it)\n", root ? root : "../shared/data");
		return NULL;
	}
	return xasprintf("%s/%s", root, rel);
}

char *fixture_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		fprintf(stderr, "cannot open '%s'\n", path);
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

int fixture_mkdtemp(char *out, size_t size, const char *prefix)
{
	const char *tmp = getenv("TMPDIR");

	if (!tmp || !*tmp)
		tmp = "/tmp";
	if ((size_t)snprintf(out, size, "%s/%s-XXXXXX", tmp, prefix) >= size)
		return -1;
	return mkdtemp(out) ? 0 : -1;
}
