/* IMAP IDLE over a libcurl connection; see imap-idle.h. */
#include <curl/curl.h>
#include <poll.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/imap-idle.h"
#include "core/imap-session.h"
#include "core/lease.h"
#include "io/imap-reply.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct idle_conn {
	CURL *curl;
	curl_socket_t sock;
	const struct mail_mailbox *m;
	char in[IMAP_IDLE_LINE_MAX];	/* bytes read, not yet a whole line */
	size_t have;
	char line[IMAP_IDLE_LINE_MAX];	/* the last line, NUL-terminated */
	int (*keep_waiting)(void *arg);
	void *arg;
};

static int refused(struct idle_conn *c, const char *what, const char *why,
		   struct fc_error *err)
{
	return fc_fail(err, FC_ESTORE, NULL, "the IMAP server %s:%d refused or "
		       "failed %s (waiting for new mail): %s", c->m->host,
		       c->m->port, what, why);
}

static int send_all(struct idle_conn *c, const char *text,
		    struct fc_error *err)
{
	size_t len = strlen(text), done = 0;
	int64_t until = lease_clock_ms() + IMAP_TIMEOUT * 1000;
	while (done < len) {
		size_t n = 0;
		CURLcode cc = curl_easy_send(c->curl, text + done, len - done, &n);
		if (cc == CURLE_AGAIN) {
			struct pollfd p = { c->sock, POLLOUT, 0 };
			if (lease_clock_ms() > until)
				return refused(c, "a command", "timed out", err);
			poll(&p, 1, IMAP_IDLE_TICK_MS);
			continue;
		}
		if (cc != CURLE_OK)
			return refused(c, "a command", curl_easy_strerror(cc),
				       err);
		done += n;
	}
	return 0;
}

/* The next line from the server into C->line: 1, or 0 when none came by
 * DEADLINE (ms) or KEEP_WAITING said stop, or an error. A line longer
 * than IMAP_IDLE_LINE_MAX is cut there. */
static int read_line(struct idle_conn *c, int64_t deadline,
		     struct fc_error *err)
{
	for (;;) {
		char *nl = memchr(c->in, '\n', c->have);
		if (nl || c->have == sizeof(c->in)) {
			size_t len = nl ? (size_t)(nl - c->in) : c->have;
			size_t used = nl ? len + 1 : c->have;
			if (len && c->in[len - 1] == '\r')
				len--;
			if (len >= sizeof(c->line))
				len = sizeof(c->line) - 1;
			memcpy(c->line, c->in, len);
			c->line[len] = '\0';
			memmove(c->in, c->in + used, c->have - used);
			c->have -= used;
			return 1;
		}
		size_t n = 0;
		CURLcode cc = curl_easy_recv(c->curl, c->in + c->have,
					     sizeof(c->in) - c->have, &n);
		if (cc == CURLE_OK && n == 0)
			return refused(c, "the connection", "it was closed",
				       err);
		if (cc == CURLE_OK) {
			c->have += n;
			continue;
		}
		if (cc != CURLE_AGAIN)
			return refused(c, "the connection",
				       curl_easy_strerror(cc), err);
		if (lease_clock_ms() >= deadline ||
		    (c->keep_waiting && !c->keep_waiting(c->arg)))
			return 0;
		struct pollfd p = { c->sock, POLLIN, 0 };
		poll(&p, 1, IMAP_IDLE_TICK_MS);
	}
}

/* Sends TAG COMMAND and reads to its tagged answer, calling SEE on each
 * untagged line; 0 when the answer is OK. */
static int command(struct idle_conn *c, const char *tag, const char *cmd,
		   void (*see)(const char *line, void *arg), void *arg,
		   struct fc_error *err)
{
	char text[96 + MAILBOX_FOLDER_MAX];
	size_t taglen = strlen(tag);
	int64_t deadline = lease_clock_ms() + IMAP_TIMEOUT * 1000;
	int rc;
	snprintf(text, sizeof(text), "%s %s\r\n", tag, cmd);
	if ((rc = send_all(c, text, err)))
		return rc;
	for (;;) {
		if ((rc = read_line(c, deadline, err)) <= 0)
			return rc ? rc : refused(c, cmd, "no answer", err);
		if (!strncmp(c->line, tag, taglen) && c->line[taglen] == ' ') {
			const char *status = c->line + taglen + 1;
			return !strncmp(status, "OK", 2) ? 0 :
				refused(c, cmd, status, err);
		}
		if (see)
			see(c->line, arg);
	}
}

/* Whether an untagged CAPABILITY line names IDLE. */
static void see_capability(const char *line, void *arg)
{
	if (imap_capability_has(line, strlen(line), "IDLE"))
		*(int *)arg = 1;
}

struct search {
	int64_t last;
	int found;
};

static void see_search(const char *line, void *arg)
{
	struct search *s = arg;
	int64_t uid;
	if (imap_search_uids(line, strlen(line), s->last, &uid, 1))
		s->found = 1;
}

static int announces_mail(const char *line)
{
	return imap_announces_mail(line, strlen(line));
}

/* The wait itself, on a connection logged in and with the folder
 * selected. */
static int wait_in_idle(struct idle_conn *c, int64_t ms,
			struct fc_error *err)
{
	int64_t deadline = lease_clock_ms() + ms;
	int rc, got = 0;
	if ((rc = send_all(c, "i4 IDLE\r\n", err)))
		return rc;
	/* the continuation "+ idling" */
	for (;;) {
		if ((rc = read_line(c, lease_clock_ms() + IMAP_TIMEOUT * 1000,
				    err)) <= 0)
			return rc ? rc : refused(c, "IDLE", "no answer", err);
		if (c->line[0] == '+')
			break;
		if (!strncmp(c->line, "i4 ", 3))
			return refused(c, "IDLE", c->line + 3, err);
		if (announces_mail(c->line))
			got = 1;
	}
	while (!got && (rc = read_line(c, deadline, err)) > 0)
		got = announces_mail(c->line);
	if (rc < 0)
		return rc;
	if (c->keep_waiting && !c->keep_waiting(c->arg))
		return IMAP_IDLE_TIMEOUT;	/* stopping: no goodbyes */
	if ((rc = send_all(c, "DONE\r\n", err)))
		return rc;
	deadline = lease_clock_ms() + IMAP_TIMEOUT * 1000;
	while ((rc = read_line(c, deadline, err)) > 0 &&
	       strncmp(c->line, "i4 ", 3))
		;
	if (rc <= 0)
		return rc ? rc : refused(c, "DONE", "no answer", err);
	return got ? IMAP_IDLE_NEW_MAIL : IMAP_IDLE_TIMEOUT;
}

int imap_idle(const struct mail_mailbox *m, int64_t last, int64_t ms,
	      int (*keep_waiting)(void *arg), void *arg,
	      struct fc_error *err)
{
	struct idle_conn *c = xcalloc(1, sizeof(*c));
	char password[SECRET_MAX + 1] = "", url[MAIL_HOST_MAX + 32];
	char cmd[64 + MAILBOX_FOLDER_MAX], curl_err[CURL_ERROR_SIZE] = "";
	struct search found = { last, 0 };
	int idle = 0, rc;
	CURLcode cc;
	c->m = m;
	c->keep_waiting = keep_waiting;
	c->arg = arg;
	if (ms > IMAP_IDLE_MAX_MS)
		ms = IMAP_IDLE_MAX_MS;
	if (*m->password_box && (rc = secret_open(m->password_box, password,
						  err))) {
		free(c);
		return rc;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) ||
	    !(c->curl = curl_easy_init())) {
		sodium_memzero(password, sizeof(password));
		free(c);
		return fc_fail(err, FC_ESTORE, NULL, "libcurl cannot start");
	}
	snprintf(url, sizeof(url), "%s://%s:%d/",
		 !strcmp(m->security, "tls") ? "imaps" : "imap", m->host,
		 m->port);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, "imap,imaps");
	if (!strcmp(m->security, "starttls"))
		curl_easy_setopt(c->curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(c->curl, CURLOPT_USERNAME, m->username);
	curl_easy_setopt(c->curl, CURLOPT_PASSWORD, password);
	curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT, IMAP_CONNECT_TIMEOUT);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, curl_err);
	/* libcurl connects, greets, STARTTLS and logs in; the rest is ours */
	curl_easy_setopt(c->curl, CURLOPT_CONNECT_ONLY, 1L);
	cc = curl_easy_perform(c->curl);
	sodium_memzero(password, sizeof(password));
	if (cc != CURLE_OK)
		rc = refused(c, "the login", *curl_err ? curl_err :
			     curl_easy_strerror(cc), err);
	else if (curl_easy_getinfo(c->curl, CURLINFO_ACTIVESOCKET, &c->sock) ||
		 c->sock == CURL_SOCKET_BAD)
		rc = refused(c, "the login", "no connection", err);
	else
		rc = command(c, "i1", "CAPABILITY", see_capability, &idle, err);
	if (!rc && !idle)
		rc = IMAP_IDLE_UNOFFERED;
	if (!rc) {
		snprintf(cmd, sizeof(cmd), "SELECT \"%s\"", m->folder);
		rc = command(c, "i2", cmd, NULL, NULL, err);
	}
	if (!rc) {
		snprintf(cmd, sizeof(cmd), "UID SEARCH UID %lld:*",
			 (long long)last + 1);
		rc = command(c, "i3", cmd, see_search, &found, err);
	}
	if (!rc)
		rc = found.found ? IMAP_IDLE_NEW_MAIL : wait_in_idle(c, ms, err);
	if (rc >= 0 && (!keep_waiting || keep_waiting(arg)))
		send_all(c, "i5 LOGOUT\r\n", &(struct fc_error){ 0 });
	curl_easy_cleanup(c->curl);
	free(c);
	return rc;
}
