/* The organisation's BCC mailbox (docs/mail.md, "The BCC mailbox"): the
 * IMAP server, folder and login that `fulcrum mail fetch` and the fetch
 * thread of `fulcrum serve` read (core/mail-fetch.h). Admins set it; its
 * password is sealed (core/secret-box.h) and never read back out. */
#ifndef FC_CORE_MAIL_MAILBOX_H
#define FC_CORE_MAIL_MAILBOX_H

#include <jansson.h>

#include "core/ctx.h"
#include "core/mail-settings.h"

#define MAILBOX_FOLDER_MAX 200

struct mail_mailbox {
	char host[MAIL_HOST_MAX + 1];
	int port;
	char security[MAIL_SECURITY_MAX + 1];		/* tls, starttls or none */
	char username[MAIL_USER_MAX + 1];
	char password_box[SECRET_SEALED_MAX];	/* "" when none */
	char folder[MAILBOX_FOLDER_MAX + 1];
	char after_logged[8];		/* seen or move */
	char move_to[MAILBOX_FOLDER_MAX + 1];	/* "" unless moving */
};

/* *SET: whether an admin has set the mailbox (any user may ask: the web UI
 * asks before it shows the form, as GET of the settings is 404 until then). */
int mail_mailbox_present(struct fc_ctx *ctx, int *set, struct fc_error *err);
/* Reads the mailbox; FC_ENOTFOUND when none was set. Admins only (the
 * fetcher runs as an admin too). */
int mail_mailbox_get(struct fc_ctx *ctx, struct mail_mailbox *out,
		     struct fc_error *err);
/* The same, for the fetch thread, which has no user: ORG's mailbox read
 * straight from DB. */
int mail_mailbox_load(struct db *db, int64_t org, struct mail_mailbox *out,
		      struct fc_error *err);
/* Changes the mailbox from the fields of IN (host, port, security,
 * username, password, folder, after_logged, move_to): a field left out
 * keeps its value; the first call needs host and username (port defaults
 * to 993 with tls, 143 otherwise; security to tls; folder to INBOX;
 * after_logged to seen). move_to is needed when after_logged is move. A
 * password of "" removes it. Admins only; one transaction. */
int mail_mailbox_set(struct fc_ctx *ctx, json_t *in, struct fc_error *err);
/* The mailbox as shown to admins: every field but the password, and
 * "password_set" in its stead. */
json_t *mail_mailbox_json(const struct mail_mailbox *m);
/* NAME is a folder name Fulcrum can give an IMAP server: 1 to
 * MAILBOX_FOLDER_MAX bytes of printable ASCII without '"', '\', '%' or
 * '*'. FIELD names it in the error. */
int mail_folder_check(const char *name, const char *field,
		      struct fc_error *err);

#endif
