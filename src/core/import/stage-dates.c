/* The stage a "Date entered" column of a deals export dates: HubSpot's
 * deals export has, per stage of each pipeline, a column
 * `Date entered "Appointment Scheduled (Sales Pipeline)"` (also written
 * without the quotes) holding when the deal entered that stage, empty when
 * it never did. `import history` with such a preset turns each non-empty
 * one into a (deal, stage, date) row (csv.c, row_stage_dates). */
#include <string.h>
#include <strings.h>

#include "core/import/internal.h"
#include "util/banned.h"

#define PREFIX "date entered"

static int space(char c)
{
	return c == ' ' || c == '\t';
}

int import_stage_date_column(const char *header, char *stage, size_t size)
{
	size_t pl = strlen(PREFIX), n;
	const char *s, *e;

	if (!header || strncasecmp(header, PREFIX, pl) || !space(header[pl]))
		return 0;
	for (s = header + pl; space(*s); s++)
		;
	for (e = s + strlen(s); e > s && space(e[-1]); e--)
		;
	if (e - s >= 2 && *s == '"' && e[-1] == '"') {
		s++;
		e--;
	}
	/* the last parenthesised group names the pipeline, not the stage */
	if (e > s && e[-1] == ')') {
		const char *o = e - 1;
		int depth = 0;
		for (; o >= s; o--) {
			if (*o == ')')
				depth++;
			else if (*o == '(' && !--depth)
				break;
		}
		if (o > s) {
			for (e = o; e > s && space(e[-1]); e--)
				;
		}
	}
	while (s < e && space(*s))
		s++;
	n = (size_t)(e - s);
	if (!n || n >= size)
		return 0;
	memcpy(stage, s, n);
	stage[n] = '\0';
	return 1;
}
