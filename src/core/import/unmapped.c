/* --keep-unmapped: the columns of another CRM's export that no field takes
 * are kept rather than dropped. One named as a custom field of the kind
 * (its key, "Birthdate" for birthdate, or its label, any case) fills that
 * field; the others of a contact go to an appendix of its notes,
 * "Imported fields: Col: value; Col: value", cut to fit the notes. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/import/internal.h"
#include "core/import/picklist.h"
#include "util/buf.h"
#include "util/banned.h"

/* HEADER as a custom field's key would be: lower case, a run of other
 * characters than letters and digits one '_', none at either end. */
static void key_of(const char *header, char *out, size_t size)
{
	size_t n = 0;
	int gap = 0;
	for (const char *p = header; *p && n + 1 < size; p++) {
		if (isalnum((unsigned char)*p)) {
			if (gap && n && n + 2 < size)
				out[n++] = '_';
			out[n++] = (char)tolower((unsigned char)*p);
			gap = 0;
		} else {
			gap = 1;
		}
	}
	out[n] = '\0';
}

const struct field_def *import_unmapped_field(const struct field_def *defs,
					      int n, const char *header)
{
	char key[FIELD_KEY_MAX + 1];
	key_of(header, key, sizeof(key));
	for (int i = 0; i < n; i++)
		if (!defs[i].archived && (!strcmp(defs[i].key, key) ||
					  !strcasecmp(defs[i].label, header)))
			return &defs[i];
	return NULL;
}

void import_unmapped_append(struct buf *b, const char *header,
			    const char *value)
{
	buf_addf(b, "%s%s: %s", b->len ? "; " : "", header, value);
}

void import_unmapped_notes(json_t *in, const char *appendix)
{
	static const char head[] = "Imported fields: ";
	const char *notes = json_string_value(json_object_get(in, "notes"));
	struct buf b = BUF_INIT;
	if (notes && *notes)
		buf_addf(&b, "%s\n\n", notes);
	if (b.len + sizeof(head) >= IMPORT_NOTES_MAX) {
		buf_release(&b);
		return;	/* their notes fill the field already */
	}
	buf_adds(&b, head);
	size_t room = IMPORT_NOTES_MAX - b.len;
	buf_add(&b, appendix, picklist_cut(appendix, room));
	json_object_set_new(in, "notes", json_string(b.s));
	buf_release(&b);
}
