/* Writes an e-mail message as RFC 5322 and MIME want it: Date, Message-ID,
 * From, To, Subject, MIME-Version, and a text/plain UTF-8 body in base64
 * (lines of 76). Display names and subjects that are not plain ASCII
 * become RFC 2047 encoded words ("=?UTF-8?B?...?="), each at most 75
 * characters and cut only between characters; header lines are folded.
 * Addresses are checked here once: no line breaks, no angle brackets, one
 * "@" with text either side. */
#ifndef FC_IO_MAIL_MESSAGE_H
#define FC_IO_MAIL_MESSAGE_H

#include <stdint.h>

#include "util/buf.h"
#include "util/error.h"

#define MAIL_ADDRESS_MAX 254	/* RFC 5321's path limit */
#define MAIL_NAME_MAX 200
#define MAIL_SUBJECT_MAX 500
#define MAIL_BODY_MAX ((size_t)1 << 20)

struct mail_message {
	const char *from_name;	/* NULL or "": the address alone */
	const char *from_address;
	const char *to_name;
	const char *to_address;
	const char *subject;
	const char *body;	/* UTF-8 text; "\n" line ends */
	int64_t date;		/* epoch seconds, written in UTC */
	const char *message_id;	/* NULL: a random one at From's domain */
};

/* 0 when ADDRESS is a plain addr-spec we can put in a header and in SMTP's
 * MAIL FROM / RCPT TO; else FC_EINVAL naming FIELD. */
int mail_address_check(const char *address, const char *field,
		       struct fc_error *err);

/* Appends the whole message (CRLF line ends) to OUT. FC_EINVAL on a bad
 * address or text that is not UTF-8, FC_ELIMIT past the bounds above. */
int mail_message_write(const struct mail_message *m, struct buf *out,
		       struct fc_error *err);

/* Appends VALUE to OUT as a header's text: as it is when it is printable
 * ASCII, else as encoded words; a header line is folded before it passes
 * 76 characters. USED is how many characters the line already holds. */
void mail_header_text(struct buf *out, const char *value, size_t used);

#endif
