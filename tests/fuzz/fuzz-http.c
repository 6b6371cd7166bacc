/* libFuzzer harness for the whole request pipeline of the HTTP server
 * (http/server.c): query strings as the server splits them, routing and
 * path parameters, the Authorization header (bearer tokens), the session
 * cookie, If-Match and the other headers, and the GET handlers behind them.
 * A real server listens on 127.0.0.1 (an ephemeral port) over a SQLite file
 * in the scratch directory ($FULCRUM_FUZZ_SCRATCH, else the current one)
 * holding an organisation with a few records, a valid API token and a
 * session. Only GET and HEAD are sent, so no input changes what the next
 * one sees. The input: a flags byte (bit 0: send the valid bearer token,
 * bit 1: the session cookie, bit 2: HEAD), the request target (path and
 * query), then header lines. Every request gets a complete answer that is
 * not a server error (5xx): bad input is refused as the client's fault.
 * Seeds: corpus/http. */
#include <assert.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "core/auth.h"
#include "fuzz-store.h"
#include "http/server.h"
#include "util/buf.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct http_server *server;
static unsigned port;
static char *token;
static struct auth_session session;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FULCRUM_FUZZ_SCRATCH");
	struct http_options o = { 0 };
	struct fc_error err;
	char path[4096];

	snprintf(path, sizeof(path), "%s/fuzz-http.db", dir ? dir : ".");
	unlink(path);
	fuzz_store_open_at(path, 1);
	fuzz_store_add_records();
	fuzz_ctx.now = time(NULL);	/* the server's clock: the session lives */
	if (auth_set_password(&fuzz_ctx, FUZZ_ADMIN, "correct horse", &err) ||
	    auth_token_create(&fuzz_ctx, "fuzz", NULL, &token, &err) ||
	    auth_login(fuzz_ctx.db, FUZZ_ADMIN, "correct horse", NULL,
		       fuzz_ctx.now, &session, &err))
		abort();
	o.listen_addr = "127.0.0.1";
	o.threads = 2;
	o.quiet = 1;
	if (http_server_start(&o, path, &server, &err)) {
		fprintf(stderr, "fuzz-http: %s\n", err.message);
		abort();
	}
	port = http_server_port(server);
	return 0;
}

/* Whether the N bytes at S may stand in a request line or a header. */
static int printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/* Sends REQ and reads the whole answer; returns its status code. */
static int exchange(const struct buf *req, struct buf *resp)
{
	struct sockaddr_in a = { 0 };
	struct timeval tv = { 10, 0 };
	char chunk[4096];
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0), status = 0;

	assert(fd >= 0);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0 &&
	       errno != EISCONN)
		assert(errno == EINTR || errno == EALREADY);
	for (size_t sent = 0; sent < req->len; sent += (size_t)n) {
		n = send(fd, req->s + sent, req->len - sent, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			n = 0;
		assert(n >= 0);
	}
	/* libFuzzer's timeout alarm interrupts system calls: go on */
	while ((n = recv(fd, chunk, sizeof(chunk), 0)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		buf_add(resp, chunk, (size_t)n);
	}
	if (n < 0)		/* the server must close, not stall or reset */
		fprintf(stderr, "fuzz-http: recv after %zu bytes: %s\n",
			resp->len, strerror(errno));
	assert(n == 0);
	close(fd);
	if (resp->len > 12 && !strncmp(resp->s, "HTTP/1.1 ", 9))
		status = atoi(resp->s + 9);
	return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data + 1, *end, *nl;
	struct buf req = BUF_INIT, resp = BUF_INIT;
	size_t left;
	int status;

	if (size < 2 || data[1] != '/')
		return 0;
	left = size - 1;
	nl = memchr(s, '\n', left);
	end = nl ? nl : s + left;
	if (!printable(s, (size_t)(end - s)) || memchr(s, ' ', (size_t)(end - s)))
		return 0;
	buf_addf(&req, "%s %.*s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		 "Connection: close\r\n", data[0] & 4 ? "HEAD" : "GET",
		 (int)(end - s), s);
	if (data[0] & 1)
		buf_addf(&req, "Authorization: Bearer %s\r\n", token);
	if (data[0] & 2)
		buf_addf(&req, "Cookie: fulcrum_session=%s\r\n", session.token);
	while (nl) {
		s = nl + 1;
		left = size - 1 - (size_t)(s - (const char *)data - 1);
		nl = memchr(s, '\n', left);
		end = nl ? nl : s + left;
		/* only well-formed header lines: framing is not under test */
		if (end > s && *s != ' ' && *s != ':' &&
		    memchr(s, ':', (size_t)(end - s)) &&
		    printable(s, (size_t)(end - s)) &&
		    strncasecmp(s, "Content-Length", 14) &&
		    strncasecmp(s, "Transfer-Encoding", 17) &&
		    strncasecmp(s, "Connection", 10) &&
		    strncasecmp(s, "Expect", 6))
			buf_addf(&req, "%.*s\r\n", (int)(end - s), s);
	}
	buf_adds(&req, "\r\n");
	status = exchange(&req, &resp);
	if (status == 0 || status >= 500) {
		fprintf(stderr, "fuzz-http: request:\n%s\nanswer:\n%.*s\n", req.s,
			(int)(resp.len < 2000 ? resp.len : 2000), resp.s);
		abort();
	}
	buf_release(&resp);
	buf_release(&req);
	return 0;
}
