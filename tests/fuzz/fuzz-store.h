/* A store for the harnesses that need one: an in-memory SQLite database
 * opened through store/db.h and migrated once per process, optionally with
 * an organisation and users, and a transaction per input that is rolled
 * back afterwards so every input starts from the same rows. */
#ifndef FC_FUZZ_STORE_H
#define FC_FUZZ_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

#define FUZZ_ADMIN "admin@acme.test"
#define FUZZ_REP "rep@acme.test"

/* The connection and a context acting as FUZZ_ADMIN of the organisation
 * (no organisation and no user when opened with WITH_ORG 0). */
extern struct fc_ctx fuzz_ctx;

/* Opens and migrates the database (aborts on failure); WITH_ORG adds the
 * organisation "Acme" (its admin and a rep, FUZZ_REP, on team "east").
 * Call from LLVMFuzzerInitialize. */
void fuzz_store_open(int with_org);
/* The same on the store at URL (a SQLite file a server can share). */
void fuzz_store_open_at(const char *url, int with_org);
/* Adds a few accounts, contacts and deals (owned by the admin and the rep)
 * for the harnesses that read lists. */
void fuzz_store_add_records(void);
/* Starts the input's transaction: the code under test nests inside it, so
 * its own commits are not final. */
void fuzz_store_begin(void);
/* Rolls everything back and acts as the admin again. */
void fuzz_store_reset(void);

/* A NUL-terminated heap copy of DATA (free()). */
char *fuzz_strndup(const uint8_t *data, size_t size);

#endif
