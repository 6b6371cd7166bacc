/* The "Their name=our name" lists of --map, --stage-map and the presets,
 * and where a stage of another CRM lands in a process; see internal.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/import/internal.h"
#include "util/xmalloc.h"
#include "util/banned.h"

char *import_trim_dup(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* Splits "A=b,C=d" (or one pair a line, for map files) into pairs. */
int import_pairs_parse(const char *spec, const char *what, struct pair **out,
		       size_t *n, struct fc_error *err)
{
	char sep = strchr(spec, '\n') ? '\n' : ',';
	const char *p = spec;
	while (*p) {
		const char *end = strchr(p, sep);
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *item = import_trim_dup(p, len);
		p += len + (end ? 1 : 0);
		if (!*item || item[0] == '#') {
			free(item);
			continue;
		}
		char *eq = strrchr(item, '=');
		if (!eq || eq == item || !eq[1]) {
			int rc = fc_fail(err, FC_EUSAGE, what, "'%s' in %s is not "
					 "'Their name=our name'", item, what);
			free(item);
			return rc;
		}
		if (*n >= MAP_MAX) {
			free(item);
			return fc_fail(err, FC_ELIMIT, what, "%s has more than %d entries",
				       what, MAP_MAX);
		}
		*out = xrealloc(*out, (*n + 1) * sizeof(**out));
		(*out)[*n].from = import_trim_dup(item, (size_t)(eq - item));
		(*out)[*n].to = import_trim_dup(eq + 1, strlen(eq + 1));
		(*n)++;
		free(item);
	}
	return 0;
}

void import_pairs_free(struct pair *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].from);
		free(p[i].to);
	}
	free(p);
}

const char *import_pairs_find(const struct pair *p, size_t n, const char *from)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(p[i].from, from))
			return p[i].to;
	return NULL;
}

int import_stage_map(const struct import_stage_map *m, const struct process *p,
		     const char *stage, int *step, int *closed)
{
	const char *to = import_pairs_find(m->pairs, m->n, stage);
	enum phase ph;
	if (!to)
		to = stage;
	*step = STEP_UNKNOWN;
	*closed = DEAL_OPEN;
	if (!strcasecmp(to, "won")) {
		*closed = DEAL_WON;
		return 0;
	}
	if (!strcasecmp(to, "lost")) {
		*closed = DEAL_LOST;
		return 0;
	}
	for (int i = 0; i < p->nsteps; i++)
		if (!strcasecmp(p->steps[i].key, to) ||
		    !strcasecmp(p->steps[i].name, to)) {
			*step = i;
			return 0;
		}
	if (!phase_parse(to, &ph))
		for (int i = 0; i < p->nsteps; i++)
			if (p->steps[i].phase == ph) {
				*step = i;
				return 0;
			}
	return -1;
}

