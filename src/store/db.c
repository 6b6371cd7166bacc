/* Backend dispatch and the helpers every backend shares; see db.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "util/banned.h"

int db_open(const char *url, struct db **out, struct fc_error *err)
{
	*out = NULL;
	if (!url || !*url)
		return fc_fail(err, FC_EUSAGE, "db", "no database given");
	if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13))
		return db_pg_open(url, out, err);
	return db_sqlite_open(url, out, err);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->memo_free)
		db->memo_free(db->memo);
	db->ops->close(db);
}

static void read_end(struct db *db, int commit);

unsigned db_sql_hash(const char *sql)
{
	const uint64_t mul = 0x9e3779b97f4a7c15ull;
	size_t n = strlen(sql);
	uint64_t h = n * mul, w;
	for (; n >= 8; n -= 8, sql += 8) {
		memcpy(&w, sql, 8);
		h = (h ^ w) * mul;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, sql, n);
	h = (h ^ w) * mul;
	return (unsigned)(h ^ (h >> 32));
}

/* Several statements, any of which may write: outside the read scope. */
int db_exec(struct db *db, const char *sql)
{
	if (db->read_open && db->tx_depth == 0)
		read_end(db, 1);
	return db->ops->exec(db, sql);
}
struct db_stmt *db_prepare(struct db *db, const char *sql) { return db->ops->prepare(db, sql); }
enum db_dialect db_dialect(const struct db *db) { return db->dialect; }
int64_t db_changes(struct db *db) { return db->ops->changes(db); }

/* Every statement struct starts with a pointer to its connection. */
struct db_stmt { struct db *db; };

void db_bind_int(struct db_stmt *st, int i, int64_t v) { st->db->ops->bind_int(st, i, v); }
void db_bind_double(struct db_stmt *st, int i, double v) { st->db->ops->bind_double(st, i, v); }
void db_bind_null(struct db_stmt *st, int i) { st->db->ops->bind_null(st, i); }
int db_col_count(struct db_stmt *st) { return st->db->ops->col_count(st); }
const char *db_col_name(struct db_stmt *st, int i) { return st->db->ops->col_name(st, i); }
int db_col_is_null(struct db_stmt *st, int i) { return st->db->ops->col_is_null(st, i); }
int64_t db_col_int(struct db_stmt *st, int i) { return st->db->ops->col_int(st, i); }
double db_col_double(struct db_stmt *st, int i) { return st->db->ops->col_double(st, i); }
const char *db_col_text(struct db_stmt *st, int i) { return st->db->ops->col_text(st, i); }

void db_bind_text(struct db_stmt *st, int i, const char *s)
{
	if (s)
		st->db->ops->bind_text(st, i, s);
	else
		st->db->ops->bind_null(st, i);
}

/* --- the read scope (see db.h) ------------------------------------------ */

/* A read transaction ends with COMMIT, which SQLite allows while a read
 * statement is still being stepped (it finishes in autocommit). */
static void read_end(struct db *db, int commit)
{
	db->read_open = 0;
	if (!commit || db->ops->commit(db))
		db->ops->rollback(db);
}

/* Before ST's step outside db_begin: a read joins the read transaction,
 * opening it if need be; a write ends it. */
static void read_enter(struct db *db, struct db_stmt *st)
{
	if (!db->ops->readonly(st)) {
		if (db->read_open)
			read_end(db, 1);
		return;
	}
	if (db->read_open)
		return;
	if (db->ops->begin_read(db)) {
		/* go on without: each statement is its own transaction */
		db->read_scope = 0;
		db->last_error = 0;
		db->errmsg[0] = '\0';
		return;
	}
	db->read_open = 1;
}

int db_read_scope(struct db *db, int on)
{
	if (!on && db->read_open)
		read_end(db, 1);
	db->read_scope = on;
	return 0;
}

int db_step(struct db_stmt *st)
{
	struct db *db = st->db;
	int rc;
	if (db->read_scope && db->tx_depth == 0)
		read_enter(db, st);
	rc = db->ops->step(st);
	/* PostgreSQL refuses every later statement of a transaction after a
	 * failed one: the statements after a failure run on their own */
	if (rc < 0 && db->read_open && db->tx_depth == 0) {
		int code = db->last_error;
		char msg[sizeof(db->errmsg)];
		memcpy(msg, db->errmsg, sizeof(msg));
		read_end(db, 0);
		db->last_error = code;
		memcpy(db->errmsg, msg, sizeof(msg));
	}
	return rc;
}

void db_done(struct db_stmt *st)
{
	if (st)
		st->db->ops->done(st);
}

int db_begin(struct db *db, int write)
{
	if (db->tx_depth++ > 0)
		return 0;
	/* a transaction of its own (its isolation, its writes) replaces the
	 * read scope's */
	if (db->read_open)
		read_end(db, 1);
	db->tx_failed = 0;
	db->tx_write = write;
	int rc = db->ops->begin(db, write);
	if (rc)
		db->tx_depth = 0;
	return rc;
}

int db_commit(struct db *db)
{
	if (db->tx_depth <= 0)
		return db_set_error(db, FC_ESTORE, "commit without a transaction");
	if (--db->tx_depth > 0)
		return 0;
	if (db->tx_failed) {
		db->ops->rollback(db);
		return db_set_error(db, FC_ESTORE,
				    "transaction rolled back by an inner failure");
	}
	int rc = db->ops->commit(db);
	if (rc)
		db->ops->rollback(db);
	db->tx_write = 0;
	db->memo_checked = 0;	/* compare with the generation again */
	return rc;
}

int db_rollback(struct db *db)
{
	if (db->tx_depth <= 0)
		return 0;
	if (--db->tx_depth > 0) {
		db->tx_failed = 1;
		return 0;
	}
	db->tx_write = 0;
	db->memo_checked = 0;
	return db->ops->rollback(db);
}

static void bind_va(struct db_stmt *st, const char *fmt, va_list ap)
{
	for (int i = 0; fmt && fmt[i]; i++) {
		switch (fmt[i]) {
		case 'i':
			db_bind_int(st, i + 1, va_arg(ap, int64_t));
			break;
		case 's':
			db_bind_text(st, i + 1, va_arg(ap, const char *));
			break;
		case 'd':
			db_bind_double(st, i + 1, va_arg(ap, double));
			break;
		default:
			db_bind_null(st, i + 1);
		}
	}
}

void db_bindf(struct db_stmt *st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bind_va(st, fmt, ap);
	va_end(ap);
}

int db_run(struct db *db, const char *sql, const char *fmt, ...)
{
	va_list ap;
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return db->last_error;
	va_start(ap, fmt);
	bind_va(st, fmt, ap);
	va_end(ap);
	int rc;
	while ((rc = db_step(st)) > 0)
		;
	db_done(st);
	return rc;
}

int db_query_int(struct db *db, int64_t *out, const char *sql,
		 const char *fmt, ...)
{
	va_list ap;
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return db->last_error;
	va_start(ap, fmt);
	bind_va(st, fmt, ap);
	va_end(ap);
	int rc = db_step(st);
	if (rc > 0) {
		*out = db_col_is_null(st, 0) ? 0 : db_col_int(st, 0);
		rc = 0;
	} else if (rc == 0) {
		rc = FC_ENOTFOUND;
	}
	db_done(st);
	return rc;
}

const char *db_sql_returning_id(const struct db *db)
{
	return db->dialect == DB_PG ? " RETURNING id" : "";
}

int db_step_insert(struct db_stmt *st, int64_t *id)
{
	struct db *db = st->db;
	int rc = db_step(st);
	if (db->dialect == DB_PG) {
		if (rc == 0)
			return db_set_error(db, FC_ESTORE, "insert returned no id");
		if (rc > 0)
			*id = db_col_int(st, 0);
	} else if (rc == 0) {
		*id = db->ops->last_insert_id(st);
	}
	return rc < 0 ? rc : 0;
}

int db_insert_id(struct db *db, int64_t *id, const char *sql,
		 const char *fmt, ...)
{
	char full[1024];
	va_list ap;
	if ((size_t)snprintf(full, sizeof(full), "%s%s", sql,
			     db_sql_returning_id(db)) >= sizeof(full))
		return db_set_error(db, FC_ESTORE, "insert statement too long");
	struct db_stmt *st = db_prepare(db, full);
	if (!st)
		return db->last_error;
	va_start(ap, fmt);
	bind_va(st, fmt, ap);
	va_end(ap);
	int rc = db_step_insert(st, id);
	db_done(st);
	return rc;
}

int db_set_error(struct db *db, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(db->errmsg, sizeof(db->errmsg), fmt, ap);
	va_end(ap);
	db->detail[0] = '\0';
	db->last_error = code;
	return code;
}

int db_error(struct db *db, struct fc_error *err)
{
	int code = db->last_error ? db->last_error : FC_ESTORE;
	return fc_fail(err, code, NULL, "%s", db->errmsg[0] ? db->errmsg :
		       "database failure");
}

int db_lock_row(struct db *db, const char *table, int64_t org_id, int64_t id)
{
	char sql[160];
	if (db->dialect != DB_PG)
		return 0;
	snprintf(sql, sizeof(sql),
		 "SELECT 1 FROM %s WHERE org_id = ? AND id = ? FOR UPDATE", table);
	int rc = db_run(db, sql, "ii", org_id, id);
	return rc < 0 ? rc : 0;
}

const char *db_sql_daynum(const struct db *db)
{
	if (db->dialect == DB_PG)
		return "(CAST(substr(%s, 1, 10) AS DATE) - DATE '1970-01-01')";
	return "CAST(julianday(substr(%s, 1, 10)) - 2440587.5 AS INTEGER)";
}

int db_ping(struct db *db)
{
	int64_t one = 0;
	int rc = db_query_int(db, &one, "SELECT 1", "");
	if (!rc && one != 1)
		rc = db_set_error(db, FC_ESTORE, "the database answered %lld to "
				  "SELECT 1", (long long)one);
	return rc;
}
