/* libFuzzer harness for core/mail-template: the input as a template's
 * text is checked, then rendered with every field set (as a body and as a
 * subject) and with none: what the check accepts renders with every field
 * set, what it refuses does not, and nothing reads past the text. Built
 * and run by tests/fuzz/meson.build. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/mail-template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct mail_merge full = {
		"Hank", "Hank Scorpio", "Globex", "Doomsday", "- a\n- b\n",
		"a demo", "2026-12-08", "Rita",
	};
	static const struct mail_merge none = { 0 };
	struct fc_error err;
	struct buf out;
	char *s = malloc(size + 1);
	int ok;

	memcpy(s, data, size);
	s[size] = '\0';
	ok = mail_template_check(s, "body", &err) == 0;
	for (int one_line = 0; one_line < 2; one_line++) {
		buf_init(&out, (size_t)1 << 20);
		int rc = mail_template_render(s, &full, one_line, &out, &err);
		assert(ok ? rc == 0 : rc != 0);
		buf_release(&out);
	}
	buf_init(&out, 64);
	(void)mail_template_render(s, &none, 0, &out, &err);
	buf_release(&out);
	free(s);
	return 0;
}
