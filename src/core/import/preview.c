/* The preview of a CSV import: the header, the first rows, and where each
 * column would go with the chosen preset and map, so a person can check and
 * change the column map before a dry run; see import_preview() in
 * import.h. Nothing is written. */
#include <string.h>
#include <strings.h>

#include "core/import/internal.h"
#include "io/csv-reader.h"
#include "util/banned.h"

/* stops the reader once the rows wanted are read (not an error) */
#define PREVIEW_DONE 1

struct preview {
	json_t *header, *rows;
	int want;
};

static int on_record(const struct csv_record *rec, void *data)
{
	struct preview *p = data;
	json_t *row = json_array();
	for (size_t i = 0; i < rec->nfields; i++) {
		json_t *v = json_stringn(rec->fields[i], rec->lens[i]);
		json_array_append_new(row, v ? v : json_string(""));
	}
	if (rec->index == 0)
		p->header = row;
	else
		json_array_append_new(p->rows, row);
	return (int)json_array_size(p->rows) >= p->want ? PREVIEW_DONE : 0;
}

static int has_string(json_t *a, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		if (!strcasecmp(json_string_value(v), s))
			return 1;
	return 0;
}

/* Each header's field: the map's, else the preset's or its own name's. */
static int columns(const struct preset *preset, const struct import_options *o,
		   json_t *header, json_t *fields, json_t *out,
		   struct fc_error *err)
{
	struct pair *map = NULL;
	size_t nmap = 0, i;
	json_t *h;
	int rc = 0;
	if (o->map && (rc = import_pairs_parse(o->map, "map", &map, &nmap, err)))
		return rc;
	for (size_t m = 0; m < nmap && !rc; m++)
		/* a custom field ("custom.KEY") is checked by the import, which
		 * knows the organisation's fields */
		if (!has_string(fields, map[m].to) && strncmp(map[m].to, "custom.", 7))
			rc = fc_fail(err, FC_EINVAL, "map", "'%s' in the map is not a "
				     "field the import takes", map[m].to);
	json_array_foreach(header, i, h) {
		const char *name = json_string_value(h);
		const char *field = import_pairs_find(map, nmap, name);
		if (!field)
			field = import_column_field(preset, 1u << o->kind, name);
		if (!field && !strncmp(name, "custom.", 7) && o->kind != IMPORT_HISTORY)
			field = name;	/* as the CSV export writes them */
		json_array_append_new(out, json_pack("{s:s, s:s?}", "header", name,
						     "field", field));
	}
	import_pairs_free(map, nmap);
	return rc;
}

int import_preview(FILE *f, const struct import_options *o, int rows,
		   json_t **out, struct fc_error *err)
{
	static const char *const kinds[] = { "accounts", "contacts", "deals",
					     "history" };
	const struct preset *preset = import_preset_find(o->preset);
	struct csv_reader_options ropt = { .delim = o->delim };
	struct preview p = { NULL, json_array(), rows };
	struct csv_reader rd;
	unsigned char chunk[65536];
	char delim[2] = "";
	size_t n;
	int rc = 0;
	json_t *fields, *cols;

	if (!preset) {
		json_decref(p.rows);
		return fc_fail(err, FC_EINVAL, "preset", "unknown preset '%s'",
			       o->preset);
	}
	if (rows < 0 || rows > IMPORT_PREVIEW_ROWS_MAX) {
		json_decref(p.rows);
		return fc_fail(err, FC_EINVAL, "rows", "'rows' must be 0-%d",
			       IMPORT_PREVIEW_ROWS_MAX);
	}
	csv_reader_init(&rd, &ropt, on_record, &p, err);
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = csv_reader_feed(&rd, chunk, n);
	if (!rc)
		rc = csv_reader_finish(&rd);
	delim[0] = rd.delim ? rd.delim : ',';
	csv_reader_release(&rd);
	if (rc == PREVIEW_DONE)
		rc = 0;
	if (!rc && !p.header)
		rc = fc_fail(err, FC_EINVAL, NULL, "the file is empty: a CSV import "
			     "needs a header row");
	fields = import_field_names(o->kind);
	cols = json_array();
	if (!rc)
		rc = columns(preset, o, p.header, fields, cols, err);
	if (rc) {
		json_decref(p.header);
		json_decref(p.rows);
		json_decref(fields);
		json_decref(cols);
		return rc > 0 ? FC_EINVAL : rc;
	}
	json_t *presets = json_array();
	for (const struct import_preset_info *i = import_presets; i->name; i++)
		json_array_append_new(presets, json_pack("{s:s, s:s}", "name",
							 i->name, "about", i->about));
	*out = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "kind",
			 kinds[o->kind], "preset", preset->name, "delimiter",
			 delim, "columns", cols, "rows", p.rows, "fields", fields,
			 "presets", presets);
	json_decref(p.header);
	return 0;
}
