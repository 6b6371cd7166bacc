/* The PostgreSQL backend (libpq). Statements are prepared on the server once
 * per connection and cached by their SQL text, `?` placeholders rewritten to
 * $1..$n; values travel as text so both dialects bind alike. A statement
 * already in use is run afresh, unnamed. Read db.h for the contract and
 * sqlite/db-sqlite.c for the other half of it. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store/db.h"
#include "store/pool.h"
#include "util/buf.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define CACHE_BUCKETS 256
/* Beyond this many cached texts (queries built at run time), statements are
 * run unnamed so one connection cannot pile up server memory. */
#define CACHE_MAX 1024
#define PARAMS_MAX 65535	/* the protocol's limit */
#define SQL_MAX (1 << 20)

/* OIDs of the built-in types we name when the server cannot infer one. */
#define OID_INT8 20
#define OID_TEXT 25
#define OID_FLOAT8 701

enum bind_kind { BIND_NONE, BIND_NULL, BIND_INT, BIND_DOUBLE, BIND_TEXT };

struct pg_stmt {
	struct db *db;		/* must be first: see db.c */
	char *sql;		/* as given, the cache key */
	char *pgsql;		/* with $n placeholders */
	char name[24];		/* server-side name; "" when run unnamed */
	int typed;		/* the server needs parameter types from binds */
	int nparams;
	char **values;
	enum bind_kind *kinds;
	int bad_bind;		/* index of an out-of-range bind, or 0 */
	PGresult *res;
	int row;		/* the current row; -1 before the first step */
	int executed;
	int in_use;
	int cached;
	unsigned generation;	/* the connection's when it was prepared */
	int reads;		/* only reads: see reads_only() */
	struct pg_stmt *next;	/* hash chain */
};

struct pg_db {
	struct db base;
	PGconn *conn;
	int64_t changes;
	unsigned next_name;
	unsigned generation;	/* bumped on reconnect: server statements lost */
	int ncached;
	struct pg_stmt *cache[CACHE_BUCKETS];
};

static struct pg_db *to_pdb(struct db *db) { return (struct pg_db *)db; }
static struct pg_stmt *to_pst(struct db_stmt *st) { return (struct pg_stmt *)st; }

static unsigned hash_sql(const char *s)
{
	return db_sql_hash(s) % CACHE_BUCKETS;
}

/* libpq messages end in a newline and may span lines; one line reads better
 * in a log or a problem document. */
static void one_line(char *dst, size_t n, const char *src)
{
	size_t j = 0;
	int space = 0;
	for (; src && *src && j + 1 < n; src++) {
		if (*src == '\n' || *src == '\t' || *src == '\r') {
			space = 1;
			continue;
		}
		if (space && j > 0 && j + 2 < n)
			dst[j++] = ' ';
		space = 0;
		dst[j++] = *src;
	}
	while (j > 0 && dst[j - 1] == '.')
		j--;
	dst[j] = '\0';
}

static int map_sqlstate(const char *state)
{
	if (!state)
		return FC_ESTORE;
	/* every integrity violation is a conflict, as SQLITE_CONSTRAINT is */
	if (!strcmp(state, "23505") || !strcmp(state, "23503") ||
	    !strcmp(state, "23514") || !strcmp(state, "23502") ||
	    !strcmp(state, "40001") || !strcmp(state, "40P01"))
		return FC_ECONFLICT;
	if (!strcmp(state, "22001"))
		return FC_ELIMIT;
	return FC_ESTORE;
}

/* An integrity violation in the user's words; PostgreSQL's own stay in
 * db->detail. The column of a unique key comes from the detail ("Key
 * (org_id, lower(email))=(...) already exists"), of a CHECK from its
 * constraint's default name ("users_role_check"). */
static int violation(const char *state, const PGresult *res, const char *msg,
		     const char *detail, const char *cons, const char *col,
		     struct pg_db *p)
{
	const char *table = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
	char key_table[64], column[64] = "", full[520];
	enum db_violation kind = DBV_OTHER;

	snprintf(full, sizeof(full), "postgres: %s%s%s (%s)", msg,
		 detail[0] ? ": " : "", detail, cons);
	if (!strcmp(state, "23505")) {
		const char *key = strstr(detail, "key (");
		kind = DBV_UNIQUE;
		if (key)
			db_violation_columns(key + 5, key_table, sizeof(key_table),
					     column, sizeof(column));
		if (!column[0])
			db_violation_columns(cons, key_table, sizeof(key_table),
					     column, sizeof(column));
	} else if (!strcmp(state, "23502")) {
		kind = DBV_NOT_NULL;
		snprintf(column, sizeof(column), "%s", col ? col : "");
	} else if (!strcmp(state, "23503")) {
		kind = DBV_FOREIGN_KEY;
	} else if (!strcmp(state, "23514")) {
		size_t tl = table ? strlen(table) : 0, cl = strlen(cons);
		kind = DBV_CHECK;
		if (tl && !strncmp(cons, table, tl) && cons[tl] == '_' &&
		    cl > tl + 7 && !strcmp(cons + cl - 6, "_check"))
			snprintf(column, sizeof(column), "%.*s",
				 (int)(cl - tl - 7), cons + tl + 1);
	} else if (!strcmp(state, "40001") || !strcmp(state, "40P01")) {
		kind = DBV_RETRY;
	}
	return db_set_violation(&p->base, kind, table, column, full);
}

/* Records the failure of RES (or of the connection when RES is NULL). */
static int fail_result(struct pg_db *p, const PGresult *res)
{
	char msg[256], detail[256];
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *cons = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *det = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *col = res ? PQresultErrorField(res, PG_DIAG_COLUMN_NAME) : NULL;
	int code = map_sqlstate(state);

	if (!primary)
		primary = res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res)
							   : PQerrorMessage(p->conn);
	one_line(msg, sizeof(msg), primary);
	one_line(detail, sizeof(detail), det);
	if (detail[0] >= 'A' && detail[0] <= 'Z')
		detail[0] = (char)(detail[0] - 'A' + 'a');
	if (!cons)
		cons = "?";

	if (PQstatus(p->conn) == CONNECTION_BAD)
		return db_set_error(&p->base, FC_ESTORE,
				    "postgres: connection lost: %s", msg);
	if (!state)
		return db_set_error(&p->base, code, "postgres: %s", msg);
	if (code == FC_ECONFLICT)
		return violation(state, res, msg, detail, cons, col, p);
	return db_set_error(&p->base, code, "postgres: %s", msg);
}

static int result_ok(const PGresult *res)
{
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

static void note_changes(struct pg_db *p, const PGresult *res)
{
	const char *status = PQcmdStatus((PGresult *)res);
	const char *n = PQcmdTuples((PGresult *)res);
	if (!n || !*n || !strncmp(status, "SELECT", 6) ||
	    !strncmp(status, "FETCH", 5) || !strncmp(status, "MOVE", 4))
		return;
	p->changes = strtoll(n, NULL, 10);
}

/* Runs SQL (one or several statements) and returns 0 or the mapped error. */
static int run_simple(struct pg_db *p, const char *sql)
{
	PGresult *res = PQexec(p->conn, sql);
	int rc = 0;
	if (!result_ok(res))
		rc = fail_result(p, res);
	else
		note_changes(p, res);
	PQclear(res);
	return rc;
}

/* "?" → "$n" outside quoted strings, quoted names and comments. Returns the
 * count in *nparams, or -1 when the text is too large. */
static char *rewrite_placeholders(const char *sql, int *nparams)
{
	struct buf out;
	int n = 0;
	buf_init(&out, SQL_MAX);
	for (const char *s = sql; *s; s++) {
		if (*s == '\'' || *s == '"') {
			char q = *s;
			buf_addch(&out, *s++);
			for (; *s; s++) {
				buf_addch(&out, *s);
				if (*s == q) {
					if (s[1] == q) {	/* doubled quote */
						buf_addch(&out, *++s);
						continue;
					}
					break;
				}
			}
			if (!*s)
				break;
		} else if (s[0] == '-' && s[1] == '-') {
			for (; *s && *s != '\n'; s++)
				buf_addch(&out, *s);
			if (!*s)
				break;
			buf_addch(&out, *s);
		} else if (s[0] == '/' && s[1] == '*') {
			buf_adds(&out, "/*");
			for (s += 2; *s && !(s[0] == '*' && s[1] == '/'); s++)
				buf_addch(&out, *s);
			if (!*s)
				break;
			buf_adds(&out, "*/");
			s++;
		} else if (*s == '?') {
			buf_addf(&out, "$%d", ++n);
		} else {
			buf_addch(&out, *s);
		}
	}
	if (out.overflow || n > PARAMS_MAX) {
		buf_release(&out);
		*nparams = -1;
		return NULL;
	}
	*nparams = n;
	return buf_detach(&out);
}

static void clear_binds(struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
		st->kinds[i] = BIND_NONE;
	}
	st->bad_bind = 0;
}

static void stmt_free(struct pg_stmt *st)
{
	if (!st)
		return;
	clear_binds(st);
	PQclear(st->res);
	free(st->values);
	free(st->kinds);
	free(st->sql);
	free(st->pgsql);
	free(st);
}

static int in_transaction(struct pg_db *p)
{
	return PQtransactionStatus(p->conn) != PQTRANS_IDLE;
}

/* Prepares ST on the server. Inside a transaction a savepoint guards the
 * attempt, so a bad statement fails alone as it does on SQLite instead of
 * aborting the caller's transaction. When the server cannot infer a
 * parameter's type (`? IS NULL`), ST is run with types taken from its binds. */
static int stmt_prepare_server(struct pg_db *p, struct pg_stmt *st)
{
	int guarded = in_transaction(p), rc = 0;
	PGresult *res;

	if (guarded && (rc = run_simple(p, "SAVEPOINT fc_prepare")))
		return rc;
	res = PQprepare(p->conn, st->name, st->pgsql, 0, NULL);
	if (!result_ok(res)) {
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		int indeterminate = state && !strcmp(state, "42P18");
		if (!indeterminate)
			rc = fail_result(p, res);
		PQclear(res);
		if (guarded && run_simple(p, "ROLLBACK TO SAVEPOINT fc_prepare; "
					     "RELEASE SAVEPOINT fc_prepare") && !rc)
			rc = p->base.last_error;
		if (!rc && indeterminate) {
			st->typed = 1;
			st->name[0] = '\0';
		}
		return rc;
	}
	PQclear(res);
	st->generation = p->generation;
	if (guarded)
		rc = run_simple(p, "RELEASE SAVEPOINT fc_prepare");
	return rc;
}

/* Whether SQL only reads, so that it may run in the read scope's READ
 * ONLY transaction: a plain SELECT that neither locks rows nor moves a
 * sequence. Anything else (WITH, which may hold a write, included) ends
 * the scope first, which is always safe. */
static int reads_only(const char *sql)
{
	static const char *const writes[] = { "FOR UPDATE", "FOR SHARE",
		"FOR NO KEY", "FOR KEY", "nextval", "setval", "pg_advisory",
		"set_config", NULL };
	sql += strspn(sql, " \t\r\n(");
	if (strncmp(sql, "SELECT", 6) && strncmp(sql, "select", 6))
		return 0;
	for (int i = 0; writes[i]; i++)
		if (strstr(sql, writes[i]))
			return 0;
	return 1;
}

static struct pg_stmt *stmt_new(struct pg_db *p, const char *sql)
{
	struct pg_stmt *st;
	int n;
	char *pgsql = rewrite_placeholders(sql, &n);
	if (!pgsql) {
		db_set_error(&p->base, FC_ELIMIT,
			     "statement too large (more than %d bytes or %d parameters)",
			     SQL_MAX, PARAMS_MAX);
		return NULL;
	}
	st = xcalloc(1, sizeof(*st));
	st->db = &p->base;
	st->sql = xstrdup(sql);
	st->pgsql = pgsql;
	st->nparams = n;
	st->values = xcalloc(n ? (size_t)n : 1, sizeof(*st->values));
	st->kinds = xcalloc(n ? (size_t)n : 1, sizeof(*st->kinds));
	st->row = -1;
	st->reads = reads_only(sql);
	return st;
}

static void pg_close(struct db *db)
{
	struct pg_db *p = to_pdb(db);
	if (!db)
		return;
	for (int i = 0; i < CACHE_BUCKETS; i++) {
		struct pg_stmt *st = p->cache[i], *next;
		for (; st; st = next) {
			next = st->next;
			stmt_free(st);
		}
	}
	PQfinish(p->conn);
	free(p);
}

static int pg_exec(struct db *db, const char *sql)
{
	return run_simple(to_pdb(db), sql);
}

static struct db_stmt *pg_prepare(struct db *db, const char *sql)
{
	struct pg_db *p = to_pdb(db);
	unsigned h = hash_sql(sql);
	struct pg_stmt *st;
	int have = 0;

	for (st = p->cache[h]; st; st = st->next) {
		if (strcmp(st->sql, sql))
			continue;
		have = 1;
		if (!st->in_use) {
			st->in_use = 1;
			return (struct db_stmt *)st;
		}
	}
	st = stmt_new(p, sql);
	if (!st)
		return NULL;
	if (!have && p->ncached < CACHE_MAX) {
		snprintf(st->name, sizeof(st->name), "fc_%u", ++p->next_name);
		if (stmt_prepare_server(p, st)) {
			stmt_free(st);
			return NULL;
		}
		st->cached = 1;
		st->next = p->cache[h];
		p->cache[h] = st;
		p->ncached++;
	}
	/* uncached statements run unnamed: parsed with each execution */
	st->in_use = 1;
	return (struct db_stmt *)st;
}

static void set_bind(struct pg_stmt *st, int i, enum bind_kind kind, char *value)
{
	if (i < 1 || i > st->nparams) {
		st->bad_bind = i;
		free(value);
		return;
	}
	free(st->values[i - 1]);
	st->values[i - 1] = value;
	st->kinds[i - 1] = kind;
}

static void pg_bind_int(struct db_stmt *st, int i, int64_t v)
{
	set_bind(to_pst(st), i, BIND_INT, xasprintf("%" PRId64, v));
}

static void pg_bind_double(struct db_stmt *st, int i, double v)
{
	set_bind(to_pst(st), i, BIND_DOUBLE, xasprintf("%.17g", v));
}

static void pg_bind_text(struct db_stmt *st, int i, const char *s)
{
	set_bind(to_pst(st), i, BIND_TEXT, xstrdup(s));
}

static void pg_bind_null(struct db_stmt *st, int i)
{
	set_bind(to_pst(st), i, BIND_NULL, NULL);
}

static int stmt_execute(struct pg_stmt *st)
{
	struct pg_db *p = to_pdb(st->db);
	Oid *types = NULL;
	PGresult *res;
	int rc = 0;

	if (st->bad_bind)
		return db_set_error(st->db, FC_ESTORE,
				    "bind index %d out of range (statement has %d)",
				    st->bad_bind, st->nparams);
	if (st->name[0] && st->generation != p->generation &&
	    (rc = stmt_prepare_server(p, st)))
		return rc;
	if (st->typed) {
		types = xcalloc(st->nparams ? (size_t)st->nparams : 1, sizeof(*types));
		for (int i = 0; i < st->nparams; i++)
			types[i] = st->kinds[i] == BIND_INT ? OID_INT8 :
				   st->kinds[i] == BIND_DOUBLE ? OID_FLOAT8 : OID_TEXT;
	}
	if (st->name[0])
		res = PQexecPrepared(p->conn, st->name, st->nparams,
				     (const char *const *)st->values, NULL, NULL, 0);
	else
		res = PQexecParams(p->conn, st->pgsql, st->nparams, types,
				   (const char *const *)st->values, NULL, NULL, 0);
	free(types);
	if (!result_ok(res)) {
		rc = fail_result(p, res);
		PQclear(res);
		return rc;
	}
	note_changes(p, res);
	st->res = res;
	return 0;
}

static int pg_step(struct db_stmt *dst)
{
	struct pg_stmt *st = to_pst(dst);
	if (!st->executed) {
		int rc = stmt_execute(st);
		if (rc)
			return rc;
		st->executed = 1;
	}
	if (!st->res || PQresultStatus(st->res) != PGRES_TUPLES_OK)
		return 0;
	if (st->row < PQntuples(st->res))
		st->row++;
	return st->row < PQntuples(st->res) ? 1 : 0;
}

static int valid_cell(struct pg_stmt *st, int i)
{
	return st->res && st->row >= 0 && st->row < PQntuples(st->res) &&
	       i >= 0 && i < PQnfields(st->res);
}

static int pg_col_count(struct db_stmt *st)
{
	struct pg_stmt *s = to_pst(st);
	return s->res ? PQnfields(s->res) : 0;
}

static const char *pg_col_name(struct db_stmt *st, int i)
{
	struct pg_stmt *s = to_pst(st);
	return s->res && i >= 0 && i < PQnfields(s->res) ? PQfname(s->res, i) : NULL;
}

static int pg_col_is_null(struct db_stmt *st, int i)
{
	struct pg_stmt *s = to_pst(st);
	return !valid_cell(s, i) || PQgetisnull(s->res, s->row, i);
}

static const char *pg_col_text(struct db_stmt *st, int i)
{
	struct pg_stmt *s = to_pst(st);
	if (pg_col_is_null(st, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

static int64_t pg_col_int(struct db_stmt *st, int i)
{
	const char *v = pg_col_text(st, i);
	if (!v)
		return 0;
	/* booleans come as t/f; numerics may carry a fraction, cut like SQLite */
	if (!strcmp(v, "t"))
		return 1;
	if (!strcmp(v, "f"))
		return 0;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (*end == '.' || *end == 'e' || *end == 'E')
		return (int64_t)strtod(v, NULL);
	return errno ? 0 : (int64_t)n;
}

static double pg_col_double(struct db_stmt *st, int i)
{
	const char *v = pg_col_text(st, i);
	if (!v)
		return 0;
	return strtod(v, NULL);
}

static void pg_done(struct db_stmt *dst)
{
	struct pg_stmt *st = to_pst(dst);
	if (!st->cached) {
		stmt_free(st);
		return;
	}
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	st->executed = 0;
	clear_binds(st);
	st->in_use = 0;
}

static int64_t pg_changes(struct db *db) { return to_pdb(db)->changes; }

/* READ COMMITTED: rules that read then write lock their rows (db_lock_row). */
static int pg_begin(struct db *db, int write)
{
	return run_simple(to_pdb(db), "BEGIN");
}

static int pg_commit(struct db *db)
{
	struct pg_db *p = to_pdb(db);
	PGresult *res = PQexec(p->conn, "COMMIT");
	int rc = 0;
	if (!result_ok(res))
		rc = fail_result(p, res);
	else if (!strcmp(PQcmdStatus(res), "ROLLBACK"))
		/* the server answers COMMIT of a failed transaction this way */
		rc = db_set_error(db, FC_ESTORE,
				  "postgres: transaction rolled back by an earlier error");
	PQclear(res);
	return rc;
}

static int pg_rollback(struct db *db)
{
	struct pg_db *p = to_pdb(db);
	if (PQstatus(p->conn) == CONNECTION_BAD || !in_transaction(p))
		return 0;
	return run_simple(p, "ROLLBACK");
}

static int pg_readonly(struct db_stmt *st)
{
	return to_pst(st)->reads;
}

/* REPEATABLE READ: one snapshot for every statement of the answer, which
 * READ COMMITTED would take afresh for each. */
static int pg_begin_read(struct db *db)
{
	return run_simple(to_pdb(db), "BEGIN ISOLATION LEVEL REPEATABLE READ "
			  "READ ONLY");
}

static const struct db_ops pg_ops = {
	.name = "postgres",
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.col_is_null = pg_col_is_null,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.done = pg_done,
	.changes = pg_changes,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.readonly = pg_readonly,
	.begin_read = pg_begin_read,
};

/* The URL without its password, for messages. */
static void redact_url(char *dst, size_t n, const char *url)
{
	struct buf b;
	const char *scheme = strstr(url, "://");
	buf_init(&b, n ? n - 1 : 0);
	if (!scheme) {
		buf_adds(&b, url);
	} else {
		const char *auth = scheme + 3;
		size_t alen = strcspn(auth, "/?");
		const char *at = memchr(auth, '@', alen);
		const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon) {
			buf_add(&b, url, (size_t)(colon - url));
			buf_adds(&b, ":***");
			buf_adds(&b, at);
		} else {
			buf_adds(&b, url);
		}
	}
	/* a password may also come as a query parameter */
	char *pw = strstr(b.s, "password=");
	if (pw) {
		char *tail = xstrdup(pw + 9 + strcspn(pw + 9, "&"));
		buf_setlen(&b, (size_t)(pw + 9 - b.s));
		buf_adds(&b, "***");
		buf_adds(&b, tail);
		free(tail);
	}
	snprintf(dst, n, "%s", b.s);
	buf_release(&b);
}

/* Server notices ("relation already exists, skipping" from migrations) are
 * noise on a terminal; warnings are kept. Filtered here rather than with a
 * client_min_messages startup option, which pgbouncer refuses. */
static void notice_receiver(void *arg, const PGresult *res)
{
	const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	char msg[256];
	(void)arg;
	if (!sev || strcmp(sev, "WARNING"))
		return;
	one_line(msg, sizeof(msg), PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
	fprintf(stderr, "fulcrum: postgres: warning: %s\n", msg);
}

static PGconn *connect_url(const char *url)
{
	/* later keywords win, so the URL may override these defaults */
	const char *keys[] = { "connect_timeout", "application_name", "dbname",
			       NULL };
	const char *vals[] = { "10", "fulcrum", url, NULL };
	PGconn *conn = PQconnectdbParams(keys, vals, 1);
	if (conn)
		PQsetNoticeReceiver(conn, notice_receiver, NULL);
	return conn;
}

int db_pg_open(const char *url, struct db **out, struct fc_error *err)
{
	struct pg_db *p;
	char shown[256], msg[384];

	*out = NULL;
	p = xcalloc(1, sizeof(*p));
	p->base.ops = &pg_ops;
	p->base.dialect = DB_PG;
	p->conn = connect_url(url);
	if (!p->conn || PQstatus(p->conn) != CONNECTION_OK) {
		redact_url(shown, sizeof(shown), url);
		one_line(msg, sizeof(msg), p->conn ? PQerrorMessage(p->conn)
						   : "out of memory");
		fc_fail(err, FC_ESTORE, "db", "cannot connect to '%s': %s", shown, msg);
		PQfinish(p->conn);
		free(p);
		return FC_ESTORE;
	}
	*out = &p->base;
	return 0;
}

int db_pg_check(struct db *db)
{
	struct pg_db *p;
	if (!db || db->dialect != DB_PG)
		return 0;
	p = to_pdb(db);
	if (PQstatus(p->conn) == CONNECTION_OK)
		return 0;
	PQreset(p->conn);
	/* the new session has none of our prepared statements */
	p->generation++;
	db->tx_depth = 0;
	db->tx_failed = 0;
	if (PQstatus(p->conn) != CONNECTION_OK) {
		char msg[384];
		one_line(msg, sizeof(msg), PQerrorMessage(p->conn));
		return db_set_error(db, FC_ESTORE, "postgres: cannot reconnect: %s", msg);
	}
	return 0;
}
