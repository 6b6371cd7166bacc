/* The mail fetch thread of `fulcrum serve`: runs mail_fetch_all()
 * (core/mail-fetch.h) on a connection of the server's pool, reading each
 * organisation's BCC mailbox, then waits in IMAP IDLE (mail_fetch_idle())
 * for the next message, or where that cannot be, for
 * mail_fetch_interval_ms(). */
#ifndef FC_HTTP_MAIL_FETCH_WORKER_H
#define FC_HTTP_MAIL_FETCH_WORKER_H

#include "store/pool.h"

struct mail_fetch_worker;

/* Starts the thread; NODE names this server among the nodes of one
 * database (as for the webhook worker). */
struct mail_fetch_worker *mail_fetch_worker_start(struct db_pool *pool,
						  const char *node);
/* Stops the thread, after the message under way. Accepts NULL. */
void mail_fetch_worker_stop(struct mail_fetch_worker *w);

#endif
