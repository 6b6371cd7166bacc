/* The morning digest and next-step reminders; see digest.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/agenda.h"
#include "core/digest.h"
#include "core/webhook.h"
#include "core/mail-send.h"
#include "core/mail-settings.h"
#include "util/buf.h"
#include "util/banned.h"

#define DIGEST_TEXT_MAX ((size_t)64 << 10)
/* A whole agenda for the counts: agenda_build's largest list. */
#define DIGEST_AGENDA_MAX 1000

static int may_touch(struct fc_ctx *ctx, int64_t user_id, struct fc_error *err)
{
	return ctx->user.id == user_id || ctx->user.role == ROLE_ADMIN ? 0 :
		fc_fail(err, FC_EFORBIDDEN, NULL, "users change only their own "
			"digest (admins anyone's)");
}

/* The preferences and the day they were last sent (LAST: "" for never). */
static int prefs_read(struct fc_ctx *ctx, int64_t user_id,
		      struct digest_prefs *p, char last[11])
{
	struct db_stmt *st = db_prepare(ctx->db, "SELECT digest, reminders, "
		"digest_time, last_sent_on FROM mail_preferences WHERE org_id = ? "
		"AND user_id = ?");
	int rc;
	*p = (struct digest_prefs){ 1, 1, "07:00" };
	last[0] = '\0';
	if (!st)
		return -1;
	db_bindf(st, "ii", ctx->org_id, user_id);
	if ((rc = db_step(st)) > 0) {
		p->digest = db_col_int(st, 0) != 0;
		p->reminders = db_col_int(st, 1) != 0;
		snprintf(p->time, sizeof(p->time), "%s", db_col_text(st, 2));
		if (!db_col_is_null(st, 3))
			snprintf(last, 11, "%s", db_col_text(st, 3));
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

int digest_prefs_get(struct fc_ctx *ctx, int64_t user_id,
		     struct digest_prefs *out, struct fc_error *err)
{
	char last[11];
	int rc = may_touch(ctx, user_id, err);
	if (rc)
		return rc;
	return prefs_read(ctx, user_id, out, last) ? db_error(ctx->db, err) : 0;
}

/* "HH:MM" -> minutes of the day, or -1. */
static int time_minutes(const char *s)
{
	if (strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '2' ||
	    s[1] < '0' || s[1] > '9' || s[3] < '0' || s[3] > '5' || s[4] < '0' ||
	    s[4] > '9')
		return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0');
	return h > 23 ? -1 : h * 60 + (s[3] - '0') * 10 + (s[4] - '0');
}

static int field_bool(json_t *in, const char *name, int *out,
		      struct fc_error *err)
{
	json_t *v = json_object_get(in, name);
	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return fc_fail(err, FC_EINVAL, name, "'%s' must be true or false",
			       name);
	*out = json_is_true(v);
	return 0;
}

int digest_prefs_set(struct fc_ctx *ctx, int64_t user_id, json_t *in,
		     struct fc_error *err)
{
	struct digest_prefs p;
	char last[11];
	json_t *t = json_object_get(in, "time");
	int rc;
	if ((rc = may_touch(ctx, user_id, err)))
		return rc;
	if ((rc = db_begin(ctx->db, 1)))
		return db_error(ctx->db, err);
	if (prefs_read(ctx, user_id, &p, last))
		rc = db_error(ctx->db, err);
	if (!rc && !(rc = field_bool(in, "digest", &p.digest, err)) &&
	    !(rc = field_bool(in, "reminders", &p.reminders, err)) && t) {
		if (!json_is_string(t) || time_minutes(json_string_value(t)) < 0)
			rc = fc_fail(err, FC_EINVAL, "time", "'time' must be a time "
				     "of day as HH:MM (UTC), such as 07:30");
		else
			snprintf(p.time, sizeof(p.time), "%s", json_string_value(t));
	}
	if (!rc && db_run(ctx->db, "INSERT INTO mail_preferences (org_id, "
			  "user_id, digest, reminders, digest_time) VALUES (?, ?, "
			  "?, ?, ?) ON CONFLICT (org_id, user_id) DO UPDATE SET "
			  "digest = excluded.digest, reminders = excluded.reminders, "
			  "digest_time = excluded.digest_time", "iiiis", ctx->org_id,
			  user_id, (int64_t)p.digest, (int64_t)p.reminders, p.time))
		rc = db_error(ctx->db, err);
	return ctx_tx_end(ctx, rc, err);
}

json_t *digest_prefs_json(const struct digest_prefs *p)
{
	return json_pack("{s:b, s:b, s:s}", "digest", p->digest, "reminders",
			 p->reminders, "time", p->time);
}

static const char *kind_of(json_t *item)
{
	const char *k = json_string_value(json_object_get(item, "kind"));
	return k ? k : "";
}

/* BASE/deals/ID or BASE/contacts/ID for ITEM, else BASE/ (the agenda). */
static void item_link(struct buf *b, const char *base, json_t *item)
{
	json_int_t deal = json_integer_value(json_object_get(item, "deal_id"));
	json_int_t contact = json_integer_value(json_object_get(item,
								"contact_id"));
	if (deal)
		buf_addf(b, "%s/deals/%" JSON_INTEGER_FORMAT, base, deal);
	else if (contact)
		buf_addf(b, "%s/contacts/%" JSON_INTEGER_FORMAT, base, contact);
	else
		buf_addf(b, "%s/", base);
}

static void item_line(struct buf *b, const char *base, int n, json_t *item)
{
	const char *title = json_string_value(json_object_get(item, "title"));
	const char *reason = json_string_value(json_object_get(item, "reason"));
	buf_addf(b, "%d. %s\n   %s\n", n, title ? title : "", reason ? reason : "");
	if (*base) {
		buf_adds(b, "   ");
		item_link(b, base, item);
		buf_addch(b, '\n');
	}
}

static char *plural(char *out, size_t n, int64_t count, const char *one,
		    const char *many)
{
	snprintf(out, n, "%" PRId64 " %s", count, count == 1 ? one : many);
	return out;
}

/* The team summary: per owner, their items and overdue promises. */
static void team_summary(struct fc_ctx *ctx, struct buf *b, json_t *items)
{
	json_t *per = json_object();	/* owner id -> [name, items, overdue] */
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		char key[24];
		json_int_t owner = json_integer_value(json_object_get(it,
								"owner_id"));
		if (!owner)
			continue;
		snprintf(key, sizeof(key), "%" JSON_INTEGER_FORMAT, owner);
		json_t *row = json_object_get(per, key);
		if (!row) {
			const char *name = owner == ctx->user.id ? "You" :
				json_string_value(json_object_get(it, "owner_name"));
			row = json_pack("[s, i, i]", name ? name : "?", 0, 0);
			json_object_set_new(per, key, row);
		}
		json_array_set_new(row, 1, json_integer(json_integer_value(
			json_array_get(row, 1)) + 1));
		if (!strcmp(kind_of(it), "promise") && json_integer_value(
			    json_object_get(it, "days_overdue")) > 0)
			json_array_set_new(row, 2, json_integer(json_integer_value(
				json_array_get(row, 2)) + 1));
	}
	if (json_object_size(per)) {
		const char *key;
		json_t *row;
		buf_adds(b, "\nYour team:\n");
		json_object_foreach(per, key, row) {
			char n[48], o[48];
			buf_addf(b, "- %s: %s, %s\n",
				 json_string_value(json_array_get(row, 0)),
				 plural(n, sizeof(n), json_integer_value(
					 json_array_get(row, 1)), "item", "items"),
				 plural(o, sizeof(o), json_integer_value(
					 json_array_get(row, 2)), "overdue promise",
					"overdue promises"));
		}
	}
	json_decref(per);
}

/* An admin hears of the webhooks that stopped delivering: their events
 * wait in the outbox until someone looks (docs/webhooks.md). */
static int failing_webhooks(struct fc_ctx *ctx, struct buf *b,
			    struct fc_error *err)
{
	json_t *list, *w;
	size_t i;
	int said = 0;
	if (ctx->user.role != ROLE_ADMIN)
		return 0;
	int rc = webhook_list(ctx, &list, err);
	if (rc)
		return rc;
	json_array_foreach(json_object_get(list, "items"), i, w) {
		if (strcmp(json_string_value(json_object_get(w, "state")) ?
			   json_string_value(json_object_get(w, "state")) : "",
			   "failing"))
			continue;
		if (!said++)
			buf_adds(b, "\nWebhooks failing (their events wait; `fulcrum "
				 "webhook show ID`, or Settings > Webhooks):\n");
		buf_addf(b, "- #%" JSON_INTEGER_FORMAT " %s, failing since %s, %"
			 JSON_INTEGER_FORMAT " waiting\n",
			 json_integer_value(json_object_get(w, "id")),
			 json_string_value(json_object_get(w, "url")),
			 json_string_value(json_object_get(w, "failing_since")) ?
			 json_string_value(json_object_get(w, "failing_since")) : "?",
			 json_integer_value(json_object_get(w, "pending")));
	}
	json_decref(list);
	return 0;
}

int digest_compose(struct fc_ctx *ctx, const char *base_url, char **subject,
		   char **body, struct fc_error *err)
{
	json_t *items, *it;
	int64_t overdue = 0, checks = 0, asks = 0;
	char today[11], a[48], c[48], k[48];
	struct buf b;
	size_t i;
	int rc = agenda_build(ctx, DIGEST_AGENDA_MAX, 0, &items, err);
	if (rc)
		return rc;
	json_array_foreach(items, i, it) {
		const char *kind = kind_of(it);
		if (!strcmp(kind, "promise") &&
		    json_integer_value(json_object_get(it, "days_overdue")) > 0)
			overdue++;
		else if (!strcmp(kind, "check"))
			checks++;
		else if (!strcmp(kind, "referral_ask") ||
			 !strcmp(kind, "expansion_ask"))
			asks++;
	}
	ctx_today(ctx, today);
	int team = ctx->user.role != ROLE_REP;
	buf_init(&b, DIGEST_TEXT_MAX);
	buf_addf(&b, "%s agenda for %s: %s, %s, %s", team ? "Your team's" :
		 "Your", today, plural(a, sizeof(a), overdue, "overdue promise",
				       "overdue promises"),
		 plural(c, sizeof(c), checks, "check due", "checks due"),
		 plural(k, sizeof(k), asks, "ask waiting", "asks waiting"));
	*subject = buf_detach(&b);
	buf_init(&b, DIGEST_TEXT_MAX);
	buf_addf(&b, "Good morning %s,\n\n%s for %s%s:\n- overdue promises: %"
		 PRId64 "\n- checks due: %" PRId64 "\n- asks waiting: %" PRId64
		 "\n- items in all: %zu\n", ctx->user.name, team ? "Your team's "
		 "agenda" : "Your agenda", today, team ?
		 " (your team's deals)" : "", overdue, checks, asks,
		 json_array_size(items));
	if (json_array_size(items))
		buf_adds(&b, "\nFirst on the list:\n");
	json_array_foreach(items, i, it) {
		if (i >= DIGEST_TOP)
			break;
		item_line(&b, base_url, (int)i + 1, it);
	}
	if (team)
		team_summary(ctx, &b, items);
	if ((rc = failing_webhooks(ctx, &b, err))) {
		buf_release(&b);
		json_decref(items);
		return rc;
	}
	if (*base_url)
		buf_addf(&b, "\nYour agenda: %s/\n", base_url);
	buf_adds(&b, "\nTurn this digest off or change its time: fulcrum mail "
		 "preferences --digest off, or your settings in Fulcrum.\n");
	json_decref(items);
	*body = buf_detach(&b);
	return 0;
}

int digest_reminder_compose(struct fc_ctx *ctx, const char *base_url,
			    char **subject, char **body, struct fc_error *err)
{
	json_t *items, *it;
	struct buf b;
	size_t i;
	int n = 0;
	int rc = agenda_build(ctx, DIGEST_AGENDA_MAX, 0, &items, err);
	*subject = *body = NULL;
	if (rc)
		return rc;
	buf_init(&b, DIGEST_TEXT_MAX);
	json_array_foreach(items, i, it) {
		/* the user's own steps due today (a manager's agenda holds the
		 * team's: those remind their owners) */
		if (strcmp(kind_of(it), "promise") ||
		    json_integer_value(json_object_get(it, "days_overdue")) != 0 ||
		    json_integer_value(json_object_get(it, "owner_id")) !=
		    ctx->user.id)
			continue;
		item_line(&b, base_url, ++n, it);
	}
	json_decref(items);
	if (!n) {
		buf_release(&b);
		return 0;
	}
	char today[11], text[64];
	ctx_today(ctx, today);
	snprintf(text, sizeof(text), "Due today (%s): %d next step%s", today, n,
		 n == 1 ? "" : "s");
	*subject = strdup(text);
	struct buf whole;
	buf_init(&whole, DIGEST_TEXT_MAX);
	buf_addf(&whole, "Good morning %s,\n\nYou agreed these next steps for "
		 "today:\n\n%s", ctx->user.name, b.s);
	buf_release(&b);
	*body = buf_detach(&whole);
	return 0;
}

/* Active users of the organisation (or the one with EMAIL): [[id, email]]. */
static int run_users(struct fc_ctx *ctx, const char *email, json_t **out,
		     struct fc_error *err)
{
	struct db_stmt *st = db_prepare(ctx->db, email ?
		"SELECT id, email FROM users WHERE org_id = ? AND active = 1 AND "
		"lower(email) = lower(?) ORDER BY id" :
		"SELECT id, email FROM users WHERE org_id = ? AND active = 1 "
		"ORDER BY id LIMIT 10000");	/* more than any organisation */
	int rc;
	if (!st)
		return db_error(ctx->db, err);
	if (email)
		db_bindf(st, "is", ctx->org_id, email);
	else
		db_bindf(st, "i", ctx->org_id);
	*out = json_array();
	while ((rc = db_step(st)) > 0)
		json_array_append_new(*out, json_pack("[I, s]",
			(json_int_t)db_col_int(st, 0), db_col_text(st, 1)));
	db_done(st);
	if (rc < 0) {
		json_decref(*out);
		return db_error(ctx->db, err);
	}
	if (email && !json_array_size(*out)) {
		json_decref(*out);
		return fc_fail(err, FC_ENOTFOUND, "user", "no active user '%.254s'",
			       email);
	}
	return 0;
}

typedef int (*compose_fn)(struct fc_ctx *, const char *, char **, char **,
			  struct fc_error *);

/* Composes one message with COMPOSE and, unless DRY_RUN, sends it; sets
 * ROW's NAME to what happened (and the text, on a dry run). 0, or the
 * sending's failure. */
static int one_message(struct fc_ctx *ctx, const struct mail_settings *s,
		       compose_fn compose, int dry_run, json_t *row,
		       const char *name, struct fc_error *err)
{
	char *subject = NULL, *body = NULL;
	int rc = compose(ctx, s->base_url, &subject, &body, err);
	if (!rc && !body) {
		json_object_set_new(row, name, json_string("none"));
	} else if (!rc && dry_run) {
		json_object_set_new(row, name, json_pack("{s:s, s:s, s:s}", "state",
			"would send", "subject", subject, "body", body));
	} else if (!rc) {
		rc = mail_send(s, ctx->user.email, ctx->user.name, subject, body,
			       ctx->now, err);
		json_object_set_new(row, name, json_string(rc ? "failed" : "sent"));
		if (rc)
			json_object_set_new(row, "error", json_string(err->message));
	}
	free(subject);
	free(body);
	return rc;
}

int digest_run(struct fc_ctx *ctx, const char *only_email, int dry_run,
	       json_t **out, struct fc_error *err)
{
	struct mail_settings s;
	struct fc_actor admin = ctx->user;
	json_t *users, *u;
	char today[11];
	size_t i;
	int rc, minute = (int)((ctx->now % 86400 + 86400) % 86400 / 60);
	*out = NULL;
	rc = mail_settings_get(ctx, &s, err);
	if (rc == FC_ENOTFOUND && dry_run) {
		memset(&s, 0, sizeof(s));	/* a dry run needs no server */
		fc_error_clear(err);
		rc = 0;
	}
	if (rc || (rc = run_users(ctx, only_email, &users, err)))
		return rc;
	ctx_today(ctx, today);
	*out = json_array();
	json_array_foreach(users, i, u) {
		int64_t uid = json_integer_value(json_array_get(u, 0));
		struct digest_prefs p;
		char last[11];
		json_t *row = json_pack("{s:s}", "email",
					json_string_value(json_array_get(u, 1)));
		int failed = 0;
		json_array_append_new(*out, row);
		ctx->user = admin;
		if (prefs_read(ctx, uid, &p, last)) {
			rc = db_error(ctx->db, err);
			break;
		}
		const char *skip = !only_email && !strcmp(last, today) ? "done" :
			!only_email && minute < time_minutes(p.time) ? "later" : NULL;
		if ((rc = ctx_act_as_id(ctx, ctx->org_id, uid, err)))
			break;
		if (!p.digest || skip)
			json_object_set_new(row, "digest", json_string(p.digest ?
								      skip : "off"));
		else if (one_message(ctx, &s, digest_compose, dry_run, row,
				     "digest", err))
			failed = 1;
		if (!p.reminders || skip)
			json_object_set_new(row, "reminder", json_string(
				p.reminders ? skip : "off"));
		else if (!failed && one_message(ctx, &s, digest_reminder_compose,
						dry_run, row, "reminder", err))
			failed = 1;
		ctx->user = admin;
		if (failed) {
			fc_error_clear(err);
			continue;	/* not recorded: the next run tries again */
		}
		if (!dry_run && !skip && (p.digest || p.reminders) &&
		    db_run(ctx->db, "INSERT INTO mail_preferences (org_id, user_id, "
			   "last_sent_on) VALUES (?, ?, ?) ON CONFLICT (org_id, "
			   "user_id) DO UPDATE SET last_sent_on = "
			   "excluded.last_sent_on", "iis", ctx->org_id, uid, today)) {
			rc = db_error(ctx->db, err);
			break;
		}
	}
	ctx->user = admin;
	json_decref(users);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
