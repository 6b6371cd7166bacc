/* One connection to the organisation's IMAP mailbox through libcurl's IMAP
 * (core/mail-mailbox.h): the few commands the fetcher needs
 * (core/mail-fetch.c). libcurl keeps the connection open and the folder
 * selected between commands. Each command gives up after
 * IMAP_TIMEOUT seconds. */
#ifndef FC_CORE_IMAP_SESSION_H
#define FC_CORE_IMAP_SESSION_H

#include <stdint.h>

#include "core/mail-mailbox.h"
#include "util/buf.h"

#define IMAP_CONNECT_TIMEOUT 20L
#define IMAP_TIMEOUT 60L
/* The largest message the fetcher reads; a larger one is skipped. */
#define IMAP_MESSAGE_MAX (25 * 1024 * 1024)

struct imap_session;

/* Opens a session on mailbox M (its password unsealed here). */
int imap_open(const struct mail_mailbox *m, struct imap_session **out,
	      struct fc_error *err);
void imap_close(struct imap_session *s);

/* Runs COMMAND (on FOLDER selected first, or none when NULL) and puts the
 * server's untagged answers into OUT. */
int imap_command(struct imap_session *s, const char *folder,
		 const char *command, struct buf *out, struct fc_error *err);
/* The whole message UID of FOLDER into OUT (read with BODY[], which may
 * mark it \Seen). FC_ELIMIT when it is larger than IMAP_MESSAGE_MAX;
 * FC_ENOTFOUND when the folder has no such message any more. */
int imap_fetch(struct imap_session *s, const char *folder, int64_t uid,
	       struct buf *out, struct fc_error *err);

#endif
