/* R6 made checkable: the history events of each organisation form a hash
 * chain. An event carries the hash of the event before it (prev_hash) and
 * its own (hash), the SHA-256 of its canonical serialisation (below), which
 * ends with prev_hash; the first event's prev_hash is CHAIN_GENESIS. The
 * chain's head (its last event and that event's hash) is the organisation's
 * row of `event_chains`, which every writer locks before it appends, for the
 * rest of its transaction: two writers append one after the other, so the
 * chain cannot fork (docs/history.md). Changing, inserting or deleting an
 * event without computing every later hash again breaks the chain where it
 * happened; core/verify.h walks it. Read next: core/verify.h. */
#ifndef FC_CORE_CHAIN_H
#define FC_CORE_CHAIN_H

#include <stdint.h>

#include "store/db.h"
#include "util/buf.h"
#include "util/error.h"

#define CHAIN_HEX 64	/* a hash as lowercase hexadecimal */
#define CHAIN_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* One event as the chain sees it: every column of `events`. Text members
 * may be NULL (SQL NULL); has_actor 0 is a NULL actor_id. */
struct chain_event {
	int64_t id, org_id, entity_id, actor_id;
	int has_actor;
	const char *at, *entity, *action, *from_step, *to_step, *reason, *data;
	const char *prev_hash, *hash;	/* hash: NULL while being made */
};

/* The canonical serialisation of EV (everything but its own hash), version
 * 1, appended to OUT: the line "fulcrum-event-1", then one line per field
 * in this order: id, org_id, at, actor_id, entity, entity_id, action,
 * from_step, to_step, reason, data, prev_hash. A line is "NAME=VALUE\n":
 * an integer in decimal, a text as its length in bytes, ':', and its bytes
 * as stored (so a newline or '=' in a text cannot shift a field), SQL NULL
 * as "-". */
void chain_serialise(const struct chain_event *ev, struct buf *out);

/* SHA-256 (OpenSSL's) of chain_serialise(EV), as
 * CHAIN_HEX lowercase hexadecimal digits and a NUL. */
void chain_hash(const struct chain_event *ev, char out[CHAIN_HEX + 1]);

/* The head of an organisation's chain: its last event (0: none yet) and
 * that event's hash (CHAIN_GENESIS before the first). */
struct chain_head {
	int64_t last_id;
	char hash[CHAIN_HEX + 1];
};

/* Inside a write transaction: reads ORG's head into H and locks it until
 * the transaction ends (SELECT ... FOR UPDATE on PostgreSQL; SQLite's
 * writers are serialised already). An organisation without a head row gets
 * one at the genesis; a head whose hash is NULL (events written before
 * sql/022, or a restored backup of before the chain) has its events chained
 * first, in order of id. */
int chain_head_lock(struct db *db, int64_t org, struct chain_head *h,
		    struct fc_error *err);

/* The id of the next event, taken after chain_head_lock() so that within
 * an organisation ids follow the chain: the largest plus one on SQLite,
 * the next of the identity sequence on PostgreSQL. */
int chain_next_id(struct db *db, int64_t *id, struct fc_error *err);

/* chain_head_lock() and chain_next_id() for one event, in one statement on
 * SQLite when the head is there and chained (the common case). */
int chain_next(struct db *db, int64_t org, struct chain_head *h, int64_t *id,
	       struct fc_error *err);

/* Makes EV (its id and org_id set) the next link after H: sets its
 * prev_hash to PREV (a copy of H's hash) and its hash to HASH, and moves H
 * to it. The caller writes the row, and chain_head_store()s H before
 * committing. */
void chain_link(struct chain_head *h, struct chain_event *ev,
		char prev[CHAIN_HEX + 1], char hash[CHAIN_HEX + 1]);

int chain_head_store(struct db *db, int64_t org, const struct chain_head *h,
		     struct fc_error *err);

/* Chains, once, the events of every organisation whose head is NULL (see
 * chain_head_lock), each in a transaction of its own; run after the
 * migrations. Cheap when there is nothing to do: one look at event_chains. */
int chain_catch_up(struct db *db, struct fc_error *err);

/* An event from the columns of a row, in the order of CHAIN_COLUMNS,
 * starting at column FIRST (text members point into the row: valid until
 * the statement steps again). */
#define CHAIN_COLUMNS "id, org_id, at, actor_id, entity, entity_id, action, " \
	"from_step, to_step, reason, data, prev_hash, hash"
void chain_event_from_row(struct db_stmt *st, int first, struct chain_event *ev);

#endif
