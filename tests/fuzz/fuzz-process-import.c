/* libFuzzer harness for process definitions in JSON (process_import in
 * core/process.c), as `fulcrum process import` and the API take them: the
 * input is the definition. One that is accepted exports again and imports
 * again to the same JSON; one that is refused gets a clear error about the
 * input. The store (with the default process and deals on its steps) is
 * rolled back after each input. Seeds: corpus/process-import. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/process.h"
#include "fuzz-store.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_store_open(1);
	fuzz_store_add_records();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fc_error err = { 0 };
	json_t *in, *out = NULL, *again = NULL;
	int64_t id = 0, id2 = 0;
	int rc;

	in = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!in)
		return 0;
	fuzz_store_begin();
	rc = process_import(&fuzz_ctx, in, &id, &err);
	if (rc == 0) {
		const char *key;

		assert(id > 0);
		key = json_string_value(json_object_get(in, "key"));
		assert(process_export(&fuzz_ctx, key, &out, &err) == 0);
		assert(process_import(&fuzz_ctx, out, &id2, &err) == 0 &&
		       id2 == id);
		assert(process_export(&fuzz_ctx, key, &again, &err) == 0);
		assert(json_equal(out, again));
	} else {
		assert(err.code == rc && rc != FC_ESTORE && err.message[0]);
	}
	fuzz_store_reset();
	json_decref(again);
	json_decref(out);
	json_decref(in);
	return 0;
}
