/* Sends one message through the organisation's SMTP server with libcurl
 * (STARTTLS, TLS or plain, as the settings say; docs/mail.md). */
#ifndef FC_CORE_MAIL_SEND_H
#define FC_CORE_MAIL_SEND_H

#include "core/ctx.h"
#include "core/mail-settings.h"

/* Sends a text message to TO (an address; TO_NAME may be NULL) from the
 * settings' sender. FC_EINVAL on a bad address or text, FC_ESTORE when the
 * server cannot be reached or refuses (its answer in the message). */
int mail_send(const struct mail_settings *s, const char *to,
	      const char *to_name, const char *subject, const char *body,
	      int64_t now, struct fc_error *err);

/* `fulcrum mail test`: a short message to TO through the settings. */
int mail_send_test(struct fc_ctx *ctx, const char *to, struct fc_error *err);

#endif
