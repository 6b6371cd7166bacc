/* The login limit: three counters of failed sign-ins in login_attempts,
 * shared by every node. Per (email, client address) and per address they
 * are hard limits (AUTH_PAIR_LIMIT, AUTH_ADDR_LIMIT within
 * AUTH_LIMIT_WINDOW): one guesser is stopped, and so is a spray over many
 * emails from one address. Per email alone (guessing from many addresses)
 * there is no lock, which would lock the owner out, but a growing gap
 * between attempts (refused with the seconds left, and never more than
 * AUTH_EMAIL_GAP_MAX), and none at all from an address the owner has
 * signed in from before. A refusal holds no thread: the server answers
 * at once, so guessing cannot tie the server up either.
 * Used by auth_login(); the scheme is told in docs/scaling.md. */
#ifndef FC_CORE_LOGIN_LIMIT_H
#define FC_CORE_LOGIN_LIMIT_H

#include <stdint.h>

#include "store/db.h"

struct login_limit {
	char addr[80];		/* subjects of the three counters */
	char pair[420];
	char email[340];
	int known;		/* the pair has signed in within
				   AUTH_KNOWN_SECONDS */
	int64_t retry_after;	/* FC_ELIMIT: seconds to wait */
};

/* Counts one attempt of EMAIL from ADDR (NULL: "unknown") on all three
 * counters before the password is checked, each with one statement that
 * increments and reads at once, in one transaction: parallel attempts
 * cannot all pass. FC_ELIMIT with L->retry_after when the address or the
 * pair is over its limit (the attempt still counts, so a guesser who keeps
 * on stays locked), or when the email was tried too recently from an
 * address unknown to it; otherwise 0. */
int login_limit_begin(struct db *db, const char *email, const char *addr,
		      int64_t now, struct login_limit *l, struct fc_error *err);

/* After the right password, in the caller's transaction: the attempt was
 * no failure, so the address counter takes it back (one, never more: a
 * valid account does not clear its address's failures); the pair and the
 * email start afresh and the pair is known from now on. Old rows go. */
int login_limit_success(struct db *db, const struct login_limit *l,
			int64_t now, struct fc_error *err);

#endif
