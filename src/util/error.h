/* Errors: functions that can fail return 0 or a negative enum fc_err, and
 * fill an optional struct fc_error saying what to tell the user. One table
 * (error.c) maps each kind to the CLI's exit code and the HTTP status. */
#ifndef FC_UTIL_ERROR_H
#define FC_UTIL_ERROR_H

enum fc_err {
	FC_OK = 0,
	FC_EINVAL = -1,		/* bad input: a field's value, a malformed file */
	FC_ERULE = -2,		/* a process rule refused (R1..R6) */
	FC_ENOTFOUND = -3,	/* no such record, or not visible to the caller */
	FC_EFORBIDDEN = -4,	/* visible, but the caller may not do this */
	FC_ECONFLICT = -5,	/* duplicate key, or a state that forbids it */
	FC_ESTALE = -6,		/* If-Match did not match: someone else changed it */
	FC_ESTORE = -7,		/* the database or the system failed */
	FC_EUSAGE = -8,		/* the command line was wrong */
	FC_EAUTH = -9,		/* not signed in, or bad credentials */
	FC_ELIMIT = -10,	/* too large, too many, too fast */
};

struct fc_error {
	int code;		/* enum fc_err */
	char rule[32];		/* for FC_ERULE: "next-step-required", ... */
	char field[64];		/* the input field at fault, if any */
	char message[512];	/* lowercase, no final period */
};

/* Sets ERR (when not NULL) and returns CODE, so callers can write
 * `return fc_fail(err, FC_EINVAL, "title", "'title' is required");`. */
int fc_fail(struct fc_error *err, int code, const char *field,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A rule refusal: message becomes "refused (RULE): ...". */
int fc_refuse(struct fc_error *err, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void fc_error_clear(struct fc_error *err);

const char *fc_strerror(int code);
int fc_exit_code(int code);	/* the CLI's exit status for CODE */
int fc_http_status(int code);	/* the HTTP status for CODE */
const char *fc_problem_slug(int code);	/* "validation", "not-found", ... */

#endif
