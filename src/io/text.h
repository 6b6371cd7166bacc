/* Text helpers shared by the formats in src/io (UTF-8 validation is
 * util/utf8.h): appending code points, the Windows-1252 fallback for files that are not UTF-8, and charset
 * conversion through iconv. */
#ifndef FC_IO_TEXT_H
#define FC_IO_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/utf8.h"

void text_add_utf8(struct buf *out, uint32_t cp);
/* Appends the Windows-1252 bytes S as UTF-8 (the five bytes 1252 leaves
 * unassigned keep their Latin-1 meaning, so every byte converts). */
void text_cp1252_to_utf8(struct buf *out, const unsigned char *s, size_t n);
/* Appends S in CHARSET as UTF-8 through iconv. Returns 0, or -1 when the
 * charset is unknown or the bytes are not valid in it (OUT is then left
 * as it was). */
int text_to_utf8(struct buf *out, const char *charset, const char *s,
		 size_t n);

/* Appends S folded for comparing names whatever their case and accents:
 * ASCII letters lowercased, the letters of Latin-1 and Latin Extended-A
 * (U+00C0-U+017F) as their base letter ("É" -> "e", "ß" -> "ss",
 * "Œ" -> "oe"), runs of white space as one space, none at either end;
 * other characters, and bytes that are not valid UTF-8, kept as they are. */
void text_fold(struct buf *out, const char *s);

/* Appends S (NULL: nothing) as HTML character data or an attribute value:
 * & < > " and ' as their entities. */
void text_html_escape(struct buf *out, const char *s);

#endif
