/* libFuzzer harness for CSV import mapping (core/import/csv.c and
 * presets.c): --map, --stage-map, presets and header matching, then
 * every row through the import's checks into the store. The input is one
 * options line, TAB-separated:
 *   KIND <TAB> PRESET <TAB> MAP <TAB> STAGE_MAP <TAB> DATE_FORMAT <TAB> FLAGS
 * (KIND accounts|contacts|deals, empty fields are not given, FLAGS letters:
 * d dry run, u update duplicates, e duplicates are errors), a newline, then
 * the CSV file. The import either fails whole with a clear error about the
 * input or reports its rows; the rejected rows it writes (the header, then
 * each row with its reason) are CSV that reads back. Everything is rolled back after each
 * input. Seeds: corpus/import-csv. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/import/import.h"
#include "fuzz-store.h"
#include "io/csv-reader.h"
#include "io/value-parse.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_store_open(1);
	fuzz_store_add_records();
	return 0;
}

/* The next TAB-separated field of *P, NULL when empty. */
static const char *field(char **p)
{
	char *s = *p, *tab;

	if (!s)
		return NULL;
	tab = strchr(s, '\t');
	if (tab) {
		*tab = '\0';
		*p = tab + 1;
	} else {
		*p = NULL;
	}
	return *s ? s : NULL;
}

static int count_row(const struct csv_record *rec, void *data)
{
	(*(int64_t *)data)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	struct import_options o = { 0 };
	struct import_summary s;
	struct fc_error err = { 0 };
	char *line, *p, *rejected = NULL;
	const char *kind, *flags, *fmt;
	size_t rlen = 0;
	FILE *f, *rej;
	int64_t rows = 0;
	int rc, kind_rc;

	if (!nl || nl == data + size - 1)
		return 0;
	p = line = fuzz_strndup(data, (size_t)(nl - data));
	kind = field(&p);
	o.preset = field(&p);
	o.map = field(&p);
	o.stage_map = field(&p);
	fmt = field(&p);
	flags = field(&p);
	kind_rc = kind ? import_kind_parse(kind) : -1;
	o.kind = kind_rc < 0 ? IMPORT_CONTACTS : (enum import_kind)kind_rc;
	o.date_format = fmt ? value_date_format_from_name(fmt) : 0;
	if (o.date_format < 0)
		o.date_format = 0;
	o.dry_run = flags && strchr(flags, 'd');
	o.on_dup = flags && strchr(flags, 'u') ? IMPORT_DUP_UPDATE :
		   flags && strchr(flags, 'e') ? IMPORT_DUP_ERROR :
		   IMPORT_DUP_SKIP;
	o.batch = 2;	/* several batches even in small inputs */
	f = fmemopen((void *)(nl + 1), size - (size_t)(nl + 1 - data), "r");
	rej = open_memstream(&rejected, &rlen);
	o.rejected = rej;
	import_summary_init(&s);
	fuzz_store_begin();
	rc = import_csv(&fuzz_ctx, f, &o, &s, &err);
	fuzz_store_reset();
	fclose(f);
	fclose(rej);
	if (rc) {
		assert(err.code == rc && rc != FC_ESTORE && err.message[0]);
	} else {
		assert(s.read >= s.imported + s.updated + s.skipped +
		       s.rejected);
		if (s.rejected)
			assert(csv_parse_buffer(rejected, rlen, NULL,
				count_row, &rows, NULL) == 0 && rows >= 2);
	}
	import_summary_release(&s);
	free(rejected);
	free(line);
	return 0;
}
