/* WAL checkpoints off the request path; see checkpointer.h. */
#include <pthread.h>
#include <stdlib.h>

#include "store/sqlite/checkpointer.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct checkpointer {
	sqlite3 *conn;
	struct writer_group *group;
	pthread_t thread;
	pthread_mutex_t m;
	pthread_cond_t wake;
	int wanted;		/* a commit took the WAL past the size */
	int stopping;
	int copied;		/* the WAL's pages copied by the last pass */
};

/* Runs on the writer's thread after each commit, with the turn held:
 * only a flag and a signal, never the checkpoint itself. */
static int on_commit(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct checkpointer *cp = arg;
	(void)db;
	(void)name;
	/* PAGES counts the whole WAL, copied or not: compared as it is,
	 * every commit past the size asked again and passes ran back to
	 * back, each over a few commits, copying a page changed by every
	 * call (the event chain, the rollups, the search index's structure)
	 * once per pass and syncing the database file twice */
	int copied = __atomic_load_n(&cp->copied, __ATOMIC_RELAXED);
	int fresh = pages >= copied ? pages - copied : pages;	/* restarted */
	if (fresh >= CHECKPOINTER_PASS_PAGES) {
		pthread_mutex_lock(&cp->m);
		if (!cp->wanted) {
			cp->wanted = 1;
			pthread_cond_signal(&cp->wake);
		}
		pthread_mutex_unlock(&cp->m);
	}
	return SQLITE_OK;
}

/* One PASSIVE checkpoint; *PAGES: the WAL's size in pages then. */
static int pass(struct checkpointer *cp, int *pages)
{
	int copied = 0;
	int rc = sqlite3_wal_checkpoint_v2(cp->conn, "main",
					   SQLITE_CHECKPOINT_PASSIVE, pages,
					   &copied);
	if (rc == SQLITE_OK)
		__atomic_store_n(&cp->copied, copied, __ATOMIC_RELAXED);
	return rc;
}

/* The most passes before the writer is held, and the pages written
 * during the last one below which it is held at once. */
#define CATCH_UP_PASSES 4
#define CATCH_UP_TAIL 256

/* The WAL starts over from its beginning only at a write transaction that
 * begins with every page of it copied. Under a steady stream of writes the
 * shared writer always holds pages newer than the pass that just ended, so
 * the file grew without end (700 MB in 8 s of logged calls), and every
 * commit appended to blocks the file system had to allocate and zero.
 * With the writer held between two batches, a second pass copies the
 * pages written during the first, and the next batch writes the WAL from
 * its beginning again. The writer waits for that pass and its two syncs
 * (50 ms on a busy disk, at worst nearly a second), so it is held only
 * once the WAL is past CHECKPOINTER_RESTART_PAGES, not after every pass:
 * the file then stays at about that size, its blocks written over. */
static void catch_up(struct checkpointer *cp, int pages)
{
	/* first, without the writer, passes over what each one before left,
	 * so that the writer waits only for a short tail */
	for (int i = 0; i < CATCH_UP_PASSES; i++) {
		int before = pages;
		if (pass(cp, &pages) != SQLITE_OK)
			return;
		if (pages < before)
			return;	/* a pause between batches let it start over */
		if (pages - before <= CATCH_UP_TAIL)
			break;
	}
	writer_group_pause(cp->group);
	pass(cp, &pages);
	writer_group_resume(cp->group);
}

static void *run(void *arg)
{
	struct checkpointer *cp = arg;

	pthread_mutex_lock(&cp->m);
	for (;;) {
		while (!cp->wanted && !cp->stopping)
			pthread_cond_wait(&cp->wake, &cp->m);
		if (cp->stopping)
			break;
		cp->wanted = 0;
		pthread_mutex_unlock(&cp->m);
		/* SQLITE_BUSY (another process checkpoints) or a page still
		 * read by an older snapshot: the next commit past the size
		 * asks again, as SQLite's automatic checkpoint would */
		int pages = 0;
		if (pass(cp, &pages) == SQLITE_OK &&
		    pages >= CHECKPOINTER_RESTART_PAGES)
			catch_up(cp, pages);
		pthread_mutex_lock(&cp->m);
	}
	pthread_mutex_unlock(&cp->m);
	return NULL;
}

struct checkpointer *checkpointer_start(sqlite3 *writer,
				       struct writer_group *group, sqlite3 *conn)
{
	struct checkpointer *cp = xcalloc(1, sizeof(*cp));
	cp->conn = conn;
	cp->group = group;
	pthread_mutex_init(&cp->m, NULL);
	pthread_cond_init(&cp->wake, NULL);
	if (pthread_create(&cp->thread, NULL, run, cp) != 0) {
		pthread_cond_destroy(&cp->wake);
		pthread_mutex_destroy(&cp->m);
		free(cp);
		return NULL;
	}
	/* replaces the automatic checkpoint's own hook */
	sqlite3_wal_hook(writer, on_commit, cp);
	return cp;
}

void checkpointer_stop(struct checkpointer *cp, sqlite3 *writer)
{
	if (!cp)
		return;
	sqlite3_wal_autocheckpoint(writer, CHECKPOINTER_PAGES);
	pthread_mutex_lock(&cp->m);
	cp->stopping = 1;
	pthread_cond_signal(&cp->wake);
	pthread_mutex_unlock(&cp->m);
	pthread_join(cp->thread, NULL);
	sqlite3_close_v2(cp->conn);
	pthread_cond_destroy(&cp->wake);
	pthread_mutex_destroy(&cp->m);
	free(cp);
}
