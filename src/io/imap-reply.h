/* Reading the untagged answers of an IMAP server (RFC 3501) that the
 * fetcher asks for (core/mail-fetch.c): the UIDs of a UID SEARCH and the
 * numbers of a STATUS; and the lines the IDLE wait reads
 * (core/imap-idle.c): the capabilities, a message announced. Bytes in from the server, plain values out; any
 * text is accepted and whatever does not fit is ignored. */
#ifndef FC_IO_IMAP_REPLY_H
#define FC_IO_IMAP_REPLY_H

#include <stddef.h>
#include <stdint.h>

/* The UIDs of the "* SEARCH ..." lines of TEXT (LEN bytes) that are above
 * AFTER, in ascending order without repeats, at most MAX of the lowest
 * into UIDS; returns how many. */
size_t imap_search_uids(const char *text, size_t len, int64_t after,
			int64_t *uids, size_t max);

/* The value of item NAME ("UIDVALIDITY", "UIDNEXT") in the "* STATUS"
 * line of TEXT (LEN bytes): 0 and *VALUE set, or -1 when absent. */
int imap_status_item(const char *text, size_t len, const char *name,
		     int64_t *value);

/* Whether LINE (LEN bytes, one line of the server's) is an untagged
 * CAPABILITY answer, or an OK with a [CAPABILITY ...] code, that lists CAP
 * (in any case): 1 or 0. */
int imap_capability_has(const char *line, size_t len, const char *cap);

/* Whether LINE (LEN bytes) announces a message in the selected folder, as
 * a server does in IDLE: "* n EXISTS" or "* n RECENT" (any case). */
int imap_announces_mail(const char *line, size_t len);

#endif
