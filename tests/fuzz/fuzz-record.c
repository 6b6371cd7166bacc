/* libFuzzer harness for record validation (core/record.c): the input is
 * "EM" then a JSON object. The byte E picks the entity (and, by its top
 * bit, whether a rep or the admin acts); M picks create or an update of
 * one of the existing rows. The generic layer checks every field (text
 * length and UTF-8, integers, booleans, dates, times, money, enums,
 * e-mail, references, JSON text): input is either stored, and then reads
 * back, or refused with a clear error about the input, never a failed
 * statement. Seeds: corpus/record. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "core/record.h"
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
	const struct entity *e;
	struct fc_error err = { 0 };
	json_t *in, *back = NULL;
	int64_t id;
	int n = 0, rc;

	if (size < 3)
		return 0;
	in = json_loadb((const char *)data + 2, size - 2,
			JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(in)) {
		json_decref(in);
		return 0;
	}
	while (entities[n])
		n++;
	e = entities[(data[0] & 0x7f) % n];
	fuzz_store_begin();
	if ((data[0] & 0x80) && ctx_act_as(&fuzz_ctx, FUZZ_REP, &err))
		abort();
	if (data[1] & 1) {
		id = 1 + (data[1] >> 1) % 4;
		rc = record_update(&fuzz_ctx, e, id, in, NULL, data[1] >> 6,
				   &err);
	} else {
		rc = record_create(&fuzz_ctx, e, in, NULL, &id, &err);
	}
	if (rc == 0) {
		assert(record_get(&fuzz_ctx, e, id, &back, &err) == 0 ||
		       err.code == FC_ENOTFOUND);
		json_decref(back);
	} else {
		assert(err.code == rc && rc != FC_ESTORE && err.message[0]);
	}
	fuzz_store_reset();
	json_decref(in);
	return 0;
}
