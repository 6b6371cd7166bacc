/* The options of an import by name and text value, parsed once for every
 * front end (the CLI's --flags, the API's query parameters); see
 * import_option_set() in import.h. */
#include <stdlib.h>
#include <string.h>

#include "core/import/import.h"
#include "io/value-parse.h"
#include "util/banned.h"

const char *const import_option_names[] = {
	"preset", "map", "stage_map", "delimiter", "date_format", "dry_run",
	"on_duplicate", "resume", "batch", "allow_duplicates", "leads", "keep_unmapped", NULL
};

/* A flag: given without a value, or true/1; false/0 turns it off. */
static int flag(const char *name, const char *v, int *out,
		struct fc_error *err)
{
	if (!v || !*v || !strcmp(v, "true") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "false") || !strcmp(v, "0"))
		*out = 0;
	else
		return fc_fail(err, FC_EINVAL, name, "'%s' must be true or false, "
			       "not '%.40s'", name, v);
	return 0;
}

static int batch(const char *v, int *out, struct fc_error *err)
{
	char *end = NULL;
	long long n = v && *v ? strtoll(v, &end, 10) : 0;
	if (!v || !*v || *end || n < 1 || n > IMPORT_BATCH_MAX)
		return fc_fail(err, FC_EINVAL, "batch", "'batch' must be a number "
			       "1-%d, not '%.40s'", IMPORT_BATCH_MAX, v ? v : "");
	*out = (int)n;
	return 0;
}

static int delimiter(const char *v, char *out, struct fc_error *err)
{
	if (v && (!strcmp(v, "tab") || !strcmp(v, "\\t")))
		*out = '\t';
	else if (v && strlen(v) == 1 && strchr(",;|\t", v[0]))
		*out = v[0];
	else
		return fc_fail(err, FC_EINVAL, "delimiter", "'delimiter' must be , ; "
			       "| or tab, not '%.40s'", v ? v : "");
	return 0;
}

int import_option_set(struct import_options *o, const char *name,
		      const char *value, struct fc_error *err)
{
	char key[32];
	size_t n = strlen(name);
	int d;
	if (n >= sizeof(key))
		n = sizeof(key) - 1;
	for (size_t i = 0; i < n; i++)	/* the CLI's --stage-map is stage_map */
		key[i] = name[i] == '-' ? '_' : name[i];
	key[n] = '\0';

	if (!strcmp(key, "preset"))
		o->preset = value;
	else if (!strcmp(key, "map"))
		o->map = value;
	else if (!strcmp(key, "stage_map"))
		o->stage_map = value;
	else if (!strcmp(key, "delimiter"))
		return delimiter(value, &o->delim, err);
	else if (!strcmp(key, "date_format")) {
		if (!value || (d = value_date_format_from_name(value)) < 0)
			return fc_fail(err, FC_EINVAL, "date_format", "'date_format' "
				       "must be iso, us or eu, not '%.40s'",
				       value ? value : "");
		o->date_format = d;
	} else if (!strcmp(key, "dry_run"))
		return flag("dry_run", value, &o->dry_run, err);
	else if (!strcmp(key, "resume"))
		return flag("resume", value, &o->resume, err);
	else if (!strcmp(key, "leads"))
		return flag("leads", value, &o->leads, err);
	else if (!strcmp(key, "keep_unmapped"))
		return flag("keep_unmapped", value, &o->keep_unmapped, err);
	else if (!strcmp(key, "on_duplicate")) {
		if (!value || (d = import_dup_parse(value)) < 0)
			return fc_fail(err, FC_EINVAL, "on_duplicate", "'on_duplicate' "
				       "must be skip, update or error, not '%.40s'",
				       value ? value : "");
		o->on_dup = (enum import_dup)d;
	} else if (!strcmp(key, "batch"))
		return batch(value, &o->batch, err);
	else if (!strcmp(key, "allow_duplicates"))
		return flag("allow_duplicates", value, &o->allow_duplicates, err);
	else
		return fc_fail(err, FC_EINVAL, NULL, "no import option '%.40s'", name);
	return 0;
}
