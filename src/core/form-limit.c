/* Posts to lead forms per client address; see form.h. The idea is the
 * login limit's (login-limit.c): one statement adds one to the address's
 * count, restarting a count older than the window, and reads it back, so
 * parallel posts on any node are counted one after the other. */
#include <stdio.h>

#include "core/form.h"
#include "util/date.h"
#include "util/banned.h"

int form_limit_count(struct db *db, int64_t org, const char *addr,
		     int64_t now, int64_t *retry_after, struct fc_error *err)
{
	char at[TIME_LEN], since[TIME_LEN];
	struct db_stmt *st;
	int64_t posts = 0, start = now;
	int rc;

	*retry_after = 0;
	if (!addr || !*addr)
		addr = "unknown";
	time_format(now, at);
	time_format(now - FORM_ADDR_WINDOW, since);
	if (db_begin(db, 1))
		return db_error(db, err);
	st = db_prepare(db, "INSERT INTO form_posts (org_id, address, posts, "
			"window_start) VALUES (?, ?, 1, ?) ON CONFLICT (org_id, "
			"address) DO UPDATE SET posts = CASE WHEN "
			"form_posts.window_start < ? THEN 1 ELSE form_posts.posts "
			"+ 1 END, window_start = CASE WHEN form_posts.window_start "
			"< ? THEN excluded.window_start ELSE form_posts.window_start "
			"END RETURNING posts, window_start");
	if (!st) {
		db_rollback(db);
		return db_error(db, err);
	}
	db_bindf(st, "issss", org, addr, at, since, since);
	rc = db_step(st);
	if (rc > 0) {
		posts = db_col_int(st, 0);
		if (time_parse(db_col_text(st, 1), &start))
			start = now;
		rc = 0;
	} else if (rc == 0) {
		rc = db_set_error(db, FC_ESTORE, "no count returned");
	}
	db_done(st);
	/* the windows of other addresses that have passed go */
	if (!rc && db_run(db, "DELETE FROM form_posts WHERE org_id = ? AND "
			  "window_start < ?", "is", org, since) < 0)
		rc = -1;
	if (rc) {
		db_rollback(db);
		return db_error(db, err);
	}
	if (db_commit(db))
		return db_error(db, err);
	if (posts > FORM_ADDR_LIMIT) {
		*retry_after = start + FORM_ADDR_WINDOW - now;
		if (*retry_after < 1)
			*retry_after = 1;
		return fc_fail(err, FC_ELIMIT, NULL, "too many posts from your "
			       "address: try again in %lld seconds",
			       (long long)*retry_after);
	}
	return 0;
}
