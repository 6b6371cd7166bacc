/* The one table from error kinds to exit codes and HTTP statuses. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/banned.h"

static const struct {
	int code;
	const char *text;
	const char *slug;
	int exit_code;
	int http;
} kinds[] = {
	{ FC_OK, "ok", "ok", 0, 200 },
	{ FC_EINVAL, "invalid input", "validation", 1, 400 },
	{ FC_ERULE, "refused by a rule", "rule", 1, 422 },
	{ FC_ENOTFOUND, "not found", "not-found", 3, 404 },
	{ FC_EFORBIDDEN, "forbidden", "forbidden", 1, 403 },
	{ FC_ECONFLICT, "conflict", "conflict", 1, 409 },
	{ FC_ESTALE, "changed by someone else", "precondition-failed", 1, 412 },
	{ FC_ESTORE, "storage failure", "storage", 4, 500 },
	{ FC_EUSAGE, "usage", "usage", 2, 400 },
	{ FC_EAUTH, "authentication required", "unauthorized", 1, 401 },
	{ FC_ELIMIT, "limit exceeded", "limit", 1, 413 },
};

static int find(int code)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].code == code)
			return (int)i;
	return 7;	/* unknown codes are treated as storage failures */
}

const char *fc_strerror(int code) { return kinds[find(code)].text; }
int fc_exit_code(int code) { return kinds[find(code)].exit_code; }
int fc_http_status(int code) { return kinds[find(code)].http; }
const char *fc_problem_slug(int code) { return kinds[find(code)].slug; }

void fc_error_clear(struct fc_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

int fc_fail(struct fc_error *err, int code, const char *field,
	    const char *fmt, ...)
{
	va_list ap;
	if (!err)
		return code;
	err->code = code;
	err->rule[0] = '\0';
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

int fc_refuse(struct fc_error *err, const char *rule, const char *fmt, ...)
{
	va_list ap;
	char detail[400];
	if (!err)
		return FC_ERULE;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	err->code = FC_ERULE;
	err->field[0] = '\0';
	snprintf(err->rule, sizeof(err->rule), "%s", rule);
	snprintf(err->message, sizeof(err->message), "refused (%s): %s", rule,
		 detail);
	return FC_ERULE;
}
