/* The SQLite backend: one file, WAL, foreign keys on, a busy timeout so
 * several processes (CLI and server) can share it. Statements are cached by
 * their SQL text; a statement already in use is prepared afresh. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "store/db.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct sqlite_stmt {
	struct db *db;		/* must be first: see db.c */
	sqlite3_stmt *stmt;
	char *sql;
	int in_use;
	int cached;
	struct sqlite_stmt *next;	/* hash chain */
};

#define CACHE_BUCKETS 256

struct sqlite_db {
	struct db base;
	sqlite3 *conn;
	int holds_writer;	/* this connection holds `writer` below */
	struct sqlite_stmt *cache[CACHE_BUCKETS];
};

static struct sqlite_db *to_sdb(struct db *db) { return (struct sqlite_db *)db; }
static struct sqlite_stmt *to_sst(struct db_stmt *st) { return (struct sqlite_stmt *)st; }

static unsigned hash_sql(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % CACHE_BUCKETS;
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
static int violation(struct sqlite_db *s, int rc)
{
	const char *msg = sqlite3_errmsg(s->conn);
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

static int fail(struct sqlite_db *s, int rc)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return violation(s, rc);
	return db_set_error(&s->base, map_rc(rc), "sqlite: %s",
			    sqlite3_errmsg(s->conn));
}

static void writer_give(struct sqlite_db *s);

static void s_close(struct db *db)
{
	struct sqlite_db *s = to_sdb(db);
	writer_give(s);
	for (int i = 0; i < CACHE_BUCKETS; i++) {
		struct sqlite_stmt *st = s->cache[i], *next;
		for (; st; st = next) {
			next = st->next;
			sqlite3_finalize(st->stmt);
			free(st->sql);
			free(st);
		}
	}
	sqlite3_close_v2(s->conn);
	free(s);
}

static int s_exec(struct db *db, const char *sql)
{
	struct sqlite_db *s = to_sdb(db);
	int rc = sqlite3_exec(s->conn, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : fail(s, rc);
}

static struct db_stmt *s_prepare(struct db *db, const char *sql)
{
	struct sqlite_db *s = to_sdb(db);
	unsigned h = hash_sql(sql);
	struct sqlite_stmt *st;
	for (st = s->cache[h]; st; st = st->next) {
		if (!st->in_use && !strcmp(st->sql, sql)) {
			st->in_use = 1;
			return (struct db_stmt *)st;
		}
	}
	sqlite3_stmt *raw;
	int rc = sqlite3_prepare_v3(s->conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
				    &raw, NULL);
	if (rc != SQLITE_OK) {
		fail(s, rc);
		return NULL;
	}
	st = xcalloc(1, sizeof(*st));
	st->db = db;
	st->stmt = raw;
	st->sql = xstrdup(sql);
	st->in_use = 1;
	/* keep one cached copy per text; a nested second use is not cached */
	int have = 0;
	for (struct sqlite_stmt *c = s->cache[h]; c; c = c->next)
		if (!strcmp(c->sql, sql))
			have = 1;
	if (!have) {
		st->cached = 1;
		st->next = s->cache[h];
		s->cache[h] = st;
	}
	return (struct db_stmt *)st;
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
	return fail(to_sdb(ss->db), rc);
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

static int64_t s_changes(struct db *db) { return sqlite3_changes64(to_sdb(db)->conn); }

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
		return s_exec(db, "BEGIN");
	writer_take(s);
	if ((rc = s_exec(db, "BEGIN IMMEDIATE")))
		writer_give(s);
	return rc;
}

static int s_commit(struct db *db)
{
	struct sqlite_db *s = to_sdb(db);
	int rc = s_exec(db, "COMMIT");
	/* a failed COMMIT leaves the transaction open: the caller rolls
	 * back, which gives the mutex up */
	if (!rc || sqlite3_get_autocommit(s->conn))
		writer_give(s);
	return rc;
}

static int s_rollback(struct db *db)
{
	struct sqlite_db *s = to_sdb(db);
	int rc = 0;
	if (!sqlite3_get_autocommit(s->conn))
		rc = s_exec(db, "ROLLBACK");
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
	return s_exec(db, "BEGIN");
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
};

int db_sqlite_open(const char *path, struct db **out, struct fc_error *err)
{
	struct sqlite_db *s = xcalloc(1, sizeof(*s));
	s->base.ops = &sqlite_ops;
	s->base.dialect = DB_SQLITE;
	if (!strncmp(path, "sqlite://", 9))
		path += 9;
	int rc = sqlite3_open_v2(path, &s->conn,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		fc_fail(err, FC_ESTORE, "db", "cannot open '%s': %s", path,
			s->conn ? sqlite3_errmsg(s->conn) : "out of memory");
		sqlite3_close_v2(s->conn);
		free(s);
		return FC_ESTORE;
	}
	sqlite3_busy_timeout(s->conn, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(s->conn, 1);
	if (s_exec(&s->base, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
			     "PRAGMA synchronous=NORMAL;") != 0) {
		fc_fail(err, FC_ESTORE, "db", "cannot open '%s': %s", path,
			s->base.errmsg);
		s_close(&s->base);
		return FC_ESTORE;
	}
	*out = &s->base;
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
	if (!(b = sqlite3_backup_init(dst, "main", to_sdb(db)->conn, "main"))) {
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
