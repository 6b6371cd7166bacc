/* The fetch pass over the BCC mailbox; see mail-fetch.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/imap-idle.h"
#include "core/imap-session.h"
#include "core/lease.h"
#include "core/mail-fetch.h"
#include "core/mail-ingest.h"
#include "io/imap-reply.h"
#include "util/xmalloc.h"
#include "util/banned.h"

enum { OUT_LOGGED, OUT_DUPLICATE, OUT_NO_USER, OUT_MALFORMED, OUT_TOO_LARGE,
       OUT_GONE };

const char *const mail_fetch_outcomes[] = { "logged", "duplicate", "no_user",
	"malformed", "too_large", "gone", NULL };

/* How far the fetcher has read FOLDER: its UIDVALIDITY and last UID
 * handled, 0 when never. */
static int state_get(struct fc_ctx *ctx, const char *folder,
		     int64_t *validity, int64_t *last, struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT uidvalidity, last_uid "
					"FROM mail_mailbox_state WHERE org_id "
					"= ? AND folder = ?");
	int rc;
	if (!st)
		return db_error(ctx->db, err);
	db_bind_int(st, 1, ctx->org_id);
	db_bind_text(st, 2, folder);
	*validity = *last = 0;
	if ((rc = db_step(st)) > 0) {
		*validity = db_col_int(st, 0);
		*last = db_col_int(st, 1);
	}
	db_done(st);
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

static int state_set(struct fc_ctx *ctx, const char *folder,
		     int64_t validity, int64_t last, struct fc_error *err)
{
	char now[21];
	ctx_now_time(ctx, now);
	if (db_run(ctx->db, "INSERT INTO mail_mailbox_state (org_id, folder, "
		   "uidvalidity, last_uid, fetched_at) VALUES (?, ?, ?, ?, ?) "
		   "ON CONFLICT (org_id, folder) DO UPDATE SET uidvalidity = "
		   "excluded.uidvalidity, last_uid = excluded.last_uid, "
		   "fetched_at = excluded.fetched_at", "isiis", ctx->org_id,
		   folder, validity, last, now) < 0)
		return db_error(ctx->db, err);
	return 0;
}

/* Where a folder never read before (or whose UIDVALIDITY changed, so its
 * old UIDs mean nothing) starts: just below its first unseen message, or
 * past its last message when all were read. */
static int starting_uid(struct imap_session *s, const char *folder,
			int64_t uidnext, int64_t *last, struct fc_error *err)
{
	struct buf answer;
	int64_t first;
	int rc;
	buf_init(&answer, 16 * 1024 * 1024);
	rc = imap_command(s, folder, "UID SEARCH UNSEEN", &answer, err);
	if (!rc)
		*last = imap_search_uids(answer.s, answer.len, 0, &first, 1) ?
			first - 1 : uidnext - 1;
	buf_release(&answer);
	return rc;
}

/* Marks message UID as handled on the server: \Seen, or moved to
 * M->move_to when it was logged and the mailbox moves them. */
static int mark(struct imap_session *s, const struct mail_mailbox *m,
		int64_t uid, int logged, struct fc_error *err)
{
	char cmd[64 + MAILBOX_FOLDER_MAX];
	struct buf answer;
	int rc;
	buf_init(&answer, 64 * 1024);
	if (logged && !strcmp(m->after_logged, "move")) {
		snprintf(cmd, sizeof(cmd), "UID MOVE %" PRId64 " \"%s\"", uid,
			 m->move_to);
		rc = imap_command(s, m->folder, cmd, &answer, err);
		if (rc) {
			/* a server without MOVE (RFC 6851): copy, then delete
			 * and expunge this one message (UIDPLUS) */
			fc_error_clear(err);
			snprintf(cmd, sizeof(cmd), "UID COPY %" PRId64 " \"%s\"",
				 uid, m->move_to);
			rc = imap_command(s, m->folder, cmd, &answer, err);
			snprintf(cmd, sizeof(cmd), "UID STORE %" PRId64
				 " +FLAGS.SILENT (\\Seen \\Deleted)", uid);
			if (!rc)
				rc = imap_command(s, m->folder, cmd, &answer, err);
			snprintf(cmd, sizeof(cmd), "UID EXPUNGE %" PRId64, uid);
			if (!rc)
				rc = imap_command(s, m->folder, cmd, &answer, err);
		}
	} else {
		snprintf(cmd, sizeof(cmd), "UID STORE %" PRId64
			 " +FLAGS.SILENT (\\Seen)", uid);
		rc = imap_command(s, m->folder, cmd, &answer, err);
	}
	buf_release(&answer);
	return rc;
}

static json_t *message_row(int64_t uid, int outcome,
			   const struct mail_ingest_result *r, size_t size,
			   const char *reason)
{
	return json_pack("{s:I, s:s, s:s, s:i, s:i, s:s, s:I}", "uid",
			 (json_int_t)uid, "outcome", mail_fetch_outcomes[outcome],
			 "message_id", r->message_id, "interactions",
			 r->interactions, "candidates", r->candidates, "reason",
			 reason, "size", (json_int_t)size);
}

/* Fetches, logs and marks message UID; *OUTCOME says what became of it.
 * An error leaves it unhandled, to be fetched again. */
static int handle(struct fc_ctx *ctx, struct imap_session *s,
		  const struct mail_mailbox *m, int64_t uid, struct buf *raw,
		  struct mail_fetch_pass *p, struct fc_error *err)
{
	struct mail_ingest_result r;
	char reason[600] = "";
	int outcome, rc;
	memset(&r, 0, sizeof(r));
	rc = imap_fetch(s, m->folder, uid, raw, err);
	if (rc == FC_ELIMIT || rc == FC_ENOTFOUND) {
		outcome = rc == FC_ELIMIT ? OUT_TOO_LARGE : OUT_GONE;
		snprintf(reason, sizeof(reason), "%s", err->message);
		fc_error_clear(err);
	} else if (rc) {
		return rc;
	} else {
		if ((rc = mail_ingest(ctx, raw->s, raw->len, &r, err)))
			return rc;
		outcome = r.outcome == MAIL_INGEST_LOGGED ? OUT_LOGGED :
			r.outcome == MAIL_INGEST_DUPLICATE ? OUT_DUPLICATE :
			r.outcome == MAIL_INGEST_NO_USER ? OUT_NO_USER :
			OUT_MALFORMED;
		snprintf(reason, sizeof(reason), "%s", r.reason);
	}
	if (outcome == OUT_MALFORMED || outcome == OUT_TOO_LARGE)
		fprintf(stderr, "fulcrum: mailbox %s, message UID %" PRId64
			": %s; skipped\n", m->folder, uid, reason);
	if (outcome != OUT_GONE &&
	    (rc = mark(s, m, uid, outcome == OUT_LOGGED ||
		       outcome == OUT_DUPLICATE, err)))
		return rc;
	p->counts[outcome]++;
	if (p->on_message) {
		json_t *row = message_row(uid, outcome, &r, raw->len, reason);
		p->on_message(p->arg, row);
		json_decref(row);
	}
	return 0;
}

/* Takes or renews P's lease of CTX's organisation: 1 held, 0 another
 * holds it, or an error. */
static int hold_lease(struct fc_ctx *ctx, struct mail_fetch_pass *p,
		      struct fc_error *err)
{
	int rc = lease_take(ctx->db, MAIL_FETCH_LEASE, ctx->org_id, p->holder,
			    MAIL_FETCH_LEASE_MS);
	return rc < 0 ? db_error(ctx->db, err) : rc;
}

/* Ends a pass that returns RC: its lease given back when P asks. */
static int give_back(struct fc_ctx *ctx, struct mail_fetch_pass *p, int rc)
{
	if (p->holder && p->give_back &&
	    lease_give_back(ctx->db, MAIL_FETCH_LEASE, ctx->org_id, p->holder))
		fprintf(stderr, "fulcrum: mail fetch: the lease was not given "
			"back (%s); it runs out in %d minutes\n", ctx->db->errmsg,
			MAIL_FETCH_LEASE_MS / 60000);
	return rc;
}

int mail_fetch_run(struct fc_ctx *ctx, struct mail_fetch_pass *p,
		   struct fc_error *err)
{
	struct mail_mailbox m;
	struct imap_session *s = NULL;
	struct buf answer, raw;
	int64_t validity = 0, last = 0, server_validity = 0, uidnext = 0;
	int64_t *uids = NULL;
	size_t n = 0;
	char cmd[64 + MAILBOX_FOLDER_MAX];
	int rc;
	if ((rc = mail_mailbox_get(ctx, &m, err)))
		return rc;
	if (p->holder && (rc = hold_lease(ctx, p, err)) <= 0) {
		p->busy = !rc;
		return rc;
	}
	if ((rc = state_get(ctx, m.folder, &validity, &last, err)) ||
	    (rc = imap_open(&m, &s, err)))
		return give_back(ctx, p, rc);
	buf_init(&answer, 16 * 1024 * 1024);
	buf_init(&raw, (size_t)IMAP_MESSAGE_MAX + 1);
	snprintf(cmd, sizeof(cmd), "STATUS \"%s\" (UIDVALIDITY UIDNEXT)",
		 m.folder);
	rc = imap_command(s, NULL, cmd, &answer, err);
	if (!rc && (imap_status_item(answer.s, answer.len, "UIDVALIDITY",
				     &server_validity) ||
		    imap_status_item(answer.s, answer.len, "UIDNEXT",
				     &uidnext)))
		rc = fc_fail(err, FC_ESTORE, NULL, "the IMAP server %s:%d did "
			     "not give the UIDVALIDITY of folder '%s'", m.host,
			     m.port, m.folder);
	if (!rc && server_validity != validity) {
		rc = starting_uid(s, m.folder, uidnext, &last, err);
		if (!rc)
			rc = state_set(ctx, m.folder, server_validity, last, err);
	}
	if (!rc) {
		snprintf(cmd, sizeof(cmd), "UID SEARCH UID %" PRId64 ":*",
			 last + 1);
		rc = imap_command(s, m.folder, cmd, &answer, err);
	}
	if (!rc) {
		uids = xcalloc(MAIL_FETCH_BATCH, sizeof(*uids));
		n = imap_search_uids(answer.s, answer.len, last, uids,
				     MAIL_FETCH_BATCH);
	}
	for (size_t i = 0; !rc && i < n; i++) {
		if (p->keep_going && !p->keep_going(p->arg))
			break;
		if (p->holder && (rc = hold_lease(ctx, p, err)) <= 0)
			break;
		rc = handle(ctx, s, &m, uids[i], &raw, p, err);
		if (!rc)
			rc = state_set(ctx, m.folder, server_validity, uids[i],
				       err);
	}
	free(uids);
	buf_release(&raw);
	buf_release(&answer);
	imap_close(s);
	return give_back(ctx, p, rc);
}

int64_t mail_fetch_interval_ms(void)
{
	const char *s = getenv("FULCRUM_MAIL_FETCH_INTERVAL_MS");
	char *end;
	long long v;
	if (!s || !*s)
		return MAIL_FETCH_INTERVAL_MS;
	v = strtoll(s, &end, 10);
	if (*end || v < 1 || v > 86400000)
		return MAIL_FETCH_INTERVAL_MS;
	return v;
}

/* Goes on while the server runs. */
static int serve_keep_going(void *arg)
{
	return !*(volatile int *)arg;
}

/* ORG's first active admin, whom the fetch runs as; 0 when none. */
static int64_t org_admin(struct db *db, int64_t org)
{
	int64_t id = 0;
	if (db_query_int(db, &id, "SELECT id FROM users WHERE org_id = ? AND "
			 "role = 'admin' AND active = 1 ORDER BY id LIMIT 1", "i",
			 org))
		return 0;
	return id;
}

int mail_fetch_all(struct db *db, const char *holder,
		   volatile int *stopping)
{
	int64_t orgs[64];
	int n = 0, failed = 0;
	struct db_stmt *st = db_prepare(db, "SELECT org_id FROM mail_mailbox "
					"ORDER BY org_id");
	if (!st) {
		fprintf(stderr, "fulcrum: mail fetch: %s\n", db->errmsg);
		return 1;
	}
	while (n < (int)(sizeof(orgs) / sizeof(*orgs)) && db_step(st) > 0)
		orgs[n++] = db_col_int(st, 0);
	db_done(st);
	for (int i = 0; i < n && !*stopping; i++) {
		struct mail_fetch_pass p = { .keep_going = serve_keep_going,
					     .arg = (void *)stopping,
					     .holder = holder };
		struct fc_error err = { 0 };
		struct fc_ctx ctx;
		int64_t admin;
		ctx_init(&ctx, db);
		admin = org_admin(db, orgs[i]);
		if (!admin || ctx_act_as_id(&ctx, orgs[i], admin, &err) ||
		    mail_fetch_run(&ctx, &p, &err)) {
			failed++;
			fprintf(stderr, "fulcrum: mail fetch, organisation %"
				PRId64 ": %s\n", orgs[i], admin ? err.message :
				"it has no active admin to fetch as");
		} else if (p.counts[0] + p.counts[1] + p.counts[2] + p.counts[3] +
			 p.counts[4])
			fprintf(stderr, "fulcrum: mail fetch, organisation %"
				PRId64 ": %" PRId64 " logged, %" PRId64
				" already logged, %" PRId64 " from no user, %"
				PRId64 " malformed, %" PRId64 " too large\n",
				orgs[i], p.counts[0], p.counts[1], p.counts[2],
				p.counts[3], p.counts[4]);
	}
	return failed;
}

struct idle_watch {
	struct db *db;
	const char *holder;
	int64_t org;
	volatile int *stopping;
	int64_t renew_at;	/* ms: when the lease is renewed next */
};

/* Waits on while the server runs and this node keeps the lease, renewed
 * every minute of the wait. */
static int idle_keep_waiting(void *arg)
{
	struct idle_watch *w = arg;
	if (*w->stopping)
		return 0;
	if (lease_clock_ms() < w->renew_at)
		return 1;
	w->renew_at = lease_clock_ms() + MAIL_FETCH_LEASE_MS / 3;
	return lease_take(w->db, MAIL_FETCH_LEASE, w->org, w->holder,
			  MAIL_FETCH_LEASE_MS) == 1;
}

int mail_fetch_idle(struct db *db, const char *holder,
		    volatile int *stopping)
{
	struct idle_watch w = { db, holder, 0, stopping, 0 };
	struct fc_error err = { 0 };
	struct mail_mailbox m;
	struct fc_ctx ctx;
	int64_t n = 0, admin, validity, last;
	int rc;
	if (db_query_int(db, &n, "SELECT count(*) FROM mail_mailbox", "") ||
	    n != 1 ||
	    db_query_int(db, &w.org, "SELECT org_id FROM mail_mailbox", "") ||
	    lease_take(db, MAIL_FETCH_LEASE, w.org, holder,
		       MAIL_FETCH_LEASE_MS) != 1 ||
	    !(admin = org_admin(db, w.org)))
		return 0;
	w.renew_at = lease_clock_ms() + MAIL_FETCH_LEASE_MS / 3;
	ctx_init(&ctx, db);
	if ((rc = ctx_act_as_id(&ctx, w.org, admin, &err)) ||
	    (rc = mail_mailbox_get(&ctx, &m, &err)) ||
	    (rc = state_get(&ctx, m.folder, &validity, &last, &err)))
		goto failed;
	rc = imap_idle(&m, last, IMAP_IDLE_MAX_MS, idle_keep_waiting, &w,
		       &err);
	if (rc == IMAP_IDLE_UNOFFERED)
		return 0;
	if (rc >= 0)
		return 1;
failed:
	if (!*stopping)
		fprintf(stderr, "fulcrum: mail fetch, organisation %" PRId64
			": %s; polling instead\n", w.org, err.message);
	return 0;
}
