/* libFuzzer harness for pagination cursors (core/record.c): the input is
 * "S CURSOR" where the byte S picks the sort ("id", "-name", ...), and the
 * cursor goes back to record_list() as a client would send it. A cursor
 * is either read (a page of at most the limit comes back) or refused as
 * malformed input; never a failed statement. Valid cursors of every sort
 * are seeds in corpus/cursor. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/record.h"
#include "fuzz-store.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const sorts[] = {
	"id", "-id", "name", "-name", "created_at", "-updated_at", "value",
	"-close_date",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_store_open(1);
	fuzz_store_add_records();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct entity *e;
	struct list_query q = { 0 };
	struct fc_error err = { 0 };
	json_t *page = NULL;
	char *cursor;

	if (size < 2)
		return 0;
	e = data[0] & 0x80 ? &entity_deal : &entity_account;
	q.sort = sorts[(data[0] & 0x7f) % 8];
	q.limit = 1 + data[0] % 3;
	cursor = fuzz_strndup(data + 2, size - 2);
	q.cursor = cursor;
	fuzz_store_begin();
	if (record_list(&fuzz_ctx, e, &q, &page, &err) == 0) {
		assert(json_array_size(json_object_get(page, "items")) <=
		       (size_t)q.limit);
		json_decref(page);
	} else {
		assert(err.code == FC_EINVAL && err.message[0]);
	}
	fuzz_store_reset();
	free(cursor);
	return 0;
}
