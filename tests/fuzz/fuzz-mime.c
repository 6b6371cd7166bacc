/* libFuzzer harness for src/io/mime-read (GMime, with mime-quote and
 * html-text): any bytes are read as a received e-mail, or refused with a
 * reason; what is read is valid UTF-8 within the bounds, and its key is
 * never empty. The quote stripper and the HTML reader also take the bytes
 * as they are. Built and run by tests/fuzz/meson.build. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "io/html-text.h"
#include "io/mime-quote.h"
#include "io/mime-read.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mime_mail *m = NULL;
	struct fc_error err = { 0 };
	struct buf b = BUF_INIT;

	if (mime_read((const char *)data, size, &m, &err)) {
		assert(!m && err.message[0]);
	} else {
		assert(m->key[0] && m->naddresses > 0);
		assert(strlen(m->text) <= MIME_TEXT_MAX);
		assert(utf8_valid(m->text, strlen(m->text), NULL));
		assert(utf8_valid(m->subject, strlen(m->subject), NULL));
		for (int i = 0; i < m->naddresses; i++)
			assert(utf8_valid(m->addresses[i].name,
					  strlen(m->addresses[i].name), NULL));
		mime_mail_free(m);
	}
	buf_init(&b, 1 << 20);
	html_text(&b, (const char *)data, size);
	mime_quote_strip(&b);
	buf_clear(&b);
	buf_add(&b, data, size);
	mime_unflow(&b, size & 1);
	mime_quote_strip(&b);
	buf_release(&b);
	return 0;
}
