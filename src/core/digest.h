/* The morning digest and next-step reminders (docs/mail.md): each active
 * user who has not turned it off gets, once a day at the time they chose,
 * their agenda's top items and its counts (overdue promises, checks due,
 * asks waiting), each with a link into the UI; a manager's agenda covers
 * the team, so theirs is the team summary. A reminder lists the next steps
 * due that morning. Both come from agenda_build (core/agenda.h): there is
 * no second ranking. */
#ifndef FC_CORE_DIGEST_H
#define FC_CORE_DIGEST_H

#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"

/* How many of the agenda's items a digest shows. */
#define DIGEST_TOP 5

struct digest_prefs {
	int digest;		/* 1: send the digest */
	int reminders;		/* 1: send reminders */
	char time[6];		/* HH:MM, UTC */
};

/* USER_ID's preferences (the defaults when never set: on, on, 07:00).
 * Users read and change their own; admins anyone's. */
int digest_prefs_get(struct fc_ctx *ctx, int64_t user_id,
		     struct digest_prefs *out, struct fc_error *err);
/* Changes them from IN's fields digest, reminders (booleans) and time
 * ("HH:MM"); the fields left out keep their value. One transaction. */
int digest_prefs_set(struct fc_ctx *ctx, int64_t user_id, json_t *in,
		     struct fc_error *err);
json_t *digest_prefs_json(const struct digest_prefs *p);

/* The digest of ctx->user: *SUBJECT and *BODY (new strings, free()),
 * links starting at BASE_URL ("" for none). */
int digest_compose(struct fc_ctx *ctx, const char *base_url, char **subject,
		   char **body, struct fc_error *err);
/* The reminder of ctx->user's next steps due today, or *BODY NULL when
 * none is due. */
int digest_reminder_compose(struct fc_ctx *ctx, const char *base_url,
			    char **subject, char **body, struct fc_error *err);

/* Sends the digests and reminders due now (ctx must act as an admin): to
 * each active user of the organisation whose time has come today and who
 * was not sent them today, or, with ONLY_EMAIL, to that user whatever the
 * time. DRY_RUN composes without sending or recording. *OUT gets one row
 * per user: {email, digest: "sent"|"off"|"later"|"done"|"would send",
 * reminder: the same, or "none" when no step is due, subject?, body?}. */
int digest_run(struct fc_ctx *ctx, const char *only_email, int dry_run,
	       json_t **out, struct fc_error *err);

#endif
