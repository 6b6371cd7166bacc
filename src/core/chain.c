/* The hash chain of the history: serialisation, hashing, the locked head,
 * and the one-time chaining of events written before it; see chain.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>
#include <sodium.h>

#include "core/chain.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define BACKFILL_PAGE 1000	/* events read, then chained, at a time */

/* Where a serialisation goes: STAGE while it fits (an event's text
 * usually does, so hashing one allocates nothing; the history's writers
 * hash every event), then OUT with everything so far. */
struct sink {
	struct buf *out;
	int spilled;
	size_t n;
	unsigned char stage[2048];
};

static void put(struct sink *k, const void *data, size_t n)
{
	if (!k->spilled && k->n + n <= sizeof(k->stage)) {
		memcpy(k->stage + k->n, data, n);
		k->n += n;
		return;
	}
	if (!k->spilled)
		buf_add(k->out, k->stage, k->n);
	k->spilled = 1;
	buf_add(k->out, data, n);
}

static void put_str(struct sink *k, const char *s)
{
	put(k, s, strlen(s));
}

/* V in decimal, as printf's %lld writes it. */
static void put_decimal(struct sink *k, int64_t v)
{
	char digits[24];
	size_t at = sizeof(digits);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		digits[--at] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		digits[--at] = '-';
	put(k, digits + at, sizeof(digits) - at);
}

static void put_int(struct sink *k, const char *name, int64_t v, int null)
{
	put_str(k, name);
	if (null) {
		put(k, "=-\n", 3);
		return;
	}
	put(k, "=", 1);
	put_decimal(k, v);
	put(k, "\n", 1);
}

static void put_text(struct sink *k, const char *name, const char *s)
{
	put_str(k, name);
	if (!s) {
		put(k, "=-\n", 3);
		return;
	}
	size_t n = strlen(s);
	put(k, "=", 1);
	put_decimal(k, (int64_t)n);
	put(k, ":", 1);
	put(k, s, n);
	put(k, "\n", 1);
}

static void serialise(const struct chain_event *ev, struct sink *k)
{
	put_str(k, "fulcrum-event-1\n");
	put_int(k, "id", ev->id, 0);
	put_int(k, "org_id", ev->org_id, 0);
	put_text(k, "at", ev->at);
	put_int(k, "actor_id", ev->actor_id, !ev->has_actor);
	put_text(k, "entity", ev->entity);
	put_int(k, "entity_id", ev->entity_id, 0);
	put_text(k, "action", ev->action);
	put_text(k, "from_step", ev->from_step);
	put_text(k, "to_step", ev->to_step);
	put_text(k, "reason", ev->reason);
	put_text(k, "data", ev->data);
	put_text(k, "prev_hash", ev->prev_hash);
}

void chain_serialise(const struct chain_event *ev, struct buf *out)
{
	struct sink k = { .out = out };
	serialise(ev, &k);
	if (!k.spilled)
		buf_add(out, k.stage, k.n);
}

void chain_hash(const struct chain_event *ev, char out[CHAIN_HEX + 1])
{
	unsigned char digest[SHA256_DIGEST_LENGTH];
	struct buf spill = BUF_INIT;
	struct sink k = { .out = &spill };
	serialise(ev, &k);
	if (k.spilled)
		SHA256((const unsigned char *)spill.s, spill.len, digest);
	else
		SHA256(k.stage, k.n, digest);
	buf_release(&spill);
	sodium_bin2hex(out, CHAIN_HEX + 1, digest, sizeof(digest));
}

void chain_event_from_row(struct db_stmt *st, int first, struct chain_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->id = db_col_int(st, first);
	ev->org_id = db_col_int(st, first + 1);
	ev->at = db_col_text(st, first + 2);
	ev->has_actor = !db_col_is_null(st, first + 3);
	ev->actor_id = ev->has_actor ? db_col_int(st, first + 3) : 0;
	ev->entity = db_col_text(st, first + 4);
	ev->entity_id = db_col_int(st, first + 5);
	ev->action = db_col_text(st, first + 6);
	ev->from_step = db_col_text(st, first + 7);
	ev->to_step = db_col_text(st, first + 8);
	ev->reason = db_col_text(st, first + 9);
	ev->data = db_col_text(st, first + 10);
	ev->prev_hash = db_col_text(st, first + 11);
	ev->hash = db_col_text(st, first + 12);
}

void chain_link(struct chain_head *h, struct chain_event *ev,
		char prev[CHAIN_HEX + 1], char hash[CHAIN_HEX + 1])
{
	memcpy(prev, h->hash, CHAIN_HEX + 1);
	ev->prev_hash = prev;
	ev->hash = NULL;
	chain_hash(ev, hash);
	ev->hash = hash;
	h->last_id = ev->id;
	memcpy(h->hash, hash, CHAIN_HEX + 1);
}

int chain_head_store(struct db *db, int64_t org, const struct chain_head *h,
		     struct fc_error *err)
{
	if (db_run(db, "UPDATE event_chains SET last_id = ?, hash = ? WHERE "
		   "org_id = ?", "isi", h->last_id, h->hash, org) < 0)
		return db_error(db, err);
	return 0;
}

int chain_next_id(struct db *db, int64_t *id, struct fc_error *err)
{
	const char *sql = db_dialect(db) == DB_PG ?
		"SELECT nextval(pg_get_serial_sequence('events', 'id'))" :
		"SELECT COALESCE(MAX(id), 0) + 1 FROM events";
	if (db_query_int(db, id, sql, ""))
		return db_error(db, err);
	return 0;
}

/* ---- chaining the events written before the chain ------------------------ */

/* A copy of an event that outlives its statement. */
struct owned_event {
	struct chain_event ev;
	char *text[7];
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void own(struct owned_event *o, const struct chain_event *ev)
{
	o->ev = *ev;
	o->ev.at = o->text[0] = dup_or_null(ev->at);
	o->ev.entity = o->text[1] = dup_or_null(ev->entity);
	o->ev.action = o->text[2] = dup_or_null(ev->action);
	o->ev.from_step = o->text[3] = dup_or_null(ev->from_step);
	o->ev.to_step = o->text[4] = dup_or_null(ev->to_step);
	o->ev.reason = o->text[5] = dup_or_null(ev->reason);
	o->ev.data = o->text[6] = dup_or_null(ev->data);
	o->ev.prev_hash = o->ev.hash = NULL;
}

static void disown(struct owned_event *o)
{
	for (int i = 0; i < 7; i++)
		free(o->text[i]);
}

/* Chains every event of ORG in order of id from the genesis, whatever
 * hashes they hold, and leaves H at the last. */
static int backfill(struct db *db, int64_t org, struct chain_head *h,
		    struct fc_error *err)
{
	struct owned_event *page = xcalloc(BACKFILL_PAGE, sizeof(*page));
	int64_t after = 0;
	int rc = 0;

	h->last_id = 0;
	memcpy(h->hash, CHAIN_GENESIS, CHAIN_HEX + 1);
	for (;;) {
		size_t n = 0;
		struct chain_event ev;
		struct db_stmt *st = db_prepare(db, "SELECT " CHAIN_COLUMNS " FROM "
			"events WHERE org_id = ? AND id > ? ORDER BY id LIMIT 1000");
		if (!st) {
			rc = db_error(db, err);
			break;
		}
		db_bindf(st, "ii", org, after);
		while (n < BACKFILL_PAGE && (rc = db_step(st)) > 0) {
			chain_event_from_row(st, 0, &ev);
			own(&page[n++], &ev);
		}
		db_done(st);
		if (rc < 0) {
			rc = db_error(db, err);
			n = 0;
		}
		rc = rc < 0 ? rc : 0;	/* a full page leaves a row ready */
		for (size_t i = 0; i < n && !rc; i++) {
			char prev[CHAIN_HEX + 1], hash[CHAIN_HEX + 1];
			chain_link(h, &page[i].ev, prev, hash);
			if (db_run(db, "UPDATE events SET prev_hash = ?, hash = ? WHERE"
				   " org_id = ? AND id = ?", "ssii", prev, hash, org,
				   page[i].ev.id) < 0)
				rc = db_error(db, err);
		}
		for (size_t i = 0; i < n; i++)
			disown(&page[i]);
		if (rc || n < BACKFILL_PAGE)
			break;
		after = h->last_id;
	}
	free(page);
	return rc ? rc : chain_head_store(db, org, h, err);
}

/* Reads ORG's head, locked; 1 when there is no row, 2 when its hash is
 * NULL. */
static int head_read(struct db *db, int64_t org, struct chain_head *h,
		     struct fc_error *err)
{
	struct db_stmt *st = db_prepare(db, db_dialect(db) == DB_PG ?
		"SELECT last_id, hash FROM event_chains WHERE org_id = ? FOR UPDATE" :
		"SELECT last_id, hash FROM event_chains WHERE org_id = ?");
	int rc;
	if (!st)
		return db_error(db, err);
	db_bind_int(st, 1, org);
	rc = db_step(st);
	if (rc > 0) {
		const char *hash = db_col_text(st, 1);
		h->last_id = db_col_int(st, 0);
		snprintf(h->hash, sizeof(h->hash), "%s", hash ? hash : "");
		rc = hash ? 0 : 2;
	} else if (rc == 0) {
		rc = 1;
	}
	db_done(st);
	return rc < 0 ? db_error(db, err) : rc;
}

int chain_head_lock(struct db *db, int64_t org, struct chain_head *h,
		    struct fc_error *err)
{
	int rc = head_read(db, org, h, err);
	if (rc == 1) {
		/* a new organisation: its chain starts here */
		if (db_run(db, "INSERT INTO event_chains (org_id, last_id, hash) "
			   "VALUES (?, 0, ?) ON CONFLICT (org_id) DO NOTHING", "is",
			   org, CHAIN_GENESIS) < 0)
			return db_error(db, err);
		rc = head_read(db, org, h, err);
	}
	if (rc == 2)
		return backfill(db, org, h, err);
	return rc == 1 ? fc_fail(err, FC_ESTORE, NULL, "the head of organisation "
				 "%" PRId64 "'s history is missing", org) : rc;
}

int chain_next(struct db *db, int64_t org, struct chain_head *h, int64_t *id,
	       struct fc_error *err)
{
	int rc;
	if (db_dialect(db) == DB_SQLITE) {
		struct db_stmt *st = db_prepare(db, "SELECT last_id, hash, (SELECT "
			"COALESCE(MAX(id), 0) + 1 FROM events) FROM event_chains WHERE "
			"org_id = ? AND hash IS NOT NULL");
		if (!st)
			return db_error(db, err);
		db_bind_int(st, 1, org);
		rc = db_step(st);
		if (rc > 0) {
			h->last_id = db_col_int(st, 0);
			snprintf(h->hash, sizeof(h->hash), "%s", db_col_text(st, 1));
			*id = db_col_int(st, 2);
		}
		db_done(st);
		if (rc < 0)
			return db_error(db, err);
		if (rc > 0)
			return 0;
	}
	/* PostgreSQL: the id is taken only once the head is locked */
	if ((rc = chain_head_lock(db, org, h, err)))
		return rc;
	return chain_next_id(db, id, err);
}

int chain_catch_up(struct db *db, struct fc_error *err)
{
	int64_t org = 0;
	for (;;) {
		struct chain_head h;
		int rc = db_query_int(db, &org, "SELECT MIN(org_id) FROM event_chains "
				      "WHERE hash IS NULL AND org_id > ?", "i", org);
		if (rc == FC_ENOTFOUND || (!rc && !org))
			return 0;
		if (rc)
			return db_error(db, err);
		if (db_begin(db, 1))
			return db_error(db, err);
		rc = chain_head_lock(db, org, &h, err);
		if (rc) {
			db_rollback(db);
			return rc;
		}
		if (db_commit(db))
			return db_error(db, err);
	}
}
