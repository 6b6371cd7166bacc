/* libFuzzer harness for src/io/vcard: every card that parses is written
 * back in 3.0 and 4.0 and parsed again, and must still give a contact.
 * Built and run by tests/fuzz/meson.build. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "io/vcard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(const struct vcard_contact *c, void *data)
{
	(*(int *)data)++;
	return 0;
}

static int rewrite(const struct vcard_contact *c, void *data)
{
	for (int v = 3; v <= 4; v++) {
		struct buf out = BUF_INIT;
		int n = 0;

		vcard_write(&out, c, v);
		vcard_parse(out.s, out.len, count, NULL, &n);
		assert(n == 1);
		buf_release(&out);
	}
	return 0;
}

static void on_error(unsigned long line, const char *reason, void *data)
{
	assert(reason && *reason);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vcard_parse((const char *)data, size, rewrite, on_error, NULL);
	return 0;
}
