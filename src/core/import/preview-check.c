/* What an import would do with each row of the preview: the header and the
 * first rows go through import_csv() as a dry run with the same options,
 * so every rule (the other CRM's id, the same e-mail, domain or name, the
 * duplicate guard's likely duplicates, --on-duplicate) is the real run's
 * and none is written twice; see import_preview_check() in import.h. A
 * row's fate depends only on the rows before it, so the first rows alone
 * answer as the whole file would. Nothing is kept. */
#include <stdlib.h>
#include <string.h>

#include "core/import/internal.h"
#include "io/csv-reader.h"
#include "util/buf.h"
#include "util/banned.h"

/* stops the reader once the rows wanted are copied (not an error) */
#define COPY_DONE 1

struct head_copy {
	struct buf out;
	char delim;
	unsigned long want;	/* data rows */
};

/* The record as it was read, raw (no apostrophe added: the importer reads
 * the text as the file holds it). */
static int copy_record(const struct csv_record *rec, void *data)
{
	struct head_copy *c = data;
	for (size_t i = 0; i < rec->nfields; i++)
		csv_write_field_n(&c->out, rec->fields[i], rec->lens[i], c->delim, 0);
	csv_write_row_end(&c->out);
	return rec->index >= c->want ? COPY_DONE : 0;
}

/* The row of record ROW in A (decisions or rejects), or NULL. */
static json_t *of_row(json_t *a, json_int_t row)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		if (json_integer_value(json_object_get(v, "row")) == row)
			return v;
	return NULL;
}

int import_preview_check(struct fc_ctx *ctx, FILE *f,
			 const struct import_options *o, int rows,
			 json_t **out, struct fc_error *err)
{
	struct head_copy c = { BUF_INIT, 0, (unsigned long)rows };
	struct csv_reader_options ropt = { .delim = o->delim };
	struct import_options dry = *o;
	struct import_summary s;
	struct csv_reader rd;
	unsigned char chunk[65536];
	size_t n;
	int rc = 0;

	if (o->kind != IMPORT_ACCOUNTS && o->kind != IMPORT_CONTACTS &&
	    o->kind != IMPORT_DEALS) {
		*out = json_array();	/* a history's rows are no records */
		return 0;
	}
	c.delim = o->delim;
	if (!c.delim) {
		/* the reader detects it from the first bytes: so does the copy */
		n = fread(chunk, 1, sizeof(chunk), f);
		c.delim = csv_detect_delim((const char *)chunk, n);
		rewind(f);
	}
	ropt.delim = c.delim;
	csv_reader_init(&rd, &ropt, copy_record, &c, err);
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = csv_reader_feed(&rd, chunk, n);
	if (!rc)
		rc = csv_reader_finish(&rd);
	csv_reader_release(&rd);
	if (rc && rc != COPY_DONE) {
		buf_release(&c.out);
		return rc > 0 ? FC_EINVAL : rc;
	}
	FILE *head = fmemopen(c.out.s ? c.out.s : (char *)"", c.out.len ?
			      c.out.len : 1, "rb");
	if (!head) {
		buf_release(&c.out);
		return fc_fail(err, FC_ESTORE, NULL, "out of memory");
	}
	dry.delim = c.delim;
	dry.dry_run = 1;
	dry.resume = 0;
	dry.input_hash = NULL;
	dry.rejected = NULL;
	dry.progress = NULL;
	import_summary_init(&s);
	rc = import_csv(ctx, head, &dry, &s, err);
	fclose(head);
	buf_release(&c.out);
	if (rc) {
		import_summary_release(&s);
		return rc;
	}
	json_t *checks = json_array();
	for (json_int_t row = 1; row <= (json_int_t)s.read; row++) {
		json_t *d = of_row(s.decisions, row), *r = of_row(s.rejects, row);
		json_t *record = d ? json_object_get(d, "record") : NULL;
		json_array_append_new(checks, json_pack(
			"{s:I, s:s, s:o, s:O}", "row", row, "outcome",
			d ? json_string_value(json_object_get(d, "outcome")) :
			r ? "rejected" : "imported", "reason",
			d ? json_copy(json_object_get(d, "reason")) :
			r ? json_copy(json_object_get(r, "reason")) : json_null(),
			"record", record ? record : json_null()));
	}
	import_summary_release(&s);
	*out = checks;
	return 0;
}
