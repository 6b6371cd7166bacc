/* libFuzzer harness for vCard import (core/import/vcard.c on io/vcard.c):
 * the first byte picks the options (duplicates skipped, updated or errors;
 * dry run), the rest is the file. Contacts are matched by e-mail, ORG to an
 * account by name, in a store that already holds a few; the import either
 * fails whole with a clear error or reports its cards, and is rolled back
 * after each input. Seeds: corpus/import-vcard. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "core/import/import.h"
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
	struct import_options o = { 0 };
	struct import_summary s;
	struct fc_error err = { 0 };
	int rc;

	if (size == 0)
		return 0;
	o.kind = IMPORT_CONTACTS;
	o.on_dup = (enum import_dup)(data[0] % 3);
	o.dry_run = (data[0] >> 2) & 1;
	o.batch = 2;
	import_summary_init(&s);
	fuzz_store_begin();
	rc = import_vcard(&fuzz_ctx, (const char *)data + 1, size - 1, &o, &s,
			  &err);
	fuzz_store_reset();
	if (rc)
		assert(err.code == rc && rc != FC_ESTORE && err.message[0]);
	else
		assert(s.read >= s.imported + s.updated + s.skipped +
		       s.rejected);
	import_summary_release(&s);
	return 0;
}
