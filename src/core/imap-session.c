/* An IMAP connection through libcurl; see imap-session.h. */
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/imap-session.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct imap_session {
	CURL *curl;
	char base[MAIL_HOST_MAX + 32];	/* scheme://host:port/ */
	char host[MAIL_HOST_MAX + 1];
	int port;
	char password[SECRET_MAX + 1];
	char curl_err[CURL_ERROR_SIZE];
	int too_large;
};

/* Collects an answer into a struct buf, which is capped: a write past the
 * cap ends the transfer. */
static size_t collect(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	return buf_add(b, data, size * n) ? 0 : size * n;
}

int imap_open(const struct mail_mailbox *m, struct imap_session **out,
	      struct fc_error *err)
{
	struct imap_session *s = xcalloc(1, sizeof(*s));
	int rc;
	if (*m->password_box &&
	    (rc = secret_open(m->password_box, s->password, err))) {
		free(s);
		return rc;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) ||
	    !(s->curl = curl_easy_init())) {
		imap_close(s);
		return fc_fail(err, FC_ESTORE, NULL, "libcurl cannot start");
	}
	snprintf(s->host, sizeof(s->host), "%s", m->host);
	s->port = m->port;
	snprintf(s->base, sizeof(s->base), "%s://%s:%d/",
		 !strcmp(m->security, "tls") ? "imaps" : "imap", m->host,
		 m->port);
	curl_easy_setopt(s->curl, CURLOPT_PROTOCOLS_STR, "imap,imaps");
	if (!strcmp(m->security, "starttls"))
		curl_easy_setopt(s->curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(s->curl, CURLOPT_USERNAME, m->username);
	curl_easy_setopt(s->curl, CURLOPT_PASSWORD, s->password);
	curl_easy_setopt(s->curl, CURLOPT_CONNECTTIMEOUT, IMAP_CONNECT_TIMEOUT);
	curl_easy_setopt(s->curl, CURLOPT_TIMEOUT, IMAP_TIMEOUT);
	curl_easy_setopt(s->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(s->curl, CURLOPT_ERRORBUFFER, s->curl_err);
	curl_easy_setopt(s->curl, CURLOPT_WRITEFUNCTION, collect);
	*out = s;
	return 0;
}

void imap_close(struct imap_session *s)
{
	if (!s)
		return;
	if (s->curl)
		curl_easy_cleanup(s->curl);
	sodium_memzero(s->password, sizeof(s->password));
	free(s);
}

/* Performs the transfer set up on S into OUT; 0 or the CURLcode. */
static CURLcode perform(struct imap_session *s, const char *url,
			struct buf *out)
{
	s->curl_err[0] = '\0';
	buf_clear(out);
	curl_easy_setopt(s->curl, CURLOPT_URL, url);
	curl_easy_setopt(s->curl, CURLOPT_WRITEDATA, out);
	return curl_easy_perform(s->curl);
}

static int failed(struct imap_session *s, CURLcode cc, const char *what,
		  struct fc_error *err)
{
	return fc_fail(err, FC_ESTORE, NULL, "the IMAP server %s:%d refused "
		       "or failed %s: %s", s->host, s->port, what,
		       *s->curl_err ? s->curl_err : curl_easy_strerror(cc));
}

/* BASE followed by FOLDER escaped for a URL, and SUFFIX. */
static char *folder_url(struct imap_session *s, const char *folder,
			const char *suffix)
{
	char *esc = folder ? curl_easy_escape(s->curl, folder, 0) : NULL;
	struct buf url;
	buf_init(&url, 4096);
	buf_addf(&url, "%s%s%s", s->base, esc ? esc : "", suffix);
	curl_free(esc);
	return buf_detach(&url);
}

int imap_command(struct imap_session *s, const char *folder,
		 const char *command, struct buf *out, struct fc_error *err)
{
	char *url = folder_url(s, folder, "");
	CURLcode cc;
	curl_easy_setopt(s->curl, CURLOPT_CUSTOMREQUEST, command);
	curl_easy_setopt(s->curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)0);
	cc = perform(s, url, out);
	curl_easy_setopt(s->curl, CURLOPT_CUSTOMREQUEST, NULL);
	free(url);
	if (cc != CURLE_OK) {
		/* name the command without its arguments */
		char what[40];
		snprintf(what, sizeof(what), "'%.*s'",
			 (int)strcspn(command, "0123456789\""), command);
		return failed(s, cc, what, err);
	}
	return 0;
}

int imap_fetch(struct imap_session *s, const char *folder, int64_t uid,
	       struct buf *out, struct fc_error *err)
{
	char suffix[40];
	char *url;
	CURLcode cc;
	snprintf(suffix, sizeof(suffix), "/;UID=%lld", (long long)uid);
	url = folder_url(s, folder, suffix);
	curl_easy_setopt(s->curl, CURLOPT_MAXFILESIZE_LARGE,
			 (curl_off_t)IMAP_MESSAGE_MAX);
	cc = perform(s, url, out);
	free(url);
	if (cc == CURLE_FILESIZE_EXCEEDED ||
	    (cc == CURLE_WRITE_ERROR && out->overflow))
		return fc_fail(err, FC_ELIMIT, NULL, "message UID %lld is larger "
			       "than %d MiB", (long long)uid,
			       IMAP_MESSAGE_MAX / (1024 * 1024));
	if (cc == CURLE_REMOTE_FILE_NOT_FOUND)
		return fc_fail(err, FC_ENOTFOUND, NULL, "message UID %lld is no "
			       "longer in the folder", (long long)uid);
	if (cc != CURLE_OK)
		return failed(s, cc, "a FETCH", err);
	return 0;
}
