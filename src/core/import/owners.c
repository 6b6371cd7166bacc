/* What an import's summary says of owners: the other CRM's owners that
 * named no user (their rows went to the importer), and each row's outcome
 * by the owner the file names, which `import salesforce DIR` turns into
 * its table per owner (import/folder.c). */
#include <string.h>

#include "core/import/internal.h"
#include "util/banned.h"

void import_owner_unknown(struct import_summary *s, const char *ref)
{
	if (!s->owners_unknown)
		return;
	if (!json_object_get(s->owners_unknown, ref) &&
	    json_object_size(s->owners_unknown) >= IMPORT_OWNERS_UNKNOWN_MAX)
		ref = "...";
	json_t *n = json_object_get(s->owners_unknown, ref);
	json_object_set_new(s->owners_unknown, ref,
			    json_integer(n ? json_integer_value(n) + 1 : 1));
}

void import_tally_owner(struct import_summary *s, const char *owner,
			const char *outcome)
{
	if (!s->by_owner)
		return;
	if (!owner)
		owner = "";
	if (!json_object_get(s->by_owner, owner) &&
	    json_object_size(s->by_owner) >= IMPORT_OWNERS_TALLIED_MAX)
		owner = "...";
	json_t *t = json_object_get(s->by_owner, owner);
	if (!t) {
		t = json_pack("{s:i, s:i, s:i, s:i, s:i}", "read", 0, "imported", 0,
			      "updated", 0, "skipped", 0, "rejected", 0);
		json_object_set_new(s->by_owner, owner, t);
	}
	json_object_set_new(t, "read", json_integer(json_integer_value(
		json_object_get(t, "read")) + 1));
	json_object_set_new(t, outcome, json_integer(json_integer_value(
		json_object_get(t, outcome)) + 1));
}
