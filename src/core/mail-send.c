/* Sending through SMTP with libcurl; see mail-send.h. */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "core/mail-send.h"
#include "util/banned.h"

/* A slow or silent server cannot hold a digest run for long. */
#define SMTP_CONNECT_TIMEOUT 20L
#define SMTP_TIMEOUT 60L

struct upload {
	const char *data;
	size_t len, at;
};

static size_t upload_read(char *dst, size_t size, size_t nitems, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nitems;
	if (n > u->len - u->at)
		n = u->len - u->at;
	memcpy(dst, u->data + u->at, n);
	u->at += n;
	return n;
}

/* Hands MESSAGE to the server of S for TO. */
static int smtp_deliver(const struct mail_settings *s, const char *to,
			const struct buf *message, struct fc_error *err)
{
	char url[MAIL_HOST_MAX + 32], from[MAIL_ADDRESS_MAX + 3];
	char curl_err[CURL_ERROR_SIZE] = "";
	char password[SECRET_MAX + 1] = "";
	struct upload u = { message->s, message->len, 0 };
	struct curl_slist *rcpt = NULL;
	CURLcode cc;
	CURL *c;
	int rc;
	if (*s->password_box && (rc = secret_open(s->password_box, password, err)))
		return rc;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) || !(c = curl_easy_init())) {
		memset(password, 0, sizeof(password));
		return fc_fail(err, FC_ESTORE, NULL, "libcurl cannot start");
	}
	snprintf(url, sizeof(url), "%s://%s:%d",
		 !strcmp(s->security, "tls") ? "smtps" : "smtp", s->host, s->port);
	snprintf(from, sizeof(from), "<%s>", s->from_address);
	rcpt = curl_slist_append(NULL, to);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (!strcmp(s->security, "starttls"))
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (*s->username) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->username);
		curl_easy_setopt(c, CURLOPT_PASSWORD, password);
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)message->len);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, SMTP_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, SMTP_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
	cc = curl_easy_perform(c);
	memset(password, 0, sizeof(password));
	curl_easy_cleanup(c);
	curl_slist_free_all(rcpt);
	if (cc != CURLE_OK)
		return fc_fail(err, FC_ESTORE, NULL, "the mail server %s:%d did not "
			       "take the message: %s", s->host, s->port,
			       *curl_err ? curl_err : curl_easy_strerror(cc));
	return 0;
}

int mail_send(const struct mail_settings *s, const char *to,
	      const char *to_name, const char *subject, const char *body,
	      int64_t now, struct fc_error *err)
{
	struct mail_message m = {
		.from_name = s->from_name, .from_address = s->from_address,
		.to_name = to_name, .to_address = to, .subject = subject,
		.body = body, .date = now,
	};
	struct buf message;
	int rc;
	buf_init(&message, MAIL_BODY_MAX * 2);
	rc = mail_message_write(&m, &message, err);
	if (!rc)
		rc = smtp_deliver(s, to, &message, err);
	buf_release(&message);
	return rc;
}

int mail_send_test(struct fc_ctx *ctx, const char *to, struct fc_error *err)
{
	struct mail_settings s;
	char body[1024];
	int rc;
	if ((rc = mail_address_check(to, "to", err)) ||
	    (rc = mail_settings_get(ctx, &s, err)))
		return rc;
	snprintf(body, sizeof(body), "This is a test message from Fulcrum, sent "
		 "by %s through %s:%d (%s).\n\nIf it arrived, Fulcrum can send "
		 "the morning digest and reminders.\n", ctx->user.email, s.host,
		 s.port, s.security);
	return mail_send(&s, to, NULL, "Fulcrum test message", body, ctx->now,
			 err);
}
