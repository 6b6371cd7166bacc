/* The part of an e-mail's text its writer wrote: the quoted replies cut.
 * Used by io/mime-read.c on the text part, tested on its own. */
#ifndef FC_IO_MIME_QUOTE_H
#define FC_IO_MIME_QUOTE_H

#include "util/buf.h"

/* Cuts TEXT (UTF-8, "\n" or "\r\n" lines) in place: lines that start with
 * ">" go, and so does everything from the first line that opens a quoted
 * message: an attribution ("On Mon, 2 Apr 2012, Bob wrote:", also spread
 * over two lines, or ending in "написал:", "schrieb", "a écrit"), Outlook's
 * header block ("From: ..." followed within a few lines by "Sent: ..." or
 * "Date: ..."), or a "-----Original Message-----" / "----- Original
 * Message -----" / "Begin forwarded message:" line. Carriage returns go,
 * blank lines at either end go, runs of blank lines become one. */
void mime_quote_strip(struct buf *text);

/* Joins the soft line breaks of a format=flowed text (RFC 3676): a line
 * ending in a space continues on the next, the space removed when DELSP;
 * the signature separator "-- " stays a line of its own. In place. */
void mime_unflow(struct buf *text, int delsp);

#endif
