/* Group commit on one shared SQLite writer connection; see writer-group.h.
 *
 * The turn (busy) passes from writer to writer; the batch's transaction
 * stays open while someone waits for the turn, so the next request's
 * savepoint joins it. The request that finds nobody waiting (or the batch
 * full) commits, then wakes the requests of the batch, which each wait on
 * their own entry of the member list for the outcome. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/sqlite/writer-group.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct member {
	int done;
	int rc;
	char msg[256];
	struct member *next;
};

struct writer_group {
	sqlite3 *conn;
	pthread_mutex_t m;
	pthread_cond_t turn;		/* the writer's turn was given back */
	pthread_cond_t committed;	/* a batch ended: see members' done */
	int busy;			/* a request holds the turn */
	int waiting;			/* requests waiting for the turn */
	int open;			/* the batch's transaction is open */
	int nmembers;
	struct member *members;		/* released savepoints of the batch */
};

struct writer_group *writer_group_new(sqlite3 *conn)
{
	struct writer_group *g = xcalloc(1, sizeof(*g));
	g->conn = conn;
	pthread_mutex_init(&g->m, NULL);
	pthread_cond_init(&g->turn, NULL);
	pthread_cond_init(&g->committed, NULL);
	return g;
}

void writer_group_free(struct writer_group *g)
{
	if (!g)
		return;
	pthread_cond_destroy(&g->committed);
	pthread_cond_destroy(&g->turn);
	pthread_mutex_destroy(&g->m);
	free(g);
}

static int run(struct writer_group *g, const char *sql)
{
	return sqlite3_exec(g->conn, sql, NULL, NULL, NULL);
}

static void give_turn(struct writer_group *g)
{
	g->busy = 0;
	pthread_cond_signal(&g->turn);
}

int writer_group_enter(struct writer_group *g, char *msg, size_t n)
{
	int rc = SQLITE_OK;

	pthread_mutex_lock(&g->m);
	g->waiting++;
	while (g->busy)
		pthread_cond_wait(&g->turn, &g->m);
	g->waiting--;
	g->busy = 1;
	pthread_mutex_unlock(&g->m);
	/* the turn is ours: nobody else runs statements on the connection */
	if (!g->open) {
		rc = run(g, "BEGIN IMMEDIATE");
		g->open = rc == SQLITE_OK;
	}
	if (rc == SQLITE_OK && (rc = run(g, "SAVEPOINT fc_request")) != SQLITE_OK) {
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
 * ROLLBACK of the empty transaction), and every member told the outcome. */
static void end_batch(struct writer_group *g)
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
		rc = run(g, g->nmembers ? "COMMIT" : "ROLLBACK");
		if (rc != SQLITE_OK) {
			snprintf(msg, sizeof(msg), "%s", sqlite3_errmsg(g->conn));
			if (!sqlite3_get_autocommit(g->conn))
				run(g, "ROLLBACK");
		}
	}
	pthread_mutex_lock(&g->m);
	for (struct member *m = g->members, *next; m; m = next) {
		next = m->next;
		m->rc = rc;
		snprintf(m->msg, sizeof(m->msg), "%s", msg);
		m->done = 1;
	}
	g->members = NULL;
	g->nmembers = 0;
	g->open = 0;
	give_turn(g);
	pthread_cond_broadcast(&g->committed);
	pthread_mutex_unlock(&g->m);
}

int writer_group_leave(struct writer_group *g, int keep, char *msg, size_t n)
{
	struct member me = { 0 };
	int rc = SQLITE_OK;

	if (n)
		msg[0] = '\0';
	if (keep && (rc = run(g, "RELEASE fc_request")) != SQLITE_OK) {
		snprintf(msg, n, "%s", sqlite3_errmsg(g->conn));
		keep = 0;
	}
	if (!keep && !sqlite3_get_autocommit(g->conn))
		run(g, "ROLLBACK TO fc_request; RELEASE fc_request");

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
		while (keep && !me.done)
			pthread_cond_wait(&g->committed, &g->m);
		pthread_mutex_unlock(&g->m);
		if (keep && me.rc != SQLITE_OK)
			snprintf(msg, n, "%s", me.msg);
		return keep ? me.rc : rc;
	}
	pthread_mutex_unlock(&g->m);
	end_batch(g);
	if (keep && me.rc != SQLITE_OK)
		snprintf(msg, n, "%s", me.msg);
	return keep ? me.rc : rc;
}
