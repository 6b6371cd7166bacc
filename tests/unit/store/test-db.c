/* The store suite: the db.h contract (migrations, binds, conflicts, nested
 * transactions, the statement cache, the pool, row locks) run once on SQLite
 * (a temporary file) and once on PostgreSQL when FULCRUM_TEST_PG holds the
 * URL of an empty database, which the suite wipes (its public schema).
 * Rerun alone: meson test -C BUILD store-db -v
 * (with PostgreSQL: FULCRUM_TEST_PG=$(tests/pg-cluster.sh start DIR) first). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "store/db.h"
#include "store/migrate.h"
#include "util/embedded.h"
#include "store/pool.h"
#include "store/sqlite/checkpointer.h"

struct backend {
	const char *name;
	int available;
	char dir[64];		/* SQLite: the temporary directory */
	char url[512];
};

static struct backend sqlite_be = { .name = "sqlite" };
static struct backend pg_be = { .name = "postgres" };
static struct backend *be;	/* the backend of the group being run */

static struct db *open_db(void)
{
	struct db *db = NULL;
	struct fc_error err = { 0 };
	if (!be->available)
		skip();
	if (db_open(be->url, &db, &err))
		fail_msg("cannot open '%s': %s", be->url, err.message);
	return db;
}

static void run_ok(struct db *db, const char *sql)
{
	if (db_exec(db, sql))
		fail_msg("'%s' failed: %s", sql, db->errmsg);
}

static int64_t count_of(struct db *db, const char *sql)
{
	int64_t n = -1;
	int rc = db_query_int(db, &n, sql, NULL);
	if (rc)
		fail_msg("'%s' failed: %s", sql, db->errmsg);
	return n;
}

static int64_t new_org(struct db *db, const char *name)
{
	int64_t id = 0;
	int rc = db_query_int(db, &id, "INSERT INTO orgs (name, created_at) "
			      "VALUES (?, ?) RETURNING id", "ss", name,
			      "2024-01-01T00:00:00Z");
	if (rc)
		fail_msg("insert into orgs failed: %s", db->errmsg);
	return id;
}

static int add_user(struct db *db, int64_t org, const char *email, const char *role)
{
	return db_run(db, "INSERT INTO users (org_id, email, name, role, "
		      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
		      "isssss", org, email, "Some One", role,
		      "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
}

struct migrator {
	struct db *db;
	int rc;
	int applied;
	struct fc_error err;
};

static void *migrate_thread(void *arg)
{
	struct migrator *m = arg;
	m->rc = migrate_run(m->db, &m->applied, &m->err);
	return NULL;
}

/* Two nodes migrating a fresh database at once: one applies everything, the
 * other waits for it and finds nothing left to do. */
static void test_migrate(void **state)
{
	struct migrator m[2] = { { .db = open_db() }, { .db = open_db() } };
	pthread_t t[2];
	int applied = -1, version = -1;

	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, migrate_thread, &m[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 2; i++)
		if (m[i].rc)
			fail_msg("migration %d: %s", i, m[i].err.message);
	assert_true(migrate_latest() >= 1);
	/* every migration once (the numbers may have a gap) */
	int files = 0;
	for (const struct embedded_file *f = sql_migrations; f->name; f++)
		files++;
	assert_int_equal(m[0].applied + m[1].applied, files);
	assert_true(m[0].applied == 0 || m[1].applied == 0);

	assert_int_equal(migrate_run(m[0].db, &applied, &m[0].err), 0);
	assert_int_equal(applied, 0);
	assert_int_equal(migrate_version(m[0].db, &version), 0);
	assert_int_equal(version, migrate_latest());
	assert_int_equal(count_of(m[0].db, "SELECT COUNT(*) FROM orgs"), 0);
	db_close(m[0].db);
	db_close(m[1].db);
}

static void test_insert_returning(void **state)
{
	struct db *db = open_db();
	int64_t a = new_org(db, "Acme"), b = new_org(db, "Globex");
	struct db_stmt *st;

	assert_true(a > 0);
	assert_true(b > a);
	st = db_prepare(db, "SELECT name FROM orgs WHERE id = ?");
	assert_non_null(st);
	db_bind_int(st, 1, b);
	assert_int_equal(db_step(st), 1);
	assert_string_equal(db_col_text(st, 0), "Globex");
	assert_string_equal(db_col_name(st, 0), "name");
	assert_int_equal(db_col_count(st), 1);
	assert_int_equal(db_step(st), 0);
	db_done(st);
	db_close(db);
}

static void test_binds(void **state)
{
	struct db *db = open_db();
	struct db_stmt *st;

	run_ok(db, "CREATE TABLE t_binds (i BIGINT, s TEXT, n TEXT, "
		   "d DOUBLE PRECISION)");
	st = db_prepare(db, "INSERT INTO t_binds (i, s, n, d) VALUES (?, ?, ?, ?)");
	assert_non_null(st);
	db_bind_int(st, 1, INT64_C(-9007199254740993));
	db_bind_text(st, 2, "it's \"quoted\" ? and ünïcode");
	db_bind_null(st, 3);
	db_bind_double(st, 4, 2.5);
	assert_int_equal(db_step(st), 0);
	db_done(st);
	assert_int_equal(db_changes(db), 1);

	/* a '?' inside a literal is not a placeholder */
	st = db_prepare(db, "SELECT i, s, n, d, '?' AS q FROM t_binds -- why?\n"
			    "WHERE s <> '?''?' AND i = ?");
	assert_non_null(st);
	db_bind_int(st, 1, INT64_C(-9007199254740993));
	assert_int_equal(db_step(st), 1);
	assert_int_equal(db_col_int(st, 0), INT64_C(-9007199254740993));
	assert_string_equal(db_col_text(st, 1), "it's \"quoted\" ? and ünïcode");
	assert_true(db_col_is_null(st, 2));
	assert_null(db_col_text(st, 2));
	assert_false(db_col_is_null(st, 3));
	assert_true(db_col_double(st, 3) == 2.5);
	assert_string_equal(db_col_text(st, 4), "?");
	assert_string_equal(db_col_name(st, 4), "q");
	assert_int_equal(db_step(st), 0);
	db_done(st);

	/* a parameter whose type only the bind tells (PostgreSQL cannot infer) */
	st = db_prepare(db, "SELECT COUNT(*) FROM t_binds WHERE ? IS NULL OR i = ?");
	assert_non_null(st);
	db_bind_null(st, 1);
	db_bind_int(st, 2, 0);
	assert_int_equal(db_step(st), 1);
	assert_int_equal(db_col_int(st, 0), 1);
	db_done(st);
	st = db_prepare(db, "SELECT COUNT(*) FROM t_binds WHERE ? IS NULL OR i = ?");
	assert_non_null(st);
	db_bind_int(st, 1, 7);
	db_bind_int(st, 2, 0);
	assert_int_equal(db_step(st), 1);
	assert_int_equal(db_col_int(st, 0), 0);
	db_done(st);

	/* and a bad statement fails at prepare, leaving a transaction usable */
	assert_int_equal(db_begin(db, 1), 0);
	assert_null(db_prepare(db, "SELEC nothing"));
	assert_true(db->errmsg[0] != '\0');
	assert_int_equal(db_run(db, "INSERT INTO t_binds (i) VALUES (?)", "i",
				(int64_t)5), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM t_binds"), 2);
	db_close(db);
}

static void test_conflicts(void **state)
{
	struct db *db = open_db();
	int64_t org = new_org(db, "Initech");

	assert_int_equal(add_user(db, org, "ann@example.com", "rep"), 0);
	assert_int_equal(add_user(db, org, "ann@example.com", "rep"), FC_ECONFLICT);
	assert_int_equal(db->last_error, FC_ECONFLICT);
	/* the user reads what clashed, in their words; the backend's own text
	 * is kept aside for a log */
	assert_string_equal(db->errmsg, "a user with this e-mail already exists");
	assert_non_null(strstr(db->detail, be == &pg_be ? "duplicate" : "UNIQUE"));
	/* a CHECK and a foreign key are conflicts too */
	assert_int_equal(add_user(db, org, "bob@example.com", "boss"), FC_ECONFLICT);
	assert_string_equal(db->errmsg, "'role' has a value that is not allowed");
	assert_int_equal(add_user(db, org + 1000, "cy@example.com", "rep"),
			 FC_ECONFLICT);
	assert_string_equal(db->errmsg, "refers to a record that does not exist, "
			    "or is still referred to by other records");
	assert_int_equal(db_run(db, "INSERT INTO users (org_id, email, name, role, "
				"created_at, updated_at) VALUES (?, ?, NULL, 'rep', "
				"'x', 'x')", "is", org, "dan@example.com"),
			 FC_ECONFLICT);
	assert_string_equal(db->errmsg, "a user needs 'name': it cannot be empty");
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM users"), 1);
	/* no message for the user carries the backend's words */
	assert_null(strstr(db->errmsg, "constraint"));
	db_close(db);
}

/* A unique key over an expression, as SQLite names it by its index, and
 * PostgreSQL's key detail with a function in it. */
static void test_violation_columns(void **state)
{
	char table[64], column[64];
	(void)state;
	db_violation_columns("users.org_id, users.email", table, sizeof(table),
			     column, sizeof(column));
	assert_string_equal(table, "users");
	assert_string_equal(column, "email");
	db_violation_columns("index 'users_email_ci'", table, sizeof(table),
			     column, sizeof(column));
	assert_string_equal(table, "users");
	assert_string_equal(column, "email");
	db_violation_columns("org_id, lower(email))=(1, a@x.test) already exists",
			     table, sizeof(table), column, sizeof(column));
	assert_string_equal(table, "");
	assert_string_equal(column, "email");
	db_violation_columns("org_id, process_id, key)=(1, 2, k)", table,
			     sizeof(table), column, sizeof(column));
	assert_string_equal(column, "key");
}

static void test_nested_rollback_dooms_outer(void **state)
{
	struct db *db = open_db();
	int64_t before = count_of(db, "SELECT COUNT(*) FROM orgs");

	assert_int_equal(db_begin(db, 1), 0);
	new_org(db, "Outer");
	assert_int_equal(db_begin(db, 1), 0);
	new_org(db, "Inner");
	assert_int_equal(db_rollback(db), 0);
	assert_int_equal(db_commit(db), FC_ESTORE);
	assert_int_equal(db->tx_depth, 0);
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM orgs"), before);

	/* nested commits reach the database once, at the outermost */
	assert_int_equal(db_begin(db, 1), 0);
	assert_int_equal(db_begin(db, 0), 0);
	new_org(db, "Kept");
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM orgs"), before + 1);
	db_close(db);
}

/* The read scope (db_read_scope): the reads outside db_begin share one
 * snapshot; a write, a transaction of its own or a failed statement end
 * it, and what follows still works. */
static void test_read_scope(void **state)
{
	struct db *db = open_db(), *other = open_db();
	int64_t before, n = -1;

	assert_int_equal(db_read_scope(db, 1), 0);
	before = count_of(db, "SELECT COUNT(*) FROM orgs");
	assert_int_equal(db->read_open, 1);
	/* another connection's commit is not seen: one snapshot */
	new_org(other, "Seen later");
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM orgs"), before);
	assert_int_equal(db->read_open, 1);

	/* a write ends the read transaction and commits on its own */
	new_org(db, "Written in a read");
	assert_int_equal(db->read_open, 0);
	assert_int_equal(count_of(other, "SELECT COUNT(*) FROM orgs"), before + 2);
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM orgs"), before + 2);
	assert_int_equal(db->read_open, 1);

	/* a write transaction of its own: no BEGIN inside a BEGIN */
	assert_int_equal(db_begin(db, 1), 0);
	assert_int_equal(db->read_open, 0);
	new_org(db, "In its own transaction");
	assert_int_equal(db_commit(db), 0);
	assert_int_equal(count_of(other, "SELECT COUNT(*) FROM orgs"), before + 3);

	/* a failed read: the next statement runs (PostgreSQL would refuse it
	 * inside the failed transaction) */
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM orgs"), before + 3);
	assert_true(db_query_int(db, &n, db_dialect(db) == DB_PG ?
				 "SELECT CAST(? AS INTEGER)" :
				 "SELECT json_extract(?, '$')", "s",
				 "not a number {") < 0);
	assert_int_equal(db->read_open, 0);
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM orgs"), before + 3);

	assert_int_equal(db_read_scope(db, 0), 0);
	assert_int_equal(db->read_open, 0);
	new_org(other, "After the scope");
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM orgs"), before + 4);
	assert_int_equal(db->read_open, 0);
	db_close(other);
	db_close(db);
}

static void test_rollback_leaves_nothing(void **state)
{
	struct db *db = open_db();
	int64_t before = count_of(db, "SELECT COUNT(*) FROM orgs");

	assert_int_equal(db_begin(db, 1), 0);
	new_org(db, "Gone");
	new_org(db, "Gone too");
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM orgs"), before + 2);
	assert_int_equal(db_rollback(db), 0);
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM orgs"), before);
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM orgs WHERE name LIKE 'Gone%'"), 0);

	/* a failed statement inside: the caller rolls back and may go on */
	assert_int_equal(db_begin(db, 1), 0);
	new_org(db, "Gone again");
	assert_int_equal(db_run(db, "INSERT INTO orgs (id, name, created_at) "
				"VALUES (NULL, NULL, NULL)", NULL) < 0, 1);
	assert_int_equal(db_rollback(db), 0);
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM orgs"), before);
	new_org(db, "After");
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM orgs"), before + 1);
	db_close(db);
}

static void test_changes(void **state)
{
	struct db *db = open_db();
	int64_t org = new_org(db, "Changes");

	assert_int_equal(add_user(db, org, "c1@example.com", "rep"), 0);
	assert_int_equal(add_user(db, org, "c2@example.com", "rep"), 0);
	assert_int_equal(db_run(db, "UPDATE users SET team = ? WHERE org_id = ?",
				"si", "north", org), 0);
	assert_int_equal(db_changes(db), 2);
	/* reads do not count as changes */
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM users"), 3);
	assert_int_equal(db_changes(db), 2);
	assert_int_equal(db_run(db, "DELETE FROM users WHERE email = ?", "s",
				"nobody@example.com"), 0);
	assert_int_equal(db_changes(db), 0);
	db_close(db);
}

static void test_statement_cache(void **state)
{
	struct db *db = open_db();
	const char *sql = "SELECT id, name FROM orgs ORDER BY id";
	struct db_stmt *a, *b, *c;
	int outer = 0, inner = 0, rc;

	new_org(db, "One");
	a = db_prepare(db, sql);
	assert_non_null(a);
	db_done(a);
	b = db_prepare(db, sql);
	assert_ptr_equal(a, b);	/* reused from the cache */

	/* the same text again while the first is mid-iteration */
	while ((rc = db_step(b)) > 0) {
		outer++;
		c = db_prepare(db, sql);
		assert_non_null(c);
		assert_ptr_not_equal(c, b);
		inner = 0;
		while (db_step(c) > 0)
			inner++;
		db_done(c);
		assert_true(db_col_int(b, 0) > 0);	/* b's row survives */
	}
	assert_int_equal(rc, 0);
	assert_int_equal(outer, count_of(db, "SELECT COUNT(*) FROM orgs"));
	assert_int_equal(inner, outer);
	db_done(b);
	c = db_prepare(db, sql);
	assert_ptr_equal(c, a);
	db_done(c);
	db_close(db);
}

/* Texts built at run time (ids in the text) beyond the cache's bound
 * still run, each answering for its own text. */
static void test_statement_cache_bound(void **state)
{
	struct db *db = open_db();
	for (int i = 0; i < 1500; i++) {
		char sql[64];
		snprintf(sql, sizeof(sql), "SELECT %d + 1", i);
		struct db_stmt *st = db_prepare(db, sql);
		assert_non_null(st);
		assert_int_equal(db_step(st), 1);
		assert_int_equal(db_col_int(st, 0), i + 1);
		db_done(st);
	}
	assert_int_equal(count_of(db, "SELECT 1499 + 1"), 1500);
	db_close(db);
}

#define POOL_THREADS 4
#define POOL_INSERTS 50

struct worker {
	struct db_pool *pool;
	int n;
	int failures;
	char why[512];
	int rows;		/* committed */
	int done;
};

static void *pool_worker(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < POOL_INSERTS; i++) {
		struct db *db = db_pool_acquire(w->pool);
		int rc = db_begin(db, 1);
		if (!rc)
			rc = db_run(db, "INSERT INTO t_pool (worker, n) VALUES (?, ?)",
				    "ii", (int64_t)w->n, (int64_t)i);
		if (!rc)
			rc = db_commit(db);
		if (rc) {
			w->failures++;
			snprintf(w->why, sizeof(w->why), "%s", db->errmsg);
		}
		/* every other time, leave a transaction open for release to end */
		if (i % 2)
			db_begin(db, 1);
		db_pool_release(w->pool, db);
	}
	return NULL;
}

/* Runs FN on POOL_THREADS threads of POOL, each as its own worker, and
 * fails the test when any of them counted a failure. */
static void start_workers(struct db_pool *pool, void *(*fn)(void *),
			  struct worker *w, pthread_t *t)
{
	for (int i = 0; i < POOL_THREADS; i++) {
		w[i] = (struct worker){ .pool = pool, .n = i };
		assert_int_equal(pthread_create(&t[i], NULL, fn, &w[i]), 0);
	}
}

static void join_workers(struct worker *w, pthread_t *t)
{
	for (int i = 0; i < POOL_THREADS; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < POOL_THREADS; i++)
		if (w[i].failures)
			fail_msg("worker %d: %d failures, last: %s", i, w[i].failures,
				 w[i].why);
}

static void run_workers(struct db_pool *pool, void *(*fn)(void *))
{
	struct worker w[POOL_THREADS];
	pthread_t t[POOL_THREADS];

	start_workers(pool, fn, w, t);
	join_workers(w, t);
}

static void test_pool_threads(void **state)
{
	struct db *db = open_db();
	struct fc_error err = { 0 };
	struct db_pool *pool;

	run_ok(db, "CREATE TABLE t_pool (worker BIGINT NOT NULL, n BIGINT NOT NULL, "
		   "UNIQUE (worker, n))");
	assert_null(db_pool_new(be->url, 0, &err));
	assert_int_equal(err.code, FC_EINVAL);
	pool = db_pool_new(be->url, POOL_THREADS, &err);
	if (!pool)
		fail_msg("pool: %s", err.message);
	run_workers(pool, pool_worker);
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM t_pool"),
			 POOL_THREADS * POOL_INSERTS);
	/* released connections came back without an open transaction */
	for (int i = 0; i < POOL_THREADS; i++) {
		struct db *c = db_pool_acquire(pool);
		assert_int_equal(c->tx_depth, 0);
		assert_int_equal(db_run(c, "INSERT INTO t_pool (worker, n) VALUES (?, ?)",
					"ii", (int64_t)99, (int64_t)i), 0);
	}
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM t_pool WHERE worker = 99"),
			 POOL_THREADS);
	db_pool_free(pool);
	db_close(db);
}

/* Writers of a pool at once, every third one failing after it wrote (a
 * UNIQUE conflict) and rolling back: on SQLite they share one transaction
 * (src/store/sqlite/writer-group.h), and a failure takes back its own
 * rows only. */
static void *refusal_worker(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < POOL_INSERTS; i++) {
		struct db *db = db_pool_acquire(w->pool);
		int rc = db_begin(db, 1);
		if (!rc)
			rc = db_run(db, "INSERT INTO t_refuse (worker, n) VALUES (?, ?)",
				    "ii", (int64_t)w->n, (int64_t)i);
		if (!rc && i % 3 == 1) {
			/* the same row again: refused by the UNIQUE constraint */
			if (db_run(db, "INSERT INTO t_refuse (worker, n) VALUES (?, ?)",
				   "ii", (int64_t)w->n, (int64_t)i) != FC_ECONFLICT) {
				w->failures++;
				snprintf(w->why, sizeof(w->why), "no conflict at %d", i);
			}
			db_rollback(db);
		} else if (!rc && (rc = db_commit(db))) {
			w->failures++;
			snprintf(w->why, sizeof(w->why), "%s", db->errmsg);
		}
		db_pool_release(w->pool, db);
	}
	return NULL;
}

static void test_pool_refusals(void **state)
{
	struct db *db = open_db();
	struct fc_error err = { 0 };
	struct db_pool *pool;
	int64_t kept = 0;

	run_ok(db, "CREATE TABLE t_refuse (worker BIGINT NOT NULL, n BIGINT NOT NULL, "
		   "UNIQUE (worker, n))");
	pool = db_pool_new(be->url, POOL_THREADS, &err);
	if (!pool)
		fail_msg("pool: %s", err.message);
	run_workers(pool, refusal_worker);
	for (int i = 0; i < POOL_INSERTS; i++)
		kept += i % 3 != 1;
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM t_refuse"),
			 POOL_THREADS * kept);
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM t_refuse WHERE n % 3 = 1"), 0);
	/* what a pool connection wrote is there for the next request to read */
	struct db *c = db_pool_acquire(pool);
	assert_int_equal(count_of(c, "SELECT COUNT(*) FROM t_refuse"),
			 POOL_THREADS * kept);
	db_pool_release(pool, c);
	db_pool_free(pool);
	db_close(db);
}

/* A server's SQLite writer leaves its WAL to the checkpoint thread: once
 * the writes of the pool pass the checkpoint's size, their pages reach the
 * database file itself (in WAL mode nothing else writes that file) while
 * the pool stays open, so the WAL does not grow without end. A row is a
 * page, and a commit writes about two (the leaf and its parent), so the
 * first pass is asked for near CHECKPOINTER_PASS_PAGES / 2 rows; the
 * writes go on until the file has grown by a thousand of them, however
 * late the thread runs, up to four passes' worth. */
#define CKPT_ROWS_MAX (4 * CHECKPOINTER_PASS_PAGES)
#define CKPT_GROWTH ((off_t)1000 * 3000)

static off_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : -1;
}

static void test_pool_checkpoints(void **state)
{
	struct fc_error err = { 0 };
	struct db_pool *pool;
	struct db *db;
	off_t before;
	int grew = 0, rows = 0;

	if (be != &sqlite_be)
		skip();
	db = open_db();
	run_ok(db, "CREATE TABLE t_ckpt (n BIGINT NOT NULL, pad TEXT NOT NULL)");
	pool = db_pool_new(be->url, 2, &err);
	if (!pool)
		fail_msg("pool: %s", err.message);
	before = file_size(be->url);
	db_close(db);
	db = db_pool_acquire(pool);
	for (; rows < CKPT_ROWS_MAX && !grew; rows++) {
		if (db_begin(db, 1))
			fail_msg("begin: %s", db->errmsg);
		run_ok(db, "INSERT INTO t_ckpt VALUES (1, printf('%.3000c', 'x'))");
		if (db_commit(db))
			fail_msg("commit: %s", db->errmsg);
		if (rows % 100 == 99)
			grew = file_size(be->url) >= before + CKPT_GROWTH;
	}
	/* the last pass asked for may still run: give it up to ten seconds */
	for (int t = 0; t < 1000 && !grew; t++) {
		grew = file_size(be->url) >= before + CKPT_GROWTH;
		if (!grew)
			usleep(10000);
	}
	if (!grew)
		fail_msg("the database file grew by %lld bytes in %d rows",
			 (long long)(file_size(be->url) - before), rows);
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM t_ckpt"), rows);
	db_pool_release(pool, db);
	db_pool_free(pool);
}

/* Under writes that never pause, the WAL still starts over from its
 * beginning: once it is past CHECKPOINTER_RESTART_PAGES, the checkpoint
 * thread holds the writer between two batches to copy the last pages
 * (src/store/sqlite/checkpointer.h). Before, the shared writer always had
 * pages newer than the checkpoint, so the WAL never started over and grew
 * with every write (100 MB for 8,000 rows of 3,000 bytes). Each start over
 * counts one more in the WAL's header (its checkpoint sequence, a
 * big-endian u32 at byte 12). The writers go on until the first start over
 * is seen, however slowly the checkpoint thread is scheduled, up to ten
 * times the pages it needs; rows are replaced, so the file stays small. */
#define WAL_ROWS_MAX 30000	/* each of four: ten times 32,000 pages */

static uint32_t wal_restarts(const char *db_path)
{
	char path[1024];
	unsigned char hdr[16];
	FILE *f;

	snprintf(path, sizeof(path), "%s-wal", db_path);
	if (!(f = fopen(path, "rb")))
		return 0;
	size_t n = fread(hdr, 1, sizeof(hdr), f);
	fclose(f);
	if (n != sizeof(hdr))
		return 0;	/* empty: no frame written yet */
	return (uint32_t)hdr[12] << 24 | (uint32_t)hdr[13] << 16 |
	       (uint32_t)hdr[14] << 8 | hdr[15];
}

static int wal_writers_stop;

static void *wal_worker(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < WAL_ROWS_MAX &&
	     !__atomic_load_n(&wal_writers_stop, __ATOMIC_RELAXED); i++) {
		struct db *db = db_pool_acquire(w->pool);
		int rc = db_begin(db, 1);
		if (!rc)
			rc = db_run(db, "INSERT OR REPLACE INTO t_wal "
				    "VALUES (?, ?, printf('%.12000c', 'x'))",
				    "ii", (int64_t)w->n, (int64_t)(i % 8));
		if (!rc)
			rc = db_commit(db);
		if (rc) {
			w->failures++;
			snprintf(w->why, sizeof(w->why), "%s", db->errmsg);
		} else {
			w->rows++;
		}
		db_pool_release(w->pool, db);
	}
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void test_pool_wal_restarts(void **state)
{
	struct fc_error err = { 0 };
	struct worker w[POOL_THREADS];
	pthread_t t[POOL_THREADS];
	struct db_pool *pool;
	struct db *db;

	if (be != &sqlite_be)
		skip();
	db = open_db();
	run_ok(db, "CREATE TABLE t_wal (n BIGINT NOT NULL, k BIGINT NOT NULL, "
		   "pad TEXT NOT NULL, PRIMARY KEY (n, k))");
	db_close(db);
	pool = db_pool_new(be->url, POOL_THREADS, &err);
	if (!pool)
		fail_msg("pool: %s", err.message);
	/* a first row through the pool's writer, so that the WAL has its
	 * header: a new WAL's first header counts one start over already */
	db = db_pool_acquire(pool);
	if (db_begin(db, 1) || db_run(db, "INSERT INTO t_wal VALUES (-1, 0, '')",
				      NULL) || db_commit(db))
		fail_msg("first row: %s", db->errmsg);
	db_pool_release(pool, db);
	uint32_t before = wal_restarts(be->url);
	wal_writers_stop = 0;
	start_workers(pool, wal_worker, w, t);
	uint32_t restarts = 0;
	for (int running = POOL_THREADS; running && !restarts;) {
		usleep(5000);
		restarts = wal_restarts(be->url) - before;
		running = 0;
		for (int i = 0; i < POOL_THREADS; i++)
			running += !__atomic_load_n(&w[i].done, __ATOMIC_ACQUIRE);
	}
	__atomic_store_n(&wal_writers_stop, 1, __ATOMIC_RELAXED);
	join_workers(w, t);
	if (!restarts)
		fail_msg("the WAL never started over in %d rows",
			 POOL_THREADS * WAL_ROWS_MAX);
	int64_t kept = 1;	/* the first row, each worker's last eight keys */
	for (int i = 0; i < POOL_THREADS; i++)
		kept += w[i].rows < 8 ? w[i].rows : 8;
	db = db_pool_acquire(pool);
	assert_int_equal(count_of(db, "SELECT COUNT(*) FROM t_wal"), kept);
	db_pool_release(pool, db);
	db_pool_free(pool);
}

/* Waiters are served in the order they came, and a connection released
 * while they wait goes to the longest of them, not to a thread that asks
 * just after the release (with one condition variable for all, that thread
 * took it and a waiter could wait through many releases). */
#define FIFO_WAITERS 5

struct fifo_waiter {
	struct db_pool *pool;
	pthread_mutex_t *lock;
	int *served;		/* how many waiters had the connection */
	int turn;		/* this one's place among them, from 0 */
};

static void *fifo_worker(void *arg)
{
	struct fifo_waiter *w = arg;
	struct db *db = db_pool_acquire(w->pool);
	pthread_mutex_lock(w->lock);
	w->turn = (*w->served)++;
	pthread_mutex_unlock(w->lock);
	db_pool_release(w->pool, db);
	return NULL;
}

static void test_pool_fifo(void **state)
{
	struct fc_error err = { 0 };
	struct fifo_waiter w[FIFO_WAITERS];
	pthread_t t[FIFO_WAITERS];
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct db_pool *pool;
	struct db *db;
	int served = 0;

	if (!be->available)
		skip();
	pool = db_pool_new(be->url, 1, &err);
	if (!pool)
		fail_msg("pool: %s", err.message);
	db = db_pool_acquire(pool);
	assert_int_equal(db_pool_waiting(pool), 0);
	for (int i = 0; i < FIFO_WAITERS; i++) {
		w[i] = (struct fifo_waiter){ .pool = pool, .lock = &lock,
					     .served = &served, .turn = -1 };
		assert_int_equal(pthread_create(&t[i], NULL, fifo_worker, &w[i]), 0);
		/* the next one starts once this one waits */
		while (db_pool_waiting(pool) < i + 1)
			sched_yield();
	}
	/* released and asked for again at once: this thread is the last */
	db_pool_release(pool, db);
	db = db_pool_acquire(pool);
	pthread_mutex_lock(&lock);
	assert_int_equal(served, FIFO_WAITERS);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < FIFO_WAITERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].turn, i);
	}
	assert_int_equal(db_pool_waiting(pool), 0);
	db_pool_release(pool, db);
	db_pool_free(pool);
	pthread_mutex_destroy(&lock);
}

static void test_lock_row(void **state)
{
	struct db *a = open_db(), *b = open_db();
	int64_t org = new_org(a, "Locks"), user = 0;

	assert_int_equal(add_user(a, org, "lock@example.com", "admin"), 0);
	assert_int_equal(db_query_int(a, &user, "SELECT id FROM users WHERE email = ?",
				      "s", "lock@example.com"), 0);
	assert_int_equal(db_begin(a, 1), 0);
	assert_int_equal(db_lock_row(a, "users", org, user), 0);
	if (be == &pg_be) {
		/* a second writer waits; with a short lock timeout it gives up */
		assert_int_equal(db_begin(b, 1), 0);
		assert_int_equal(db_exec(b, "SET LOCAL lock_timeout = '100ms'"), 0);
		assert_int_equal(db_lock_row(b, "users", org, user), FC_ESTORE);
		assert_non_null(strstr(b->errmsg, "lock"));
		assert_int_equal(db_rollback(b), 0);
		/* another row is free */
		assert_int_equal(db_begin(b, 1), 0);
		assert_int_equal(db_lock_row(b, "users", org, user + 1), 0);
		assert_int_equal(db_commit(b), 0);
	}
	assert_int_equal(db_commit(a), 0);
	assert_int_equal(db_begin(b, 1), 0);
	assert_int_equal(db_lock_row(b, "users", org, user), 0);
	assert_int_equal(db_commit(b), 0);
	db_close(a);
	db_close(b);
}

/* PostgreSQL only: a connection whose server session died is reopened by the
 * pool's check, and its cached statements are prepared again. */
static void test_pg_reconnect(void **state)
{
	struct db *a, *b;
	int64_t pid = 0, n = 0;

	if (be != &pg_be || !be->available)
		skip();
	a = open_db();
	b = open_db();
	assert_int_equal(count_of(a, "SELECT COUNT(*) FROM orgs"),
			 count_of(b, "SELECT COUNT(*) FROM orgs"));
	assert_int_equal(db_query_int(a, &pid, "SELECT pg_backend_pid()", NULL), 0);
	assert_int_equal(db_query_int(b, &n, "SELECT COUNT(*) FROM pg_stat_activity "
				      "WHERE pid = ? AND application_name = ?", "is",
				      pid, "fulcrum"), 0);
	assert_int_equal(n, 1);
	assert_int_equal(db_run(b, "SELECT pg_terminate_backend(?)", "i", pid), 0);
	assert_true(db_query_int(a, &n, "SELECT COUNT(*) FROM orgs", NULL) < 0);
	assert_int_equal(db_pg_check(a), 0);
	n = -1;
	assert_int_equal(db_query_int(a, &n, "SELECT COUNT(*) FROM orgs", NULL), 0);
	assert_true(n >= 0);
	db_close(a);
	db_close(b);
}

/* The message names the server without its password; needs no server. */
static void test_pg_connect_error(void **state)
{
	struct db *db = NULL;
	struct fc_error err = { 0 };
	int rc = db_open("postgres://fulcrum:s3cret@127.0.0.1:1/nowhere", &db, &err);

	assert_int_equal(rc, FC_ESTORE);
	assert_null(db);
	assert_non_null(strstr(err.message,
			       "cannot connect to 'postgres://fulcrum:***@127.0.0.1:1/nowhere': "));
	assert_null(strstr(err.message, "s3cret"));
	assert_null(strchr(err.message, '\n'));
	rc = db_open("postgresql://127.0.0.1:1/x?password=hush&sslmode=disable", &db, &err);
	assert_int_equal(rc, FC_ESTORE);
	assert_non_null(strstr(err.message, "password=***&sslmode=disable"));
	assert_null(strstr(err.message, "hush"));
}

static int sqlite_setup(void **state)
{
	if (fixture_mkdtemp(sqlite_be.dir, sizeof(sqlite_be.dir), "fulcrum-test-db"))
		return -1;
	snprintf(sqlite_be.url, sizeof(sqlite_be.url), "%s/store.db", sqlite_be.dir);
	sqlite_be.available = 1;
	be = &sqlite_be;
	return 0;
}

static int sqlite_teardown(void **state)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char path[600];
	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", sqlite_be.url, suffix[i]);
		unlink(path);
	}
	rmdir(sqlite_be.dir);
	return 0;
}

static int pg_setup(void **state)
{
	const char *url = getenv("FULCRUM_TEST_PG");
	struct db *db = NULL;
	struct fc_error err = { 0 };

	be = &pg_be;
	if (!url || !*url) {
		fprintf(stderr, "store-db: FULCRUM_TEST_PG is not set, so the "
			"PostgreSQL cases are skipped (see tests/pg-cluster.sh)\n");
		return 0;
	}
	snprintf(pg_be.url, sizeof(pg_be.url), "%s", url);
	if (db_open(url, &db, &err)) {
		fprintf(stderr, "store-db: %s\n", err.message);
		return -1;
	}
	if (db_exec(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")) {
		fprintf(stderr, "store-db: cannot reset '%s': %s\n", url, db->errmsg);
		db_close(db);
		return -1;
	}
	db_close(db);
	pg_be.available = 1;
	return 0;
}

#define STORE_TESTS \
	cmocka_unit_test(test_migrate), \
	cmocka_unit_test(test_insert_returning), \
	cmocka_unit_test(test_binds), \
	cmocka_unit_test(test_conflicts), \
	cmocka_unit_test(test_violation_columns), \
	cmocka_unit_test(test_nested_rollback_dooms_outer), \
	cmocka_unit_test(test_rollback_leaves_nothing), \
	cmocka_unit_test(test_changes), \
	cmocka_unit_test(test_statement_cache), \
	cmocka_unit_test(test_statement_cache_bound), \
	cmocka_unit_test(test_pool_threads), \
	cmocka_unit_test(test_pool_refusals), \
	cmocka_unit_test(test_pool_fifo), \
	cmocka_unit_test(test_pool_checkpoints), \
	cmocka_unit_test(test_pool_wal_restarts), \
	cmocka_unit_test(test_lock_row), \
	cmocka_unit_test(test_read_scope)

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
		STORE_TESTS,
		cmocka_unit_test(test_pg_connect_error),
	};
	const struct CMUnitTest pg_tests[] = {
		STORE_TESTS,
		cmocka_unit_test(test_pg_reconnect),
	};
	int failed = cmocka_run_group_tests_name("store-db/sqlite", sqlite_tests,
						 sqlite_setup, sqlite_teardown);
	failed += cmocka_run_group_tests_name("store-db/postgres", pg_tests,
					      pg_setup, NULL);
	return failed ? 1 : 0;
}
