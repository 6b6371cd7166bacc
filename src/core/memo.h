/* A per-connection cache of rows that change rarely and are read by nearly
 * every request: an API token's owner, a user as an actor, a process with
 * its steps, the live custom field definitions of a kind. It is valid while the database's cache generation (one row,
 * bumped by triggers on users, api_tokens, processes and steps, see
 * sql/015-cache-generation.sql, and on custom_fields, sql/048) is the one it was filled under, so a change
 * made by any process or node, the CLI included, is seen by the next
 * request. The generation is read once per request (after the connection
 * is taken from the pool, and again after each transaction ends) and
 * before each use inside a write transaction; nothing is stored inside a
 * write transaction, which could still roll back. Each map holds at most
 * MEMO_MAX entries; a full map starts afresh. */
#ifndef FC_CORE_MEMO_H
#define FC_CORE_MEMO_H

#include <stdint.h>

#include "core/ctx.h"
#include "core/field.h"
#include "core/process.h"

#define MEMO_MAX 256

/* A token's row as auth_token_lookup() needs it. */
struct memo_token {
	char hash[65];
	int64_t id, org_id, user_id;
	int64_t last_used;	/* epoch seconds, 0 when never */
};

/* 1 and *OUT filled when HASH is cached, else 0. */
int memo_token_get(struct db *db, const char *hash, struct memo_token *out);
void memo_token_put(struct db *db, const struct memo_token *t);

/* An active user of ORG as ctx_act_as_id() loads it. */
int memo_user_get(struct db *db, int64_t org_id, int64_t user_id,
		  struct fc_actor *out);
void memo_user_put(struct db *db, int64_t org_id, const struct fc_actor *u);

/* Process ID of ORG (0: the organisation's default) as a copy the caller
 * frees with process_free(), or NULL when not cached. */
struct process *memo_process_get(struct db *db, int64_t org_id, int64_t id);
void memo_process_put(struct db *db, int64_t org_id, int64_t id,
		      const struct process *p);

/* The live (not archived) field definitions of KIND in ORG, as
 * field_defs_load() reads them: 1 and *OUT (N entries, a copy the caller
 * frees with field_defs_free()) when cached, else 0. Only outside a write
 * transaction. */
int memo_fields_get(struct db *db, int64_t org_id, const char *kind,
		    struct field_def **out, int *n);
void memo_fields_put(struct db *db, int64_t org_id, const char *kind,
		     const struct field_def *defs, int n);

#endif
