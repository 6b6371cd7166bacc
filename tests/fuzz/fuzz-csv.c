/* libFuzzer harness for src/io/csv-reader: the input goes in whole and in
 * uneven chunks (the first byte picks the chunk size), and the records
 * must honour the bounds. Built and run by tests/fuzz/meson.build. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "io/csv-reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check(const struct csv_record *rec, void *cb)
{
	assert(rec->nfields >= 1 && rec->nfields <= CSV_READER_MAX_FIELDS);
	for (size_t i = 0; i < rec->nfields; i++)
		assert(rec->lens[i] <= CSV_READER_MAX_FIELD &&
		       rec->fields[i][rec->lens[i]] == '\0');
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader r;
	size_t step;

	csv_parse_buffer(data, size, NULL, check, NULL, NULL);
	if (size == 0)
		return 0;
	step = (size_t)(data[0] % 17) + 1;
	csv_reader_init(&r, NULL, check, NULL, NULL);
	for (size_t i = 1; i < size; i += step) {
		size_t n = size - i < step ? size - i : step;

		if (csv_reader_feed(&r, data + i, n))
			break;
	}
	csv_reader_finish(&r);
	csv_reader_release(&r);
	return 0;
}
