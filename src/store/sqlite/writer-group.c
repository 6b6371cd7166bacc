/* Group commit on one shared SQLite writer connection; see writer-group.h.
 *
 * The turn (busy) passes from writer to writer; the batch's transaction
 * stays open while someone waits for the turn, so the next request's
 * savepoint joins it. The request that finds nobody waiting (or the batch
 * full) commits, then tells the requests of the batch the outcome.
 *
 * Every wake is targeted: a request waiting for the turn or for its
 * batch's outcome sleeps on a semaphore of its own (on its stack), and the
 * turn is handed straight to the first in the queue, still busy. A
 * condition variable woke its waiters all at once, each then queueing on
 * the group's mutex to get out of the wait, and let a newcomer take the
 * turn before the request woken for it ran. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/sqlite/writer-group.h"
#include "util/xmalloc.h"
#include "util/banned.h"

/* A request of the batch waiting for its outcome. */
struct member {
	sem_t done;
	int rc;
	char msg[256];
	struct member *next;
};

/* A request waiting for the turn, in arrival order. */
struct waiter {
	sem_t go;
	struct waiter *next;
};

/* The statements every request or batch runs, prepared once: parsing
 * them again for each request through sqlite3_exec() was about 1 % of a
 * logged call's CPU. */
enum wg_stmt { WG_BEGIN, WG_SAVEPOINT, WG_RELEASE, WG_COMMIT, WG_ROLLBACK,
	       WG_NSTMT };

static const char *const wg_sql[WG_NSTMT] = {
	[WG_BEGIN] = "BEGIN IMMEDIATE",
	[WG_SAVEPOINT] = "SAVEPOINT fc_request",
	[WG_RELEASE] = "RELEASE fc_request",
	[WG_COMMIT] = "COMMIT",
	[WG_ROLLBACK] = "ROLLBACK",
};

struct writer_group {
	sqlite3 *conn;
	sqlite3_stmt *stmts[WG_NSTMT];	/* prepared on first use */
	pthread_mutex_t m;
	int busy;			/* a request holds the turn */
	int waiting;			/* requests waiting for the turn */
	struct waiter *first, *last;	/* their queue */
	int open;			/* the batch's transaction is open */
	int nmembers;
	struct member *members;		/* released savepoints of the batch */
};

struct writer_group *writer_group_new(sqlite3 *conn)
{
	struct writer_group *g = xcalloc(1, sizeof(*g));
	g->conn = conn;
	pthread_mutex_init(&g->m, NULL);
	return g;
}

void writer_group_free(struct writer_group *g)
{
	if (!g)
		return;
	for (int i = 0; i < WG_NSTMT; i++)
		sqlite3_finalize(g->stmts[i]);
	pthread_mutex_destroy(&g->m);
	free(g);
}

/* Runs one of the group's statements; SQLITE_OK or SQLite's code, with
 * its message on the connection. */
static int run(struct writer_group *g, enum wg_stmt which)
{
	sqlite3_stmt **st = &g->stmts[which];
	int rc;

	if (!*st && (rc = sqlite3_prepare_v3(g->conn, wg_sql[which], -1,
					     SQLITE_PREPARE_PERSISTENT, st,
					     NULL)) != SQLITE_OK)
		return rc;
	rc = sqlite3_step(*st);
	/* reset at once: a statement left stepped would hold the
	 * transaction's state (a COMMIT that failed, a read lock) */
	sqlite3_reset(*st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* With the mutex held: the turn goes to the first waiter, which wakes
 * holding it (busy stays set), or is free when nobody waits. */
static void give_turn(struct writer_group *g)
{
	struct waiter *w = g->first;
	if (!w) {
		g->busy = 0;
		return;
	}
	if (!(g->first = w->next))
		g->last = NULL;
	g->waiting--;
	/* W lives on its thread's stack until sem_wait() returns there:
	 * nothing of it is read after the post */
	sem_post(&w->go);
}

/* Waits for the turn: at once when it is free, else in arrival order. */
static void take_turn(struct writer_group *g)
{
	pthread_mutex_lock(&g->m);
	if (!g->busy) {
		g->busy = 1;
		pthread_mutex_unlock(&g->m);
		return;
	}
	struct waiter w = { .next = NULL };
	sem_init(&w.go, 0, 0);
	if (g->last)
		g->last->next = &w;
	else
		g->first = &w;
	g->last = &w;
	g->waiting++;
	pthread_mutex_unlock(&g->m);
	while (sem_wait(&w.go) != 0)
		;	/* EINTR */
	sem_destroy(&w.go);
}

int writer_group_enter(struct writer_group *g, char *msg, size_t n)
{
	int rc = SQLITE_OK;

	take_turn(g);
	/* the turn is ours: nobody else runs statements on the connection */
	if (!g->open) {
		rc = run(g, WG_BEGIN);
		g->open = rc == SQLITE_OK;
	}
	if (rc == SQLITE_OK && (rc = run(g, WG_SAVEPOINT)) != SQLITE_OK) {
		char ignored[8];
		snprintf(msg, n, "%s", sqlite3_errmsg(g->conn));
		writer_group_leave(g, 0, ignored, sizeof(ignored));
		return rc;
	}
	if (rc != SQLITE_OK) {
		snprintf(msg, n, "%s", sqlite3_errmsg(g->conn));
		pthread_mutex_lock(&g->m);
		give_turn(g);
		pthread_mutex_unlock(&g->m);
	}
	return rc;
}

/* Ends the batch with the turn held: COMMIT (or, with nothing kept, a
 * ROLLBACK of the empty transaction), and every member told the outcome.
 * The turn then goes on unless KEEP_TURN. */
static void end_batch(struct writer_group *g, int keep_turn)
{
	int rc = SQLITE_OK;
	char msg[256] = "";

	if (g->open && sqlite3_get_autocommit(g->conn)) {
		/* SQLite rolled the whole transaction back (I/O error, full
		 * disk): the batch's released savepoints are gone with it */
		rc = SQLITE_ABORT;
		snprintf(msg, sizeof(msg), "the write was rolled back: %s",
			 sqlite3_errmsg(g->conn));
	} else if (g->open) {
		rc = run(g, g->nmembers ? WG_COMMIT : WG_ROLLBACK);
		if (rc != SQLITE_OK) {
			snprintf(msg, sizeof(msg), "%s", sqlite3_errmsg(g->conn));
			if (!sqlite3_get_autocommit(g->conn))
				run(g, WG_ROLLBACK);
		}
	}
	pthread_mutex_lock(&g->m);
	struct member *members = g->members;
	g->members = NULL;
	g->nmembers = 0;
	g->open = 0;
	if (!keep_turn)
		give_turn(g);
	pthread_mutex_unlock(&g->m);
	/* each member's entry is on its own stack: read NEXT before the post
	 * that lets it return */
	for (struct member *m = members, *next; m; m = next) {
		next = m->next;
		m->rc = rc;
		snprintf(m->msg, sizeof(m->msg), "%s", msg);
		sem_post(&m->done);
	}
}

int writer_group_leave(struct writer_group *g, int keep, char *msg, size_t n)
{
	struct member me = { .rc = SQLITE_OK };
	int rc = SQLITE_OK;

	if (n)
		msg[0] = '\0';
	if (keep && (rc = run(g, WG_RELEASE)) != SQLITE_OK) {
		snprintf(msg, n, "%s", sqlite3_errmsg(g->conn));
		keep = 0;
	}
	if (!keep && !sqlite3_get_autocommit(g->conn))
		sqlite3_exec(g->conn, "ROLLBACK TO fc_request; RELEASE fc_request",
			     NULL, NULL, NULL);

	if (keep)
		sem_init(&me.done, 0, 0);
	pthread_mutex_lock(&g->m);
	if (keep) {
		me.next = g->members;
		g->members = &me;
		g->nmembers++;
	}
	if (g->open && !sqlite3_get_autocommit(g->conn) && g->waiting > 0 &&
	    g->nmembers < WRITER_GROUP_MAX) {
		/* the next writer joins this batch; whoever ends it says how */
		give_turn(g);
		pthread_mutex_unlock(&g->m);
	} else {
		pthread_mutex_unlock(&g->m);
		end_batch(g, 0);
	}
	if (!keep)
		return rc;
	while (sem_wait(&me.done) != 0)
		;	/* EINTR */
	sem_destroy(&me.done);
	if (me.rc != SQLITE_OK)
		snprintf(msg, n, "%s", me.msg);
	return me.rc;
}

void writer_group_pause(struct writer_group *g)
{
	take_turn(g);
	/* a batch handed on with the turn is committed now, its members
	 * answered, rather than held open through the pause */
	if (g->open)
		end_batch(g, 1);
}

void writer_group_resume(struct writer_group *g)
{
	pthread_mutex_lock(&g->m);
	give_turn(g);
	pthread_mutex_unlock(&g->m);
}
