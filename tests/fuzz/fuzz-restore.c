/* libFuzzer harness for restoring a JSON backup (import_json in
 * core/import/json.c) into an empty store: the input is the backup file.
 * A backup is restored, and then an organisation is there, or refused with
 * a clear error about the input; after each input the store is empty
 * again. Seeds: corpus/restore (backups made by `fulcrum backup`). */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/import/import.h"
#include "fuzz-store.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_store_open(0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fc_error err = { 0 };
	json_t *backup;
	int64_t org = 0, n = 0;
	int rc;

	backup = json_loadb((const char *)data, size, 0, NULL);
	if (!backup)
		return 0;
	fuzz_store_begin();
	rc = import_json(&fuzz_ctx, backup, &org, &err);
	if (rc == 0)
		assert(org > 0 && db_query_int(fuzz_ctx.db, &n,
			"SELECT count(*) FROM orgs WHERE id = ?", "i", org) == 0
		       && n == 1);
	else
		assert(err.code == rc && rc != FC_ESTORE && err.message[0]);
	fuzz_store_reset();
	json_decref(backup);
	return 0;
}
