/* Group commit for the SQLite connections of one server: every write
 * transaction of the pool runs on one shared writer connection, each in
 * its own savepoint of a transaction that several requests share, and one
 * COMMIT makes a whole batch durable (as `synchronous` says).
 *
 * Why: SQLite admits one writer at a time anyway, and a connection drops
 * its whole page cache whenever another connection has committed, so
 * writers spread over the pool re-read every page they touch; one writer
 * connection keeps its cache warm, and a page that several requests of a
 * batch change (the event chain, the rollups, the search index) is written
 * to the WAL once per batch instead of once per request.
 *
 * The rules kept: a request's answer waits until the batch holding its
 * changes is committed; a request that fails rolls back its own savepoint
 * only, never the others'; when the shared transaction itself fails (a
 * full disk, an I/O error) every request of that batch gets the error. */
#ifndef FC_STORE_SQLITE_WRITER_GROUP_H
#define FC_STORE_SQLITE_WRITER_GROUP_H

#include <stddef.h>

#include <sqlite3.h>

struct writer_group;

/* The most requests one batch holds: a batch is committed when nobody
 * waits for the writer, or when it is this large (so a steady queue
 * never holds the first answers back for long). */
#define WRITER_GROUP_MAX 32

/* A group writing through CONN (owned by the caller, which closes it
 * after writer_group_free()). */
struct writer_group *writer_group_new(sqlite3 *conn);
void writer_group_free(struct writer_group *g);

/* Waits for the writer's turn, opens the batch's transaction when none is
 * open, and a savepoint for this request. SQLITE_OK or SQLite's code with
 * its message in MSG (N bytes), in which case the turn is given back and
 * nothing of this request is open. */
int writer_group_enter(struct writer_group *g, char *msg, size_t n);

/* Ends this request's savepoint: KEEP releases it into the batch and waits
 * until the batch is committed; !KEEP rolls it back (the batch's other
 * requests stay). Gives the turn to the next writer or, when none waits or
 * the batch is full, commits the batch. Returns SQLITE_OK when this
 * request's changes are committed (or, !KEEP, were rolled back), else the
 * code of what failed, with SQLite's message in MSG (N bytes). */
int writer_group_leave(struct writer_group *g, int keep, char *msg, size_t n);

/* Waits for the writer's turn and keeps it, with no transaction open on
 * the writer (a batch handed on with the turn is committed first), until
 * writer_group_resume(): for work that needs the writer idle for a moment,
 * like a checkpoint that must reach the end of the WAL. */
void writer_group_pause(struct writer_group *g);
void writer_group_resume(struct writer_group *g);

#endif
