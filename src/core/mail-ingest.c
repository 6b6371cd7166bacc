/* Incoming mail; see mail-ingest.h and docs/mail.md ("Incoming mail").
 * The message is read by io/mime-read.c; here it meets the organisation:
 * the user it belongs to, the contacts among its addresses and their open
 * deals. The interaction is written by interaction_log(), the contacts by
 * record_create(): no second path into those tables. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/duplicate.h"
#include "core/import/internal.h"
#include "core/interaction.h"
#include "core/mail-ingest.h"
#include "core/record.h"
#include "io/mime-read.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/banned.h"

/* An interaction's notes hold at most this (entities.c): the text is cut
 * to leave room for the attachments' line. */
#define NOTES_MAX 10000
#define ATTACHMENTS_NOTE_MAX 1500

static const char *const outcome_names[] = {
	[MAIL_INGEST_LOGGED] = "logged",
	[MAIL_INGEST_DUPLICATE] = "duplicate",
	[MAIL_INGEST_NO_USER] = "no_user",
	[MAIL_INGEST_MALFORMED] = "malformed",
};

const char *mail_ingest_outcome_name(enum mail_ingest_outcome o)
{
	return (unsigned)o < sizeof(outcome_names) / sizeof(outcome_names[0]) ?
	       outcome_names[o] : "unknown";
}

struct ingest {
	struct fc_ctx *ctx;	/* the caller's: the organisation's admin */
	struct fc_ctx as;	/* the user the message belongs to */
	struct mime_mail *m;
	struct mail_ingest_result *res;
	json_t *detail;		/* NULL when nobody asked */
	char own[3][MIME_ADDRESS_MAX + 1];	/* the mailbox's and the sender's */
	int outbound;		/* the user wrote it */
	int64_t deals[MIME_ADDRESSES_MAX];	/* logged on already */
	int ndeals;
	char at[TIME_LEN];
	char today[DATE_LEN];
};

/* S into the result's reason, cut between characters to fit. */
static void set_reason(struct mail_ingest_result *res, const char *s)
{
	size_t n = strnlen(s, sizeof(res->reason) - 1);
	while (n && s[n] && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(res->reason, s, n);
	res->reason[n] = '\0';
}

/* db_query_int() where no row is 0, not an error. */
static int query_id(struct db *db, int rc, int64_t *id, struct fc_error *err)
{
	if (rc == FC_ENOTFOUND) {
		*id = 0;
		return 0;
	}
	return rc < 0 ? db_error(db, err) : 0;
}

/* The active user of the organisation with ADDRESS, or 0. */
static int user_by_address(struct fc_ctx *ctx, const char *address,
			   int active_only, int64_t *id, struct fc_error *err)
{
	*id = 0;
	return query_id(ctx->db, db_query_int(ctx->db, id, active_only ?
			    "SELECT id FROM users WHERE org_id = ? AND "
			    "lower(email) = lower(?) AND active = 1" :
			    "SELECT id FROM users WHERE org_id = ? AND "
			    "lower(email) = lower(?)", "is", ctx->org_id,
			    address), id, err);
}

/* The mailbox's own addresses, never a person: where the message was
 * delivered, and the organisation's sender of outgoing mail. */
static int own_addresses(struct ingest *in, struct fc_error *err)
{
	struct db_stmt *st;
	int rc;
	snprintf(in->own[0], sizeof(in->own[0]), "%s", in->m->delivered_to[0]);
	snprintf(in->own[1], sizeof(in->own[1]), "%s", in->m->delivered_to[1]);
	in->own[2][0] = '\0';
	st = db_prepare(in->ctx->db, "SELECT from_address FROM mail_settings "
			"WHERE org_id = ?");
	if (!st)
		return db_error(in->ctx->db, err);
	db_bindf(st, "i", in->ctx->org_id);
	if ((rc = db_step(st)) > 0)
		snprintf(in->own[2], sizeof(in->own[2]), "%s", db_col_text(st, 0));
	db_done(st);
	return rc < 0 ? db_error(in->ctx->db, err) : 0;
}

static int is_own(const struct ingest *in, const char *address)
{
	for (int i = 0; i < 3; i++)
		if (in->own[i][0] && !strcasecmp(in->own[i], address))
			return 1;
	return 0;
}

/* The user the message belongs to: its sender when a user sent it (the
 * rep BCCed the mailbox), else the first user it was written to. */
static int find_user(struct ingest *in, int64_t *uid, struct fc_error *err)
{
	int rc;
	*uid = 0;
	for (int i = 0; i < in->m->naddresses; i++) {
		const struct mime_address *a = &in->m->addresses[i];
		if (is_own(in, a->address))
			continue;
		if ((rc = user_by_address(in->ctx, a->address, 1, uid, err)))
			return rc;
		/* addresses come From first, then To, then Cc */
		if (*uid) {
			in->outbound = a->role == MIME_FROM;
			return 0;
		}
	}
	return 0;
}

/* The open deal CONTACT takes part in, the user's own first, then one
 * where they are the primary contact, then the newest; 0 when none. */
static int open_deal(struct ingest *in, int64_t contact, int64_t *deal,
		     struct fc_error *err)
{
	*deal = 0;
	return query_id(in->ctx->db, db_query_int(in->ctx->db, deal, "SELECT d.id FROM deals d WHERE "
		"d.org_id = ? AND d.status = 'open' AND (d.contact_id = ? OR "
		"EXISTS (SELECT 1 FROM stakeholders s WHERE s.org_id = d.org_id "
		"AND s.deal_id = d.id AND s.contact_id = ?)) ORDER BY CASE WHEN "
		"d.owner_id = ? THEN 0 ELSE 1 END, CASE WHEN d.contact_id = ? "
		"THEN 0 ELSE 1 END, d.id DESC LIMIT 1", "iiiii", in->ctx->org_id,
		contact, contact, in->as.user.id, contact), deal, err);
}

static void text_of(struct db *db, const char *sql, int64_t org, int64_t id,
		    char *out, size_t cap)
{
	struct db_stmt *st = db_prepare(db, sql);
	out[0] = '\0';
	if (!st)
		return;
	db_bindf(st, "ii", org, id);
	if (db_step(st) > 0 && db_col_text(st, 0))
		snprintf(out, cap, "%s", db_col_text(st, 0));
	db_done(st);
}

static void human_size(size_t n, char out[24])
{
	if (n < 1024)
		snprintf(out, 24, "%zu bytes", n);
	else if (n < 1024 * 1024)
		snprintf(out, 24, "%.0f KB", n / 1024.0);
	else
		snprintf(out, 24, "%.1f MB", n / (1024.0 * 1024.0));
}

/* The interaction's notes: the text, cut at a character to fit, then the
 * attachments' names and sizes. */
static void notes_of(const struct mime_mail *m, struct buf *out)
{
	struct buf att = BUF_INIT;
	char size[24];
	buf_init(&att, ATTACHMENTS_NOTE_MAX);
	for (int i = 0; i < m->nattachments; i++) {
		human_size(m->attachments[i].size, size);
		buf_addf(&att, "%s%s (%s, %s)", i ? ", " : "Attachments: ",
			 m->attachments[i].name[0] ? m->attachments[i].name :
			 "unnamed", m->attachments[i].type, size);
	}
	if (m->attachments_dropped)
		buf_addf(&att, " and %d more", m->attachments_dropped);
	if (att.overflow) {
		size_t n = ATTACHMENTS_NOTE_MAX - 4;
		while (n && ((unsigned char)att.s[n] & 0xC0) == 0x80)
			n--;
		buf_setlen(&att, n);
		buf_adds(&att, "…");
	}
	size_t room = NOTES_MAX - att.len - 8;
	size_t n = strlen(m->text);
	if (n > room) {
		n = room - 4;
		while (n && ((unsigned char)m->text[n] & 0xC0) == 0x80)
			n--;
	}
	buf_add(out, m->text, n);
	if (n < strlen(m->text) || m->text_cut)
		buf_adds(out, " […]");
	if (att.len)
		buf_addf(out, "%s%s", out->len ? "\n\n" : "", att.s);
	buf_release(&att);
}

static int log_one(struct ingest *in, int64_t contact, int64_t deal,
		   struct fc_error *err)
{
	struct buf notes = BUF_INIT;
	int64_t iid = 0;
	int rc;
	json_t *j = json_pack("{s:s, s:I, s:s, s:b, s:b}", "kind", "email",
			      "contact_id", (json_int_t)contact, "at", in->at,
			      "planned", 0, "agreement_known", 0);
	if (deal)
		json_object_set_new(j, "deal_id", json_integer(deal));
	json_object_set_new(j, "purpose", json_string(in->m->subject[0] ?
		in->m->subject : "(no subject)"));
	buf_init(&notes, NOTES_MAX);
	notes_of(in->m, &notes);
	if (notes.len)
		json_object_set_new(j, "notes", json_string(notes.s));
	buf_release(&notes);
	rc = interaction_log(&in->as, j, &iid, err);
	json_decref(j);
	if (rc)
		return rc;
	in->res->interactions++;
	if (in->detail) {
		char name[201], title[201];
		json_t *row = json_pack("{s:I, s:I}", "id", (json_int_t)iid,
					"contact_id", (json_int_t)contact);
		text_of(in->ctx->db, "SELECT name FROM contacts WHERE org_id = ? "
			"AND id = ?", in->ctx->org_id, contact, name, sizeof(name));
		json_object_set_new(row, "contact", json_string(name));
		if (deal) {
			text_of(in->ctx->db, "SELECT title FROM deals WHERE org_id = ? "
				"AND id = ?", in->ctx->org_id, deal, title, sizeof(title));
			json_object_set_new(row, "deal_id", json_integer(deal));
			json_object_set_new(row, "deal", json_string(title));
		}
		json_array_append_new(json_object_get(in->detail, "interactions"), row);
	}
	return 0;
}

/* A contact to engage, owned by the user, from an address nobody knows:
 * the need says what the mail was about and the timing opens today, so
 * the user's agenda lists them to engage (or disqualify). */
static int candidate(struct ingest *in, const struct mime_address *a,
		     int64_t *id, struct fc_error *err)
{
	char name[MIME_NAME_MAX + 1], need[MIME_SUBJECT_MAX + 64];
	size_t n;
	if (a->name[0] && !strchr(a->name, '@')) {
		snprintf(name, sizeof(name), "%s", a->name);
	} else {
		n = strcspn(a->address, "@");
		snprintf(name, sizeof(name), "%.*s", (int)n, a->address);
	}
	snprintf(need, sizeof(need), "%s about \"%s\"", in->outbound ?
		 "you e-mailed them" : "they e-mailed you", in->m->subject[0] ?
		 in->m->subject : "(no subject)");
	json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:b}", "name", name,
			      "email", a->address, "source", in->outbound ?
			      "outbound" : "inbound", "owner_id",
			      (json_int_t)in->as.user.id, "need", need,
			      "timing_from", in->today, DUPLICATE_ALLOW_FIELD, 1);
	int rc = record_create(&in->as, &entity_contact, j, NULL, id, err);
	json_decref(j);
	if (rc)
		return rc;
	in->res->candidates++;
	if (in->detail)
		json_array_append_new(json_object_get(in->detail, "candidates"),
				      json_pack("{s:I, s:s, s:s}", "contact_id",
						(json_int_t)*id, "name", name,
						"email", a->address));
	return 0;
}

static int seen_deal(struct ingest *in, int64_t deal)
{
	for (int i = 0; i < in->ndeals; i++)
		if (in->deals[i] == deal)
			return 1;
	if (in->ndeals < MIME_ADDRESSES_MAX)
		in->deals[in->ndeals++] = deal;
	return 0;
}

/* Each address but the user's, the organisation's users' and the
 * mailbox's, once: its contact's open deal (or the contact) gets the
 * interaction; an address nobody knows becomes a candidate. */
static int log_addresses(struct ingest *in, struct fc_error *err)
{
	const struct mime_mail *m = in->m;
	int rc;
	for (int i = 0; i < m->naddresses; i++) {
		const struct mime_address *a = &m->addresses[i];
		int64_t uid, contact = 0, deal = 0, twice = 0;
		for (int k = 0; k < i && !twice; k++)
			twice = !strcasecmp(m->addresses[k].address, a->address);
		if (twice || is_own(in, a->address))
			continue;
		if ((rc = user_by_address(in->ctx, a->address, 0, &uid, err)))
			return rc;
		if (uid)
			continue;
		if ((rc = import_contact_by_email(in->ctx, a->address, &contact, err)))
			return rc;
		if (!contact) {
			if (in->res->candidates >= MAIL_INGEST_CANDIDATES_MAX)
				continue;
			if ((rc = candidate(in, a, &contact, err)) ||
			    (rc = log_one(in, contact, 0, err)))
				return rc;
			continue;
		}
		if ((rc = open_deal(in, contact, &deal, err)))
			return rc;
		/* two people of one deal on one message: one interaction */
		if (deal && seen_deal(in, deal))
			continue;
		if ((rc = log_one(in, contact, deal, err)))
			return rc;
	}
	return 0;
}

/* Claims KEY for this transaction: *TAKEN 1 when it was logged before,
 * else 0 with the row written (a new one, or one that was not logged,
 * taken over). FC_ECONFLICT with *RACED when another node inserted it
 * meanwhile: the transaction must roll back, and the message is theirs. */
static int claim(struct fc_ctx *ctx, const char *key, int *taken, int *raced,
		 struct fc_error *err)
{
	struct db_stmt *st;
	char now[TIME_LEN], outcome[16] = "";
	int rc;
	*taken = 0;
	ctx_now_time(ctx, now);
	st = db_prepare(ctx->db, "SELECT outcome FROM mail_ingested WHERE "
			"org_id = ? AND message_key = ?");
	if (!st)
		return db_error(ctx->db, err);
	db_bindf(st, "is", ctx->org_id, key);
	if ((rc = db_step(st)) > 0)
		snprintf(outcome, sizeof(outcome), "%s", db_col_text(st, 0));
	db_done(st);
	if (rc < 0)
		return db_error(ctx->db, err);
	if (!strcmp(outcome, "logged")) {
		*taken = 1;
		return 0;
	}
	if (outcome[0]) {
		/* on PostgreSQL a concurrent taker waits on the row, then finds
		 * it logged and changes nothing */
		if (db_run(ctx->db, "UPDATE mail_ingested SET outcome = 'logged', "
			   "ingested_at = ? WHERE org_id = ? AND message_key = ? AND "
			   "outcome <> 'logged'", "sis", now, ctx->org_id, key) < 0)
			return db_error(ctx->db, err);
		*taken = db_changes(ctx->db) == 0;
		return 0;
	}
	rc = db_run(ctx->db, "INSERT INTO mail_ingested (org_id, message_key, "
		    "outcome, ingested_at) VALUES (?, ?, 'logged', ?)", "iss",
		    ctx->org_id, key, now);
	if (rc == FC_ECONFLICT) {
		/* on PostgreSQL our INSERT waited for theirs to commit */
		*raced = 1;
		return FC_ECONFLICT;
	}
	return rc < 0 ? db_error(ctx->db, err) : 0;
}

static int record_outcome(struct fc_ctx *ctx, const char *key,
			  const struct mail_ingest_result *res, int64_t uid,
			  struct fc_error *err)
{
	char now[TIME_LEN];
	ctx_now_time(ctx, now);
	return db_run(ctx->db, "UPDATE mail_ingested SET outcome = ?, reason = ?, "
		      "user_id = NULLIF(?, 0), interactions = ?, candidates = ?, "
		      "ingested_at = ? "
		      "WHERE org_id = ? AND message_key = ?", "ssiiisis",
		      mail_ingest_outcome_name(res->outcome), res->reason, uid,
		      (int64_t)res->interactions, (int64_t)res->candidates, now,
		      ctx->org_id, key) < 0 ? db_error(ctx->db, err) : 0;
}

static int ingest(struct fc_ctx *ctx, const char *raw, size_t len,
		  struct mail_ingest_result *res, json_t *detail,
		  struct fc_error *err)
{
	struct ingest in;
	struct fc_error why = { 0 };
	char key[MIME_KEY_LEN];
	int64_t uid = 0;
	int rc, taken = 0, raced = 0;

	memset(res, 0, sizeof(*res));
	memset(&in, 0, sizeof(in));
	in.ctx = ctx;
	in.res = res;
	in.detail = detail;
	if (ctx->user.role != ROLE_ADMIN)
		return fc_fail(err, FC_EFORBIDDEN, NULL, "only an admin ingests mail "
			       "for the organisation");
	if (mime_read(raw, len, &in.m, &why)) {
		res->outcome = MAIL_INGEST_MALFORMED;
		set_reason(res, why.message);
		mime_headers_key(raw ? raw : "", raw ? len : 0, key);
	} else {
		snprintf(key, sizeof(key), "%s", in.m->key);
	}
	snprintf(res->message_id, sizeof(res->message_id), "%s", key);
	if ((rc = db_begin(ctx->db, 1))) {
		mime_mail_free(in.m);
		return db_error(ctx->db, err);
	}
	if ((rc = claim(ctx, key, &taken, &raced, err)))
		goto out;
	if (taken) {
		res->outcome = MAIL_INGEST_DUPLICATE;
		res->reason[0] = '\0';
		goto out;
	}
	if (!in.m)
		goto record;
	if ((rc = own_addresses(&in, err)) || (rc = find_user(&in, &uid, err)))
		goto out;
	if (!uid) {
		res->outcome = MAIL_INGEST_NO_USER;
		set_reason(res, "none of its addresses (From, To, Cc) is an active "
			   "user of the organisation");
		goto record;
	}
	/* the interactions and contacts are the user's, written with the
	 * rights of the mailbox's admin: the user may not own the deal */
	in.as = *ctx;
	if ((rc = ctx_act_as_id(&in.as, ctx->org_id, uid, err)))
		goto out;
	in.as.user.role = ctx->user.role;
	ctx_today(ctx, in.today);
	/* a date from the future (a wrong clock) is taken as now */
	time_format(in.m->date > 0 && in.m->date <= ctx->now + 86400 ?
		    in.m->date : ctx->now, in.at);
	if ((rc = log_addresses(&in, err)))
		goto out;
	res->outcome = MAIL_INGEST_LOGGED;
	if (detail) {
		json_object_set_new(detail, "user", json_pack("{s:I, s:s, s:s}",
			"id", (json_int_t)uid, "name", in.as.user.name, "email",
			in.as.user.email));
		json_object_set_new(detail, "direction", json_string(in.outbound ?
			"sent" : "received"));
	}
record:
	rc = record_outcome(ctx, key, res, uid, err);
out:
	if (detail && in.m)
		json_object_set_new(detail, "subject", json_string(in.m->subject));
	mime_mail_free(in.m);
	rc = ctx_tx_end(ctx, rc, err);
	if (raced) {
		/* a node that inserted the same key first made our INSERT fail:
		 * all we did is undone, and the message is theirs */
		memset(res, 0, sizeof(*res));
		res->outcome = MAIL_INGEST_DUPLICATE;
		snprintf(res->message_id, sizeof(res->message_id), "%s", key);
		fc_error_clear(err);
		return 0;
	}
	return rc;
}

int mail_ingest(struct fc_ctx *ctx, const char *raw, size_t len,
		struct mail_ingest_result *out, struct fc_error *err)
{
	return ingest(ctx, raw, len, out, NULL, err);
}

int mail_ingest_json(struct fc_ctx *ctx, const char *raw, size_t len,
		     json_t **out, struct fc_error *err)
{
	struct mail_ingest_result res;
	json_t *d = json_pack("{s:[], s:[]}", "interactions", "candidates");
	int rc = ingest(ctx, raw, len, &res, d, err);
	if (rc) {
		json_decref(d);
		*out = NULL;
		return rc;
	}
	json_object_set_new(d, "outcome", json_string(
		mail_ingest_outcome_name(res.outcome)));
	json_object_set_new(d, "message_id", json_string(res.message_id));
	if (res.reason[0])
		json_object_set_new(d, "reason", json_string(res.reason));
	if (res.outcome == MAIL_INGEST_DUPLICATE) {
		json_object_set_new(d, "interactions", json_array());
		json_object_set_new(d, "candidates", json_array());
	}
	*out = d;
	return 0;
}
