/* WAL checkpoints of a server's shared SQLite writer, off the request
 * path.
 *
 * Why: with SQLite's automatic checkpoint, the commit that takes the WAL
 * past 1,000 pages copies them into the database file and syncs it twice
 * before it returns, while it holds the writer's turn: every queued write
 * waits behind that copy. Here the writer's automatic checkpoint is off
 * and a thread of its own, on its own connection, runs the same PASSIVE
 * checkpoint when a commit reports CHECKPOINTER_PASS_PAGES written since
 * the last pass. A PASSIVE checkpoint never blocks the writer or a reader. Once the WAL is past
 * CHECKPOINTER_RESTART_PAGES, more passes copy what was written meanwhile
 * and a last one, with the writer held between two batches, the short
 * tail, so that the WAL starts over from its beginning at the next batch,
 * as it did after SQLite's own checkpoints. Durability does not change: a commit is in the
 * WAL (as `synchronous=NORMAL` says) whether or not it was copied yet. */
#ifndef FC_STORE_SQLITE_CHECKPOINTER_H
#define FC_STORE_SQLITE_CHECKPOINTER_H

#include <sqlite3.h>

#include "store/sqlite/writer-group.h"

struct checkpointer;

/* SQLite's own default for its automatic checkpoint, given back to the
 * writer when the thread stops. */
#define CHECKPOINTER_PAGES 1000

/* The pages written to the WAL since the last pass copied it past which a
 * commit asks for the next pass (32 MiB of 4 KiB pages): a page that many
 * commits change is copied and the database file synced once per this
 * many pages, not once per CHECKPOINTER_PAGES (docs/benchmarks.md). */
#define CHECKPOINTER_PASS_PAGES 8000

/* The WAL's size in pages past which the thread also holds the writer for
 * a moment so that the WAL starts over (128 MiB of 4 KiB pages). */
#define CHECKPOINTER_RESTART_PAGES 32000

/* Starts the thread, which checkpoints through CONN (a connection of its
 * own to the writer's database, closed by checkpointer_stop()), and hooks
 * WRITER's commits (its automatic checkpoint is turned off); GROUP is
 * WRITER's, which the thread holds for its last pass. NULL when the
 * thread cannot be made: WRITER and CONN are then as they were. */
struct checkpointer *checkpointer_start(sqlite3 *writer,
					struct writer_group *group,
					sqlite3 *conn);

/* Stops the thread (after the checkpoint it is running, if any), gives
 * WRITER its automatic checkpoint back and closes the thread's connection. */
void checkpointer_stop(struct checkpointer *cp, sqlite3 *writer);

#endif
