/* The fixture of the core unit tests: a fresh migrated SQLite database in a
 * temporary file, organisation "Acme" (an admin, teams "east" and "west"
 * with a manager and reps each) and a second organisation "Other", on a
 * fixed day. Small builders make accounts, contacts, deals and wants, and
 * walk a deal through its steps. Every builder fails the test on error. */
#ifndef FC_TESTS_CORE_HELPERS_H
#define FC_TESTS_CORE_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>

#include "core/ctx.h"

/* The fixture's day: tests move fx.ctx.now to step through time. */
#define FX_TODAY "2024-06-03"

#define ADMIN "admin@acme.test"
#define MGR_EAST "max@acme.test"
#define REP_EAST1 "rae@acme.test"
#define REP_EAST2 "roy@acme.test"
#define MGR_WEST "mia@acme.test"
#define REP_WEST "rob@acme.test"
#define ADMIN_OTHER "admin@other.test"
#define REP_OTHER "rita@other.test"

struct fx {
	char dir[64];
	char path[128];
	struct db *db;
	struct fc_ctx ctx;
	int64_t org, org_other;
	int64_t admin, mgr_east, rep_east1, rep_east2, mgr_west, rep_west;
	int64_t admin_other, rep_other;
	struct fc_error err;
};

extern struct fx fx;

/* cmocka setup/teardown: a new database for every test. */
int fx_setup(void **state);
int fx_teardown(void **state);

/* Acts as the user with EMAIL (keeps the clock). */
void fx_as(const char *email);
/* Sets the clock to noon of today + DAYS. */
void fx_day(int days);
/* Today + DAYS as "YYYY-MM-DD" (one of 8 rotating static buffers). */
const char *fx_date(int days);

/* Builders: run as the acting user, fail the test on error. */
int64_t fx_account(const char *name);
int64_t fx_contact(int64_t account_id, const char *name);
/* Sets the contact's need, timing window (day offsets) and comfort. */
void fx_qualify(int64_t contact_id, const char *need, int from, int to,
		int comfort);
/* A deal of VALUE whole units, next step due in DUE days. */
int64_t fx_deal(const char *title, int64_t account_id, int64_t contact_id,
		int64_t value, int due);
/* An account, a qualified contact and a deal in one call. */
int64_t fx_deal_quick(const char *title, int64_t value);
int64_t fx_want(int64_t deal_id, const char *kind, int importance);
/* An offering (created as the admin). */
int64_t fx_offering(const char *name);
int64_t fx_fit(int64_t want_id, int64_t offering_id);
/* Logs a call with an agreement on a next step due DUE days after the
 * clock's day. */
int64_t fx_agree(int64_t deal_id, const char *what, int due);
/* Logs a meeting where the customer placed the order, with the next step
 * WHAT due DUE days after the clock's day. */
int64_t fx_order(int64_t deal_id, const char *what, int due);
/* Satisfies the deal's criteria and advances it to step TO. */
void fx_walk(int64_t deal_id, const char *to);
/* Walks to agree, records the order and wins it delivered today. */
void fx_win(int64_t deal_id);

/* Field S of record ID of ENTITY as text ("" for NULL), or an integer. */
char *fx_text(const char *table, int64_t id, const char *column);
int64_t fx_int(const char *sql, ...);
/* A snapshot of every table's rows that rules touch: compare two of them
 * (and free both) to show a refusal changed nothing. */
char *fx_state(void);

/* Checks a refusal: RC is FC_ERULE, the rule is RULE, and the message holds
 * every one of the NULL-terminated substrings that follow. */
void fx_assert_refused(int rc, const char *rule, ...);
/* RC is CODE and the message holds NEEDLE. */
void fx_assert_fail(int rc, int code, const char *needle);

#define OK(call) do { \
	fc_error_clear(&fx.err); \
	int rc_ = (call); \
	if (rc_) \
		fail_msg("%s failed (%d): %s", #call, rc_, fx.err.message); \
} while (0)

#endif
