/* Reading the organisation's BCC mailbox (core/mail-mailbox.h) over IMAP:
 * one pass fetches each new message of the folder, hands it to
 * mail_ingest() (core/mail-ingest.h), and only once that has committed
 * marks it \Seen or moves it, then records its UID as handled
 * (mail_mailbox_state). So a pass stopped anywhere loses nothing (a
 * message not yet handled is above the recorded UID and is fetched again)
 * and logs nothing twice (mail_ingest knows the Message-ID). A message
 * that is malformed, too large or from no user is marked too, and skipped.
 * Run by `fulcrum mail fetch` and the fetch thread of `fulcrum serve`
 * (http/mail-fetch-worker.c). */
#ifndef FC_CORE_MAIL_FETCH_H
#define FC_CORE_MAIL_FETCH_H

#include <jansson.h>

#include "core/ctx.h"

/* The most messages one pass handles; the next pass goes on. */
#define MAIL_FETCH_BATCH 500

struct mail_fetch_pass {
	/* called for each message handled, with its row: uid, outcome
	 * (logged, duplicate, no_user, malformed, too_large, gone),
	 * message_id, interactions, candidates, reason, size */
	void (*on_message)(void *arg, json_t *row);
	/* called before each message; non-zero stops the pass (a stopping
	 * server, or a fetch lease another node took) */
	int (*keep_going)(void *arg);
	void *arg;
	/* the node or process running the pass: it runs under the
	 * organisation's "mail-fetch" lease (core/lease.h) of this holder,
	 * taken first and renewed before each message, so that one fetcher
	 * reads a mailbox at a time; losing the lease stops the pass */
	const char *holder;
	int give_back;		/* give the lease back when the pass ends */
	int busy;		/* out: another held the lease, nothing done */
	int64_t counts[6];	/* out: messages per outcome, in that order */
};

extern const char *const mail_fetch_outcomes[];	/* NULL-terminated */

/* One pass over CTX's organisation's mailbox, as its admin. 0 (also when
 * another fetcher held the lease: P->busy is then set), or an error
 * (server unreachable, login refused, store failure): what was handled
 * before it stays handled. */
int mail_fetch_run(struct fc_ctx *ctx, struct mail_fetch_pass *p,
		   struct fc_error *err);

/* The fetch thread of `fulcrum serve`: one pass over the mailbox of each
 * organisation that has one and whose lease HOLDER holds or can take (and
 * keeps between passes).
 * Errors are printed to stderr, naming the organisation, and do not stop
 * the other organisations. Returns when done or once *STOPPING is set:
 * how many organisations' passes ended on an error. */
#define MAIL_FETCH_LEASE_MS 180000
#define MAIL_FETCH_LEASE "mail-fetch"
int mail_fetch_all(struct db *db, const char *holder,
		   volatile int *stopping);

/* Between passes of the fetch thread, when the database has one
 * organisation with a mailbox, HOLDER holds its lease and the IMAP server
 * offers IDLE: waits in IDLE (core/imap-idle.h) until a message comes in,
 * IMAP_IDLE_MAX_MS pass, the lease is lost or *STOPPING is set (seen
 * within IMAP_IDLE_TICK_MS), renewing the lease as it waits. 1 when it
 * waited (the next pass is due at once); 0 when IDLE is not offered or
 * failed (printed to stderr): the thread polls. */
int mail_fetch_idle(struct db *db, const char *holder,
		    volatile int *stopping);

/* The polling interval of the fetch thread: FULCRUM_MAIL_FETCH_INTERVAL_MS
 * (1 to 86400000), 60 seconds when unset. */
#define MAIL_FETCH_INTERVAL_MS 60000
int64_t mail_fetch_interval_ms(void);

#endif
