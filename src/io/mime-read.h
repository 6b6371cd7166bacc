/* Reading one received e-mail (RFC 5322 and MIME) with GMime into a plain
 * struct: its addresses, subject, date and Message-ID, the text a person
 * wrote (the quoted replies cut, see io/mime-quote.h) and the names and
 * sizes of its attachments. Pure: bytes in, struct out; every size is
 * bounded. core/mail-ingest.c logs what it reads. */
#ifndef FC_IO_MIME_READ_H
#define FC_IO_MIME_READ_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define MIME_MESSAGE_MAX ((size_t)25 * 1024 * 1024)	/* bytes read */
#define MIME_TEXT_MAX ((size_t)64 * 1024)	/* bytes of text kept */
#define MIME_ADDRESSES_MAX 100	/* From, To and Cc together */
#define MIME_ATTACHMENTS_MAX 50
#define MIME_NAME_MAX 200	/* a display name, in bytes */
#define MIME_ADDRESS_MAX 254
#define MIME_SUBJECT_MAX 500
#define MIME_FILENAME_MAX 255
#define MIME_ID_MAX 250		/* a longer Message-ID is keyed by its hash */
#define MIME_KEY_LEN 256	/* the message's key, with its NUL */

enum mime_role { MIME_FROM, MIME_TO, MIME_CC };

struct mime_address {
	enum mime_role role;
	char name[MIME_NAME_MAX + 1];	/* UTF-8, RFC 2047 decoded; "" if none */
	char address[MIME_ADDRESS_MAX + 1];	/* as written */
};

struct mime_attachment {
	char name[MIME_FILENAME_MAX + 1];	/* "" when it has none */
	char type[128];		/* "application/pdf" */
	size_t size;		/* decoded bytes */
};

struct mime_mail {
	/* the Message-ID without its angle brackets, or, when it has none (or
	 * one longer than MIME_ID_MAX), "headers:" and a hash of its header
	 * block, so that the same bytes always give the same key */
	char key[MIME_KEY_LEN];
	int has_message_id;
	char subject[MIME_SUBJECT_MAX + 1];	/* UTF-8, decoded */
	int64_t date;		/* epoch seconds; 0 when missing or unreadable */
	struct mime_address addresses[MIME_ADDRESSES_MAX];
	int naddresses;
	int addresses_dropped;	/* past MIME_ADDRESSES_MAX */
	/* the addresses the mailbox received it as (Delivered-To,
	 * X-Original-To): the mailbox's own, never a person's */
	char delivered_to[2][MIME_ADDRESS_MAX + 1];
	char *text;		/* UTF-8, quotes cut; never NULL once read */
	int text_cut;		/* longer than MIME_TEXT_MAX: cut */
	int from_html;		/* the text came from an HTML part */
	struct mime_attachment attachments[MIME_ATTACHMENTS_MAX];
	int nattachments;
	int attachments_dropped;
};

/* Reads the LEN bytes at RAW into *OUT (a new struct, mime_mail_free()).
 * FC_EINVAL with ERR saying why when it is not a message that can be
 * logged: empty, larger than MIME_MESSAGE_MAX, without a From address, or
 * whose MIME structure is broken (a multipart without its boundary or any
 * part, nesting too deep); *OUT is then NULL. Thread-safe (GMime is
 * initialised once). */
int mime_read(const char *raw, size_t len, struct mime_mail **out,
	      struct fc_error *err);
void mime_mail_free(struct mime_mail *m);

/* The key of a message GMime cannot read: its Message-ID when a plain
 * "Message-ID: <id>" header is found among its first bytes up to the blank
 * line (at most MIME_HEADERS_HASHED), else "headers:" and their hash. */
#define MIME_HEADERS_HASHED 65536
void mime_headers_key(const char *raw, size_t len, char out[MIME_KEY_LEN]);

#endif
