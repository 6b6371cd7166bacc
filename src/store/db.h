/* The storage interface. Core code speaks SQL that both dialects share, with
 * `?` placeholders; each backend (sqlite/, pg/) implements struct db_ops and
 * code that must differ per dialect asks db_dialect() (docs/internals/
 * architecture.md lists where). The backend
 * is chosen by the URL: "postgres://..." or "postgresql://..." is
 * PostgreSQL, anything else is a SQLite file path.
 *
 * Statements: db_prepare() returns a statement owned by the connection and
 * cached by its SQL text; bind (1-based), step, read columns (0-based), and
 * db_done() when finished so it can be reused. Read next: store/migrate.h. */
#ifndef FC_STORE_DB_H
#define FC_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

enum db_dialect { DB_SQLITE, DB_PG };

struct db;
struct db_stmt;

struct db_ops {
	const char *name;
	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql);	/* several statements */
	struct db_stmt *(*prepare)(struct db *db, const char *sql);
	void (*bind_int)(struct db_stmt *st, int i, int64_t v);
	void (*bind_double)(struct db_stmt *st, int i, double v);
	void (*bind_text)(struct db_stmt *st, int i, const char *s);
	void (*bind_null)(struct db_stmt *st, int i);
	int (*step)(struct db_stmt *st);
	int (*col_count)(struct db_stmt *st);
	const char *(*col_name)(struct db_stmt *st, int i);
	int (*col_is_null)(struct db_stmt *st, int i);
	int64_t (*col_int)(struct db_stmt *st, int i);
	double (*col_double)(struct db_stmt *st, int i);
	const char *(*col_text)(struct db_stmt *st, int i);
	void (*done)(struct db_stmt *st);
	int64_t (*changes)(struct db *db);
	int (*begin)(struct db *db, int write);
	int (*commit)(struct db *db);
	int (*rollback)(struct db *db);
	/* Whether ST only reads (may run inside a read-only transaction). */
	int (*readonly)(struct db_stmt *st);
	/* Opens the read scope's transaction: one snapshot, reads only. */
	int (*begin_read)(struct db *db);
	/* The rowid of the last row written by an INSERT on ST's connection
	 * (SQLite; NULL on PostgreSQL, which answers RETURNING id). */
	int64_t (*last_insert_id)(struct db_stmt *st);
};

/* Common head of every backend's connection struct. */
struct db {
	const struct db_ops *ops;
	enum db_dialect dialect;
	int tx_depth;		/* db_begin nesting; only the outermost is real */
	int tx_failed;		/* an inner failure dooms the outer transaction */
	int last_error;		/* enum fc_err of the last failure */
	char errmsg[512];	/* the message for the user (never SQL text) */
	char detail[512];	/* a violated constraint in the backend's own
				   words: for a log, never for the user */
	int tx_write;		/* the outermost transaction is a write */
	/* What core/memo.c caches for this connection (rarely changing rows:
	 * tokens, users, processes), freed with the connection; memo_checked
	 * says the cache was compared with the database's generation since
	 * the connection was last released or a transaction ended. */
	void *memo;
	void (*memo_free)(void *memo);
	int memo_checked;
	/* The read scope (db_read_scope): statements run outside db_begin
	 * share one read transaction, open while read_open is set. */
	int read_scope;
	int read_open;
};

/* Opens URL, creating a SQLite file if needed. Migrations are not run. */
int db_open(const char *url, struct db **out, struct fc_error *err);
void db_close(struct db *db);

int db_exec(struct db *db, const char *sql);

/* Returns NULL on failure (see db->errmsg). */
struct db_stmt *db_prepare(struct db *db, const char *sql);
void db_bind_int(struct db_stmt *st, int i, int64_t v);
void db_bind_double(struct db_stmt *st, int i, double v);
/* NULL binds SQL NULL. The text is copied. */
void db_bind_text(struct db_stmt *st, int i, const char *s);
void db_bind_null(struct db_stmt *st, int i);
/* 1: a row is ready; 0: no more rows; <0: enum fc_err (FC_ECONFLICT for a
 * unique or foreign-key violation, FC_ESTORE otherwise). */
int db_step(struct db_stmt *st);
int db_col_count(struct db_stmt *st);
const char *db_col_name(struct db_stmt *st, int i);
int db_col_is_null(struct db_stmt *st, int i);
int64_t db_col_int(struct db_stmt *st, int i);
double db_col_double(struct db_stmt *st, int i);
/* Valid until the next step or done; NULL for SQL NULL. */
const char *db_col_text(struct db_stmt *st, int i);
void db_done(struct db_stmt *st);
int64_t db_changes(struct db *db);

/* Transactions nest: only the outermost begin/commit reach the database,
 * and a rollback at any depth dooms the whole. WRITE takes the write lock at
 * once on SQLite (BEGIN IMMEDIATE), so read-then-write rules cannot race. */
int db_begin(struct db *db, int write);
int db_commit(struct db *db);
int db_rollback(struct db *db);

/* The read scope of a request that only reads (an HTTP GET): while it
 * is on, the statements run outside db_begin share one read transaction,
 * opened before the first of them, instead of one implicit transaction
 * each: one lock pair on SQLite instead of one per statement, and one
 * snapshot for the whole answer on both engines. The read transaction
 * ends before a statement that writes (a token's last use, a session's
 * sliding expiry: they then commit on their own, as without the scope),
 * before db_begin opens a transaction of its own, and after a failed
 * statement; a later read opens a new one. db_read_scope(db, 0) ends it
 * and turns the scope off. */
int db_read_scope(struct db *db, int on);

enum db_dialect db_dialect(const struct db *db);

/* Inside a write transaction, locks row ID of TABLE against concurrent
 * writers until commit: SELECT ... FOR UPDATE on PostgreSQL; nothing on
 * SQLite, whose write transactions are already serialised. Read-then-write
 * rules call it first so two nodes cannot both pass a check. */
int db_lock_row(struct db *db, const char *table, int64_t org_id, int64_t id);

/* SQL for "the day number (days since 1970-01-01) of the text date or time
 * EXPR", as a printf format with one %s: the one date function core needs,
 * spelled per dialect. */
const char *db_sql_daynum(const struct db *db);

/* An INSERT of one row whose new id the caller needs: db_sql_returning_id()
 * is the clause that ends its SQL (" RETURNING id" on PostgreSQL, "" on
 * SQLite, where RETURNING builds a temporary table for the row at every
 * run and the connection's last rowid says the same), and
 * db_step_insert() runs the statement and sets *ID: 0, or <0 as db_step. */
const char *db_sql_returning_id(const struct db *db);
int db_step_insert(struct db_stmt *st, int64_t *id);

/* Shortcuts for one-value queries. Binds are given as a format string: 'i'
 * an int64_t, 's' a const char * (NULL binds NULL), 'd' a double. */
int db_run(struct db *db, const char *sql, const char *fmt, ...);
int db_query_int(struct db *db, int64_t *out, const char *sql,
		 const char *fmt, ...);
/* db_query_int() for an INSERT of one row written without its RETURNING
 * clause, which this adds when the dialect needs it: sets *ID to the new
 * row's id (the SQL is at most 1 KB). */
int db_insert_id(struct db *db, int64_t *id, const char *sql,
		 const char *fmt, ...);
/* Asks the server whether it answers (a health check): 0, or a store
 * error with the message in db->errmsg. */
int db_ping(struct db *db);
/* Binds by format into an already prepared statement. */
void db_bindf(struct db_stmt *st, const char *fmt, ...);

/* Sets db->errmsg and db->last_error; used by backends. */
int db_set_error(struct db *db, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The kinds of constraint a write may violate. */
enum db_violation {
	DBV_UNIQUE,		/* unique key or primary key */
	DBV_NOT_NULL,
	DBV_FOREIGN_KEY,
	DBV_CHECK,
	DBV_RETRY,		/* PostgreSQL: serialization failure, deadlock */
	DBV_OTHER,
};
/* Used by backends: records a violated constraint as FC_ECONFLICT with a
 * message that names the thing and the field in the user's words ("a user
 * with this e-mail already exists") and the backend's DETAIL in
 * db->detail. TABLE and COLUMN may be NULL when the backend cannot tell. */
int db_set_violation(struct db *db, enum db_violation kind,
		     const char *table, const char *column, const char *detail);
/* From a backend's list of key columns ("t.org_id, t.email", "org_id,
 * lower(email)", "index 'name'") the table, when named, and the column
 * that is not org_id. */
void db_violation_columns(const char *list, char *table, size_t tn,
			  char *column, size_t cn);
/* A hash of a statement's text, for the backends' statement caches: read
 * eight bytes at a time, since it is taken for every statement run. */
unsigned db_sql_hash(const char *sql);
/* Copies the connection's last error into ERR. */
int db_error(struct db *db, struct fc_error *err);

/* Backends. */
int db_sqlite_open(const char *path, struct db **out, struct fc_error *err);
int db_pg_open(const char *url, struct db **out, struct fc_error *err);
/* Makes the N SQLite connections ALL (a server's pool, opened on one file)
 * write through one shared connection with group commit
 * (sqlite/writer-group.h); nothing on PostgreSQL. FC_ESTORE when the
 * writer cannot be opened. */
int db_sqlite_share_writer(struct db **all, int n, struct fc_error *err);
/* Copies the whole SQLite database DB to the file DEST with SQLite's
 * online backup, while other connections keep using it. FC_EINVAL on
 * PostgreSQL, FC_ESTORE when the copy fails. */
int db_sqlite_backup(struct db *db, const char *dest, struct fc_error *err);

#endif
