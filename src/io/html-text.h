/* HTML as plain text, for an e-mail that has no text/plain part: tags go,
 * block ends become line breaks, entities are decoded, what a reader never
 * sees (head, style, script) and quoted replies (blockquote, Gmail's
 * gmail_quote, Outlook's divRplyFwdMsg) go. Pure. */
#ifndef FC_IO_HTML_TEXT_H
#define FC_IO_HTML_TEXT_H

#include <stddef.h>

#include "util/buf.h"

/* Appends the text of the N bytes of HTML at S (UTF-8) to OUT. */
void html_text(struct buf *out, const char *s, size_t n);

#endif
