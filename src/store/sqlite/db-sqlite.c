/* The SQLite backend: one file, WAL, foreign keys on, a busy timeout so
 * several processes (CLI and server) can share it. Statements are cached by
 * their SQL text; a statement already in use is prepared afresh. The
 * connections of a server's pool write through one shared connection with
 * group commit (writer-group.h). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "store/db.h"
#include "store/sqlite/checkpointer.h"
#include "store/sqlite/writer-group.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct sqlite_conn;

struct sqlite_stmt {
	struct db *db;		/* must be first: see db.c */
	struct sqlite_conn *c;	/* the connection it was prepared on */
	sqlite3_stmt *stmt;
	char *sql;
	uintptr_t text_at;	/* where the caller's text was, last found */
	int in_use;
	int cached;
	struct sqlite_stmt *next;	/* hash chain */
};

#define CACHE_BUCKETS 256
/* Beyond this many cached texts (queries built at run time, with their
 * ids or filters in the text), statements are finalized after their use
 * so one connection cannot pile up memory. */
#define CACHE_MAX 1024

/* A SQLite connection with its statements. */
struct sqlite_conn {
	sqlite3 *conn;
	int ncached;
	struct sqlite_stmt *cache[CACHE_BUCKETS];
	/* the cached statement last found for a text at each address (mod
	 * the buckets): callers pass the same literal again and again, and
	 * a pointer and a strcmp are cheaper than hashing the text */
	struct sqlite_stmt *by_address[CACHE_BUCKETS];
};

/* The writer connection a pool's connections share, with its group. */
struct shared_writer {
	struct sqlite_conn c;
	struct writer_group *group;
	struct checkpointer *checkpointer;
	int refs;
};

struct sqlite_db {
	struct db base;
	struct sqlite_conn own;
	struct sqlite_conn *cur;	/* own, or the shared writer's during a
					   write transaction */
	struct shared_writer *shared;	/* NULL outside a server's pool */
	int in_group;		/* a savepoint on the shared writer is open */
	int holds_writer;	/* this connection holds `writer` below */
	char *path;
};

static struct sqlite_db *to_sdb(struct db *db) { return (struct sqlite_db *)db; }
static struct sqlite_stmt *to_sst(struct db_stmt *st) { return (struct sqlite_stmt *)st; }

static unsigned hash_sql(const char *s)
{
	return db_sql_hash(s) % CACHE_BUCKETS;
}

/* FULCRUM_SQL_PROFILE=1: every statement SQLite runs, on stderr, to count
 * what a request costs (docs/internals/architecture.md): "sql: " and the
 * statement with its values, once it ran; "sql-trigger: " and each
 * statement of a trigger's body as it starts ("-- TRIGGER name" first).
 * No times: SQLite's clock counts whole milliseconds here. */
static int profile_line(unsigned what, void *ctx, void *p, void *x)
{
	(void)ctx;
	if (what == SQLITE_TRACE_STMT) {
		const char *sql = x;
		if (!strncmp(sql, "--", 2))
			fprintf(stderr, "sql-trigger: %s\n", sql);
		return 0;
	}
	char *text = sqlite3_expanded_sql(p);
	fprintf(stderr, "sql: %.200s\n", text ? text : "?");
	sqlite3_free(text);
	return 0;
}

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return FC_ECONFLICT;
	case SQLITE_TOOBIG:
		return FC_ELIMIT;
	default:
		return FC_ESTORE;
	}
}

/* "UNIQUE constraint failed: users.org_id, users.email" and its kin: the
 * kind from the extended code, the table and column from the message. */
static int violation(struct sqlite_db *s, sqlite3 *conn, int rc)
{
	const char *msg = sqlite3_errmsg(conn);
	const char *at = strstr(msg, "failed: ");
	char table[64] = "", column[64] = "", detail[400];
	enum db_violation kind;

	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		kind = DBV_UNIQUE;
		break;
	case SQLITE_CONSTRAINT_NOTNULL:
		kind = DBV_NOT_NULL;
		break;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		kind = DBV_FOREIGN_KEY;
		break;
	case SQLITE_CONSTRAINT_CHECK:
		kind = DBV_CHECK;
		break;
	default:
		kind = DBV_OTHER;
	}
	/* a CHECK names its expression ("role IN (...)"): its first word is
	 * the column, and the table is not said */
	if (at && kind != DBV_CHECK)
		db_violation_columns(at + 8, table, sizeof(table), column,
				     sizeof(column));
	if (at && kind == DBV_CHECK) {
		size_t n = strspn(at + 8, "abcdefghijklmnopqrstuvwxyz_0123456789");
		if (n < sizeof(column))
			snprintf(column, sizeof(column), "%.*s", (int)n, at + 8);
	}
	snprintf(detail, sizeof(detail), "sqlite: %s", msg);
	return db_set_violation(&s->base, kind, table, column, detail);
}

/* RC failed on CONN, a connection S uses: S's error says what. */
static int fail_on(struct sqlite_db *s, sqlite3 *conn, int rc)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return violation(s, conn, rc);
	return db_set_error(&s->base, map_rc(rc), "sqlite: %s",
			    sqlite3_errmsg(conn));
}

static int fail(struct sqlite_db *s, int rc) { return fail_on(s, s->cur->conn, rc); }

static void conn_close(struct sqlite_conn *c)
{
	for (int i = 0; i < CACHE_BUCKETS; i++) {
		struct sqlite_stmt *st = c->cache[i], *next;
		for (; st; st = next) {
			next = st->next;
			sqlite3_finalize(st->stmt);
			free(st->sql);
			free(st);
		}
	}
	sqlite3_close_v2(c->conn);
}

static void writer_give(struct sqlite_db *s);

static void s_close(struct db *db)
{
	struct sqlite_db *s = to_sdb(db);
	if (s->in_group) {
		char msg[8];
		writer_group_leave(s->shared->group, 0, msg, sizeof(msg));
	}
	writer_give(s);
	conn_close(&s->own);
	if (s->shared && --s->shared->refs == 0) {
		checkpointer_stop(s->shared->checkpointer, s->shared->c.conn);
		writer_group_free(s->shared->group);
		conn_close(&s->shared->c);
		free(s->shared);
	}
	free(s->path);
	free(s);
}

static int s_exec(struct db *db, const char *sql)
{
	struct sqlite_db *s = to_sdb(db);
	int rc = sqlite3_exec(s->cur->conn, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : fail(s, rc);
}

static void s_done(struct db_stmt *st);

static struct db_stmt *s_prepare(struct db *db, const char *sql)
{
	struct sqlite_db *s = to_sdb(db);
	struct sqlite_conn *c = s->cur;
	uintptr_t at = (uintptr_t)sql;
	struct sqlite_stmt **last = &c->by_address[(at >> 3) % CACHE_BUCKETS];
	struct sqlite_stmt *st = *last;
	if (st && st->text_at == at && !st->in_use && !strcmp(st->sql, sql)) {
		st->in_use = 1;
		return (struct db_stmt *)st;
	}
	unsigned h = hash_sql(sql);
	for (st = c->cache[h]; st; st = st->next) {
		if (!st->in_use && !strcmp(st->sql, sql)) {
			st->in_use = 1;
			st->text_at = at;
			*last = st;
			return (struct db_stmt *)st;
		}
	}
	sqlite3_stmt *raw;
	int rc = sqlite3_prepare_v3(c->conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
				    &raw, NULL);
	if (rc != SQLITE_OK) {
		fail(s, rc);
		return NULL;
	}
	st = xcalloc(1, sizeof(*st));
	st->db = db;
	st->c = c;
	st->stmt = raw;
	st->sql = xstrdup(sql);
	st->in_use = 1;
	/* keep one cached copy per text; a nested second use is not cached */
	int have = 0;
	for (struct sqlite_stmt *o = c->cache[h]; o; o = o->next)
		if (!strcmp(o->sql, sql))
			have = 1;
	if (!have && c->ncached < CACHE_MAX) {
		st->cached = 1;
		st->text_at = at;
		*last = st;
		st->next = c->cache[h];
		c->cache[h] = st;
		c->ncached++;
	}
	return (struct db_stmt *)st;
}

/* A statement without rows through the statement cache: BEGIN and COMMIT
 * run around every read, and sqlite3_exec() would parse them each time. */
static int s_run(struct db *db, const char *sql)
{
	struct db_stmt *st = s_prepare(db, sql);
	int rc;
	if (!st)
		return db->last_error;
	rc = sqlite3_step(to_sst(st)->stmt);
	if (rc != SQLITE_DONE)
		rc = fail_on(to_sdb(db), to_sst(st)->c->conn, rc);
	else
		rc = 0;
	s_done(st);
	return rc;
}

static void s_bind_int(struct db_stmt *st, int i, int64_t v) { sqlite3_bind_int64(to_sst(st)->stmt, i, v); }
static void s_bind_double(struct db_stmt *st, int i, double v) { sqlite3_bind_double(to_sst(st)->stmt, i, v); }
static void s_bind_null(struct db_stmt *st, int i) { sqlite3_bind_null(to_sst(st)->stmt, i); }

static void s_bind_text(struct db_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(to_sst(st)->stmt, i, v, -1, SQLITE_TRANSIENT);
}

static int s_step(struct db_stmt *st)
{
	struct sqlite_stmt *ss = to_sst(st);
	int rc = sqlite3_step(ss->stmt);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return fail_on(to_sdb(ss->db), ss->c->conn, rc);
}

static int s_col_count(struct db_stmt *st) { return sqlite3_column_count(to_sst(st)->stmt); }
static const char *s_col_name(struct db_stmt *st, int i) { return sqlite3_column_name(to_sst(st)->stmt, i); }
static int s_col_is_null(struct db_stmt *st, int i) { return sqlite3_column_type(to_sst(st)->stmt, i) == SQLITE_NULL; }
static int64_t s_col_int(struct db_stmt *st, int i) { return sqlite3_column_int64(to_sst(st)->stmt, i); }
static double s_col_double(struct db_stmt *st, int i) { return sqlite3_column_double(to_sst(st)->stmt, i); }
static const char *s_col_text(struct db_stmt *st, int i) { return (const char *)sqlite3_column_text(to_sst(st)->stmt, i); }

static void s_done(struct db_stmt *st)
{
	struct sqlite_stmt *ss = to_sst(st);
	if (!ss->cached) {
		sqlite3_finalize(ss->stmt);
		free(ss->sql);
		free(ss);
		return;
	}
	sqlite3_reset(ss->stmt);
	sqlite3_clear_bindings(ss->stmt);
	ss->in_use = 0;
}

static int64_t s_changes(struct db *db) { return sqlite3_changes64(to_sdb(db)->cur->conn); }
static int64_t s_last_insert_id(struct db_stmt *st)
{
	return sqlite3_last_insert_rowid(sqlite3_db_handle(to_sst(st)->stmt));
}

/* SQLite lets one writer in at a time; the others of the same process
 * would poll for the lock with the busy handler's growing sleeps (up to
 * 100 ms each), which makes the slowest writes of a busy server wait far
 * longer than the queue in front of them. Writers of this process queue
 * on this mutex instead and go in the moment the previous one commits;
 * the busy timeout still arbitrates with other processes (the CLI, a
 * second server). After the same bound as the busy timeout a writer goes
 * on without the mutex, so a thread can never wait on itself for good. */
static pthread_mutex_t writer = PTHREAD_MUTEX_INITIALIZER;
#define BUSY_TIMEOUT_MS 10000

static void writer_take(struct sqlite_db *s)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += BUSY_TIMEOUT_MS / 1000;
	s->holds_writer = pthread_mutex_timedlock(&writer, &until) == 0;
}

static void writer_give(struct sqlite_db *s)
{
	if (s->holds_writer) {
		s->holds_writer = 0;
		pthread_mutex_unlock(&writer);
	}
}

static int s_begin(struct db *db, int write)
{
	struct sqlite_db *s = to_sdb(db);
	int rc;
	if (!write)
		return s_run(db, "BEGIN");
	if (s->shared) {
		char msg[256];
		rc = writer_group_enter(s->shared->group, msg, sizeof(msg));
		if (rc != SQLITE_OK)
			return db_set_error(db, map_rc(rc), "sqlite: %s", msg);
		s->in_group = 1;
		s->cur = &s->shared->c;
		return 0;
	}
	writer_take(s);
	if ((rc = s_run(db, "BEGIN IMMEDIATE")))
		writer_give(s);
	return rc;
}

static int s_commit(struct db *db)
{
	struct sqlite_db *s = to_sdb(db);
	int rc;
	if (s->in_group) {
		char msg[256];
		s->in_group = 0;
		s->cur = &s->own;
		rc = writer_group_leave(s->shared->group, 1, msg, sizeof(msg));
		if (rc != SQLITE_OK)
			return db_set_error(db, map_rc(rc), "sqlite: %s", msg);
		return 0;
	}
	rc = s_run(db, "COMMIT");
	/* a failed COMMIT leaves the transaction open: the caller rolls
	 * back, which gives the mutex up */
	if (!rc || sqlite3_get_autocommit(s->own.conn))
		writer_give(s);
	return rc;
}

static int s_rollback(struct db *db)
{
	struct sqlite_db *s = to_sdb(db);
	int rc = 0;
	if (s->in_group) {
		char msg[8];
		s->in_group = 0;
		s->cur = &s->own;
		writer_group_leave(s->shared->group, 0, msg, sizeof(msg));
		return 0;
	}
	if (!sqlite3_get_autocommit(s->own.conn))
		rc = s_run(db, "ROLLBACK");
	/* else SQLite already rolled back (e.g. on a full disk) */
	writer_give(s);
	return rc;
}

static int s_readonly(struct db_stmt *st)
{
	return sqlite3_stmt_readonly(to_sst(st)->stmt);
}

/* Deferred: the snapshot and the shared lock come with the first read. */
static int s_begin_read(struct db *db)
{
	return s_run(db, "BEGIN");
}

static const struct db_ops sqlite_ops = {
	.name = "sqlite",
	.close = s_close,
	.exec = s_exec,
	.prepare = s_prepare,
	.bind_int = s_bind_int,
	.bind_double = s_bind_double,
	.bind_text = s_bind_text,
	.bind_null = s_bind_null,
	.step = s_step,
	.col_count = s_col_count,
	.col_name = s_col_name,
	.col_is_null = s_col_is_null,
	.col_int = s_col_int,
	.col_double = s_col_double,
	.col_text = s_col_text,
	.done = s_done,
	.changes = s_changes,
	.begin = s_begin,
	.commit = s_commit,
	.rollback = s_rollback,
	.readonly = s_readonly,
	.begin_read = s_begin_read,
	.last_insert_id = s_last_insert_id,
};

/* Opens PATH with the settings every connection takes. */
static int conn_open(const char *path, sqlite3 **out, struct fc_error *err)
{
	sqlite3 *conn = NULL;
	int rc = sqlite3_open_v2(path, &conn, SQLITE_OPEN_READWRITE |
				 SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		fc_fail(err, FC_ESTORE, "db", "cannot open '%s': %s", path,
			conn ? sqlite3_errmsg(conn) : "out of memory");
		sqlite3_close_v2(conn);
		return FC_ESTORE;
	}
	sqlite3_busy_timeout(conn, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(conn, 1);
	if (getenv("FULCRUM_SQL_PROFILE"))
		sqlite3_trace_v2(conn, SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE,
				 profile_line, NULL);
	if (sqlite3_exec(conn, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
			 "PRAGMA synchronous=NORMAL;", NULL, NULL, NULL) != SQLITE_OK) {
		fc_fail(err, FC_ESTORE, "db", "cannot open '%s': %s", path,
			sqlite3_errmsg(conn));
		sqlite3_close_v2(conn);
		return FC_ESTORE;
	}
	*out = conn;
	return 0;
}

/* SQLite counts every allocation of every connection under one global
 * mutex unless told not to; nothing here reads those counts, and a
 * server's threads would queue on that mutex. Must precede SQLite's
 * initialisation (the first open); later, SQLite refuses and counts. */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_sqlite_open(const char *path, struct db **out, struct fc_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sqlite_setup);
	if (!strncmp(path, "sqlite://", 9))
		path += 9;
	struct sqlite_db *s = xcalloc(1, sizeof(*s));
	s->base.ops = &sqlite_ops;
	s->base.dialect = DB_SQLITE;
	s->cur = &s->own;
	if (conn_open(path, &s->own.conn, err)) {
		free(s);
		return FC_ESTORE;
	}
	s->path = xstrdup(path);
	*out = &s->base;
	return 0;
}

/* The shared writer's page cache, in KiB (negative: SQLite's unit). */
#define WRITER_CACHE_KIB "-16384"

int db_sqlite_share_writer(struct db **all, int n, struct fc_error *err)
{
	if (n < 1 || all[0]->dialect != DB_SQLITE)
		return 0;
	struct shared_writer *w = xcalloc(1, sizeof(*w));
	if (conn_open(to_sdb(all[0])->path, &w->c.conn, err)) {
		free(w);
		return FC_ESTORE;
	}
	/* a request's savepoint keeps the pages it changes in a statement
	 * journal, which SQLite spills to a temporary file beyond 64 KiB:
	 * in memory it costs no file to open, write and delete per request.
	 * Only this connection writes, so its page cache stays valid from one
	 * batch to the next: a larger one keeps the pages that calls change
	 * (indexes, rollups, the search index) instead of reading them back */
	if (sqlite3_exec(w->c.conn, "PRAGMA temp_store=MEMORY;"
			 "PRAGMA cache_size=" WRITER_CACHE_KIB, NULL, NULL,
			 NULL) != SQLITE_OK) {
		fc_fail(err, FC_ESTORE, "db", "cannot set up the writer: %s",
			sqlite3_errmsg(w->c.conn));
		conn_close(&w->c);
		free(w);
		return FC_ESTORE;
	}
	sqlite3 *ckpt_conn;
	if (conn_open(to_sdb(all[0])->path, &ckpt_conn, err)) {
		conn_close(&w->c);
		free(w);
		return FC_ESTORE;
	}
	w->group = writer_group_new(w->c.conn);
	if (!(w->checkpointer = checkpointer_start(w->c.conn, w->group,
						   ckpt_conn))) {
		sqlite3_close_v2(ckpt_conn);
		writer_group_free(w->group);
		conn_close(&w->c);
		free(w);
		return fc_fail(err, FC_ESTORE, "db",
			       "cannot start the WAL checkpoint thread");
	}
	for (int i = 0; i < n; i++) {
		to_sdb(all[i])->shared = w;
		w->refs++;
	}
	return 0;
}

int db_sqlite_backup(struct db *db, const char *dest, struct fc_error *err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc;

	if (db->dialect != DB_SQLITE)
		return fc_fail(err, FC_EINVAL, NULL, "backup copies SQLite databases");
	if (sqlite3_open(dest, &dst) != SQLITE_OK) {
		rc = fc_fail(err, FC_ESTORE, NULL, "backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	if (!(b = sqlite3_backup_init(dst, "main", to_sdb(db)->own.conn, "main"))) {
		rc = fc_fail(err, FC_ESTORE, NULL, "backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	/* copy in steps so writers are not blocked for the whole copy; a write
	 * by another connection restarts the copy, SQLite's own rule */
	do {
		rc = sqlite3_backup_step(b, 1024);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		rc = fc_fail(err, FC_ESTORE, NULL, "backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	rc = 0;
out:
	sqlite3_close(dst);
	return rc;
}
