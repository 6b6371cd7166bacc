/* The connection guard: keeps a few clients from holding every connection
 * (per-address limit, deadlines for a request's headers and body, room kept
 * for clients that send whole requests) and logs its refusals at most once
 * a second. server.c feeds it the phases of each request. Read next:
 * http/server.c. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "http/internal.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define REAP_INTERVAL_MS 100
#define LOG_INTERVAL_NS 1000000000LL

enum phase {
	PHASE_HEADERS,	/* connected, or between two requests */
	PHASE_BODY,	/* headers read, body still arriving */
	PHASE_BUSY,	/* handled or answering: no deadline */
};

struct guard_conn {
	struct guard_conn *prev, *next;
	int fd;
	int trusted;		/* the peer is a trusted proxy */
	int cut;		/* shut down, waiting for CLOSED */
	enum phase phase;
	int64_t since_ns;	/* start of the phase */
	char addr[INET6_ADDRSTRLEN];
	char client[64];	/* the forwarded client of the request, or "" */
};

/* Each kind of line has its own budget, so that one flood does not hide
 * the others. */
enum log_kind {
	LOG_REFUSED,	/* a connection or request over a limit */
	LOG_DROPPED,	/* a connection dropped to make room */
	LOG_TIMED_OUT,	/* a connection closed by a deadline */
	LOG_LIBRARY,	/* libmicrohttpd's own messages */
	LOG_KINDS
};

static const char *const log_names[LOG_KINDS] = {
	"refusals", "dropped connections", "timed-out connections",
	"library messages",
};

struct log_budget {
	int64_t last_ns;
	unsigned long left_out;
};

struct guard {
	struct guard_limits lim;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t reaper;
	int stopping;
	struct guard_conn *head;

	pthread_mutex_t log_lock;
	struct log_budget log[LOG_KINDS];
};

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* --- the rate-limited log ------------------------------------------------ */

static void log_emit(struct guard *g, enum log_kind kind, const char *msg)
{
	struct log_budget *b = &g->log[kind];
	int64_t now = now_ns();
	pthread_mutex_lock(&g->log_lock);
	if (b->last_ns && now - b->last_ns < LOG_INTERVAL_NS) {
		b->left_out++;
		pthread_mutex_unlock(&g->log_lock);
		return;
	}
	if (b->left_out)
		fprintf(stderr, "fulcrum: %s (and %lu more %s not logged)\n",
			msg, b->left_out, log_names[kind]);
	else
		fprintf(stderr, "fulcrum: %s\n", msg);
	b->last_ns = now;
	b->left_out = 0;
	pthread_mutex_unlock(&g->log_lock);
}

/* The count of lines left out, once a quiet second has passed (or at
 * once, when FORCE: at the stop). */
static void log_flush(struct guard *g, int force)
{
	int64_t now = now_ns();
	pthread_mutex_lock(&g->log_lock);
	for (int k = 0; k < LOG_KINDS; k++) {
		struct log_budget *b = &g->log[k];
		if (b->left_out &&
		    (force || now - b->last_ns >= LOG_INTERVAL_NS)) {
			fprintf(stderr, "fulcrum: %lu more %s not logged\n",
				b->left_out, log_names[k]);
			b->last_ns = now;
			b->left_out = 0;
		}
	}
	pthread_mutex_unlock(&g->log_lock);
}

static void guard_logf(struct guard *g, enum log_kind kind, const char *fmt,
		       ...) __attribute__((format(printf, 3, 4)));
static void guard_logf(struct guard *g, enum log_kind kind, const char *fmt,
		       ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_emit(g, kind, msg);
}

void guard_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	size_t n;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_emit(cls, LOG_LIBRARY, msg);
}

/* --- tracking ------------------------------------------------------------
 * Each connection is followed through its phases (waiting for a request's
 * headers, reading its body, being handled), and
 * - a connection is refused when its address already holds --max-per-address
 *   (trusted proxies are exempt: the requests they forward are limited per
 *   forwarded client instead, see guard_request_begin);
 * - one whose headers took longer than --header-timeout, or whose body took
 *   longer than --body-timeout, is cut: libmicrohttpd's own timeout is an
 *   idle one, which a client trickling a byte now and then never reaches;
 * - connections still receiving a request may hold at most
 *   incomplete_max (half of --max-connections); beyond, the oldest of them
 *   is dropped, so that clients which send whole requests find room.
 * A cut is shutdown(2) on the socket: the connection's thread wakes up to an
 * end of file and libmicrohttpd closes it. It only happens between the
 * STARTED and CLOSED notifications, under the guard's lock, so the socket is
 * still the connection's own. */

static void cut(struct guard_conn *gc)
{
	if (gc->cut)
		return;
	gc->cut = 1;
	shutdown(gc->fd, SHUT_RDWR);
}

static int incomplete(const struct guard_conn *gc)
{
	return !gc->cut && gc->phase != PHASE_BUSY;
}

/* Called with the lock held, for a connection just accepted. */
static void admit(struct guard *g, struct guard_conn *gc)
{
	unsigned same = 0, waiting = 0;
	struct guard_conn *oldest = NULL;

	for (struct guard_conn *p = g->head; p; p = p->next) {
		if (p->cut)
			continue;
		if (!strcmp(p->addr, gc->addr))
			same++;
		if (incomplete(p)) {
			waiting++;
			if (!oldest || p->since_ns < oldest->since_ns)
				oldest = p;
		}
	}
	if (!gc->trusted && same > g->lim.per_address) {
		cut(gc);
		guard_logf(g, LOG_REFUSED, "refused a connection from %s: it "
			   "has %u open (--max-per-address)", gc->addr,
			   same - 1);
		return;
	}
	if (waiting > g->lim.incomplete_max && oldest) {
		cut(oldest);
		guard_logf(g, LOG_DROPPED, "dropped a connection from %s: %u "
			   "connections were waiting for requests (at most %u)",
			   oldest->addr, waiting - 1, g->lim.incomplete_max);
	}
}

void guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		  enum MHD_ConnectionNotificationCode code)
{
	struct guard *g = cls;
	struct guard_conn *gc = *socket_context;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *fd =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		const struct sockaddr *sa = ci ? ci->client_addr : NULL;
		gc = xcalloc(1, sizeof(*gc));
		gc->fd = fd ? fd->connect_fd : -1;
		snprintf(gc->addr, sizeof(gc->addr), "unknown");
		if (sa && sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
				  gc->addr, sizeof(gc->addr));
		else if (sa && sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((const struct sockaddr_in6 *)sa)->sin6_addr,
				  gc->addr, sizeof(gc->addr));
		gc->trusted = g->lim.trusted_proxies &&
			      http_addr_in_list(g->lim.trusted_proxies, gc->addr);
		gc->phase = PHASE_HEADERS;
		gc->since_ns = now_ns();
		*socket_context = gc;
		pthread_mutex_lock(&g->lock);
		gc->next = g->head;
		if (g->head)
			g->head->prev = gc;
		g->head = gc;
		if (gc->fd < 0)
			gc->cut = 1;
		else
			admit(g, gc);
		pthread_mutex_unlock(&g->lock);
		return;
	}
	if (!gc)
		return;
	pthread_mutex_lock(&g->lock);
	if (gc->prev)
		gc->prev->next = gc->next;
	else
		g->head = gc->next;
	if (gc->next)
		gc->next->prev = gc->prev;
	pthread_mutex_unlock(&g->lock);
	*socket_context = NULL;
	free(gc);
}

static struct guard_conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

static void enter(struct guard *g, struct MHD_Connection *c, enum phase ph)
{
	struct guard_conn *gc = conn_of(c);
	if (!gc)
		return;
	pthread_mutex_lock(&g->lock);
	gc->phase = ph;
	gc->since_ns = now_ns();
	if (ph == PHASE_HEADERS)
		gc->client[0] = '\0';
	pthread_mutex_unlock(&g->lock);
}

int guard_request_begin(struct guard *g, struct MHD_Connection *c,
			const char *client)
{
	struct guard_conn *gc = conn_of(c);
	unsigned same = 0;
	if (!gc)
		return 0;
	pthread_mutex_lock(&g->lock);
	gc->phase = PHASE_BODY;
	gc->since_ns = now_ns();
	if (gc->trusted && client) {
		for (struct guard_conn *p = g->head; p; p = p->next)
			if (p != gc && p->trusted && !p->cut &&
			    p->phase != PHASE_HEADERS && !strcmp(p->client, client))
				same++;
		if (same >= g->lim.per_address) {
			pthread_mutex_unlock(&g->lock);
			guard_logf(g, LOG_REFUSED, "refused a request from %s via %s: it has "
				   "%u in progress (--max-per-address)", client,
				   gc->addr, same);
			return -1;
		}
		snprintf(gc->client, sizeof(gc->client), "%s", client);
	}
	pthread_mutex_unlock(&g->lock);
	return 0;
}

void guard_request_ready(struct guard *g, struct MHD_Connection *c)
{
	enter(g, c, PHASE_BUSY);
}

void guard_request_end(struct guard *g, struct MHD_Connection *c)
{
	enter(g, c, PHASE_HEADERS);
}

/* --- the reaper ---------------------------------------------------------- */

static void reap(struct guard *g)
{
	int64_t now = now_ns();
	for (struct guard_conn *p = g->head; p; p = p->next) {
		int64_t limit = p->phase == PHASE_HEADERS ? g->lim.header_ns :
				p->phase == PHASE_BODY ? g->lim.body_ns : 0;
		if (p->cut || !limit || now - p->since_ns <= limit)
			continue;
		cut(p);
		guard_logf(g, LOG_TIMED_OUT, "closed a connection from %s: its request's %s "
			   "took longer than %llds (--%s-timeout)", p->addr,
			   p->phase == PHASE_HEADERS ? "headers" : "body",
			   (long long)(limit / 1000000000LL),
			   p->phase == PHASE_HEADERS ? "header" : "body");
	}
}

static void *reaper_main(void *arg)
{
	struct guard *g = arg;
	pthread_mutex_lock(&g->lock);
	while (!g->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += REAP_INTERVAL_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g->wake, &g->lock, &until);
		if (g->stopping)
			break;
		reap(g);
		pthread_mutex_unlock(&g->lock);
		log_flush(g, 0);
		pthread_mutex_lock(&g->lock);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

struct guard *guard_new(const struct guard_limits *lim)
{
	struct guard *g = xcalloc(1, sizeof(*g));
	g->lim = *lim;
	pthread_mutex_init(&g->lock, NULL);
	pthread_mutex_init(&g->log_lock, NULL);
	pthread_cond_init(&g->wake, NULL);
	if (pthread_create(&g->reaper, NULL, reaper_main, g))
		FC_BUG("cannot start the connection guard");
	return g;
}

void guard_free(struct guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = 1;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->reaper, NULL);
	log_flush(g, 1);
	/* The daemon is stopped: every connection was CLOSED and freed. */
	pthread_cond_destroy(&g->wake);
	pthread_mutex_destroy(&g->log_lock);
	pthread_mutex_destroy(&g->lock);
	free(g);
}
