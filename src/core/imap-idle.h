/* Waiting for new mail in the organisation's IMAP mailbox with IDLE (RFC
 * 2177), on a connection of its own that libcurl opens and logs in
 * (CURLOPT_CONNECT_ONLY) and this module then speaks IMAP over: CAPABILITY,
 * SELECT, a UID SEARCH for mail that came in since the last pass, IDLE
 * until the server announces a message (an untagged EXISTS) or the wait
 * ends, DONE, LOGOUT. Used by the fetch thread of `fulcrum serve`
 * (core/mail-fetch.c) between passes, instead of polling. */
#ifndef FC_CORE_IMAP_IDLE_H
#define FC_CORE_IMAP_IDLE_H

#include <stdint.h>

#include "core/mail-mailbox.h"

/* RFC 2177: a client re-issues IDLE at least every 29 minutes. */
#define IMAP_IDLE_MAX_MS (29 * 60 * 1000)
/* How often the wait looks at KEEP_WAITING (a stopping server). */
#define IMAP_IDLE_TICK_MS 250
/* The longest line of the server's answers kept; the rest is skipped. */
#define IMAP_IDLE_LINE_MAX 8192

enum {
	IMAP_IDLE_NEW_MAIL = 1,		/* a message came in: fetch now */
	IMAP_IDLE_TIMEOUT = 0,		/* the wait ran out, or was stopped */
	IMAP_IDLE_UNOFFERED = 2,	/* the server does not offer IDLE */
};

/* Waits in IDLE on M's folder for at most MS (capped at IMAP_IDLE_MAX_MS)
 * for a message above UID LAST; at once when there is one already.
 * KEEP_WAITING(ARG) is called every IMAP_IDLE_TICK_MS and ends the wait
 * when it returns 0. One of the IMAP_IDLE_ values, or an error (the
 * server unreachable, login refused, IDLE refused). */
int imap_idle(const struct mail_mailbox *m, int64_t last, int64_t ms,
	      int (*keep_waiting)(void *arg), void *arg,
	      struct fc_error *err);

#endif
