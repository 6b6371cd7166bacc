/* Counting sign-in attempts; see login-limit.h. */
#include <stdio.h>
#include <string.h>

#include "core/auth.h"
#include "core/login-limit.h"
#include "util/date.h"
#include "util/banned.h"

static void lower_copy(char *out, size_t n, const char *prefix, const char *a,
		       const char *b)
{
	size_t len = (size_t)snprintf(out, n, "%s%s%s", prefix, a, b ? b : "");
	if (len >= n)
		len = n - 1;
	/* emails compare without regard to case, so their counters must too */
	for (size_t i = 0; i < len; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
}

/* Adds one to SUBJECT's failures (restarting a count whose last failure
 * is older than the window) and reads the new count and when the subject
 * last signed in, in one statement: the row lock it takes orders
 * parallel attempts on every backend. */
static int count_one(struct db *db, const char *subject, int64_t now,
		     int64_t *failures, int64_t *succeeded, struct fc_error *err)
{
	char at[TIME_LEN], since[TIME_LEN];
	struct db_stmt *st;
	int rc;

	time_format(now, at);
	time_format(now - AUTH_LIMIT_WINDOW, since);
	st = db_prepare(db, "INSERT INTO login_attempts (subject, failures, "
			"last_failure_at) VALUES (?, 1, ?) ON CONFLICT (subject) "
			"DO UPDATE SET failures = CASE WHEN "
			"login_attempts.last_failure_at IS NULL OR "
			"login_attempts.last_failure_at < ? THEN 1 ELSE "
			"login_attempts.failures + 1 END, last_failure_at = "
			"excluded.last_failure_at RETURNING failures, succeeded_at");
	if (!st)
		return db_error(db, err);
	db_bindf(st, "sss", subject, at, since);
	rc = db_step(st);
	if (rc > 0) {
		*failures = db_col_int(st, 0);
		*succeeded = 0;
		if (db_col_text(st, 1) && time_parse(db_col_text(st, 1), succeeded))
			*succeeded = 0;
		rc = 0;
	} else {
		rc = rc == 0 ? db_set_error(db, FC_ESTORE, "no count returned") : rc;
	}
	db_done(st);
	return rc ? db_error(db, err) : 0;
}

/* Seconds an email with FAILURES recent failures waits between two
 * attempts: none up to AUTH_EMAIL_SLOW_AFTER, then 1, 2, 4... up to
 * AUTH_EMAIL_GAP_MAX. */
static int64_t email_gap(int64_t failures)
{
	int64_t over = failures - AUTH_EMAIL_SLOW_AFTER, gap = 1;
	if (over <= 0)
		return 0;
	while (--over > 0 && gap < AUTH_EMAIL_GAP_MAX)
		gap *= 2;
	return gap < AUTH_EMAIL_GAP_MAX ? gap : AUTH_EMAIL_GAP_MAX;
}

/* Seconds an attempt at the email counter SUBJECT must still wait, or 0.
 * The UPDATE that changes nothing takes the row's lock (a SELECT ... FOR
 * UPDATE on both backends), so parallel attempts pass one at a time. */
static int email_wait(struct db *db, const char *subject, int64_t now,
		      int64_t *wait, struct fc_error *err)
{
	struct db_stmt *st;
	int64_t last;
	int rc;

	*wait = 0;
	st = db_prepare(db, "UPDATE login_attempts SET failures = failures "
			"WHERE subject = ? RETURNING failures, last_failure_at");
	if (!st)
		return db_error(db, err);
	db_bind_text(st, 1, subject);
	rc = db_step(st);
	if (rc > 0) {
		int64_t gap = email_gap(db_col_int(st, 0));
		const char *at = db_col_text(st, 1);
		if (gap && at && !time_parse(at, &last) &&
		    last + AUTH_LIMIT_WINDOW > now && last + gap > now)
			*wait = last + gap - now;
		rc = 0;
	}
	db_done(st);
	return rc < 0 ? db_error(db, err) : 0;
}

int login_limit_begin(struct db *db, const char *email, const char *addr,
		      int64_t now, struct login_limit *l, struct fc_error *err)
{
	int64_t n = 0, succeeded = 0, unused, wait;
	int rc;

	memset(l, 0, sizeof(*l));
	if (!addr || !*addr)
		addr = "unknown";
	lower_copy(l->addr, sizeof(l->addr), "addr:", addr, NULL);
	/* the address first: it cannot hold a '/', so no pair is ambiguous */
	lower_copy(l->pair, sizeof(l->pair), "pair:", addr, "/");
	lower_copy(l->pair + strlen(l->pair), sizeof(l->pair) - strlen(l->pair),
		   "", email, NULL);
	lower_copy(l->email, sizeof(l->email), "email:", email, NULL);

	if ((rc = db_begin(db, 1)))
		return db_error(db, err);
	if ((rc = count_one(db, l->addr, now, &n, &unused, err)))
		goto out;
	if (n > AUTH_ADDR_LIMIT)
		goto limited;
	if ((rc = count_one(db, l->pair, now, &n, &succeeded, err)))
		goto out;
	if (n > AUTH_PAIR_LIMIT)
		goto limited;
	l->known = succeeded && succeeded + AUTH_KNOWN_SECONDS > now;
	if (!l->known) {
		if ((rc = email_wait(db, l->email, now, &wait, err)))
			goto out;
		if (wait) {
			/* too soon for this email: not a guess, so not counted
			 * at the email, which would push its owner further off */
			l->retry_after = wait;
			rc = fc_fail(err, FC_ELIMIT, NULL, "too many failed logins "
				     "for this email: try again in %lld seconds",
				     (long long)wait);
			goto out;
		}
	}
	if ((rc = count_one(db, l->email, now, &n, &unused, err)))
		goto out;
	goto out;
limited:
	l->retry_after = AUTH_LIMIT_WINDOW;
	rc = fc_fail(err, FC_ELIMIT, NULL, "too many failed logins: try again "
		     "in %lld seconds", (long long)l->retry_after);
out:
	/* a refused attempt counts too: it is committed all the same */
	if (rc && rc != FC_ELIMIT) {
		db_rollback(db);
		return rc;
	}
	if (db_commit(db))
		return db_error(db, err);
	return rc;
}

int login_limit_success(struct db *db, const struct login_limit *l,
			int64_t now, struct fc_error *err)
{
	char at[TIME_LEN], window[TIME_LEN], known[TIME_LEN];

	time_format(now, at);
	time_format(now - AUTH_LIMIT_WINDOW, window);
	time_format(now - AUTH_KNOWN_SECONDS, known);
	if (db_run(db, "UPDATE login_attempts SET failures = failures - 1 WHERE "
		   "subject = ? AND failures > 0", "s", l->addr) < 0 ||
	    db_run(db, "UPDATE login_attempts SET failures = 0, last_failure_at "
		   "= NULL, succeeded_at = ? WHERE subject = ?", "ss", at,
		   l->pair) < 0 ||
	    db_run(db, "UPDATE login_attempts SET failures = 0 WHERE subject = ?",
		   "s", l->email) < 0 ||
	    db_run(db, "DELETE FROM login_attempts WHERE last_failure_at < ? AND "
		   "succeeded_at IS NULL", "s", window) < 0 ||
	    db_run(db, "DELETE FROM login_attempts WHERE succeeded_at < ? AND "
		   "(last_failure_at IS NULL OR last_failure_at < ?)", "ss",
		   known, window) < 0)
		return db_error(db, err);
	return 0;
}
