/* The users of another CRM: a Salesforce User.csv, a HubSpot owners
 * export, Pipedrive's users, or a plain CSV (email, name or first and last
 * name, id). Each row is matched to a user of the organisation (by the
 * other CRM's id recorded before, then e-mail, then full name) or created
 * inactive and without a password (an admin sets one with `fulcrum user
 * passwd` and makes them active), and the other CRM's id is recorded in
 * import_keys (entity "user"), so that every file imported later finds its
 * owners by the ids it names. An owner map does the same from a list of
 * "their id or name=e-mail" pairs. The whole file is one transaction, each
 * row in its own savepoint. */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "core/import/internal.h"
#include "core/record.h"
#include "core/user.h"
#include "io/csv-reader.h"
#include "io/value-parse.h"
#include "util/buf.h"
#include "util/xmalloc.h"
#include "util/banned.h"

enum ucol { U_EXT, U_EMAIL, U_NAME, U_FIRST, U_LAST, U_TEAM, U_COUNT };

/* Headers, compared once lower-cased without spaces, '_', '-' and '.':
 * Salesforce (Id, Email, Name, FirstName, LastName, UserRole.Name),
 * HubSpot owners (ID or Owner ID, Email, First Name, Last Name, Team),
 * Pipedrive users (ID, Name, Email) and plain CSVs. A login name
 * (Salesforce's Username) is no name. */
static const struct { const char *header; enum ucol col; } user_headers[] = {
	{ "id", U_EXT }, { "userid", U_EXT }, { "ownerid", U_EXT },
	{ "externalid", U_EXT }, { "email", U_EMAIL }, { "emailaddress", U_EMAIL },
	{ "name", U_NAME }, { "fullname", U_NAME },
	{ "firstname", U_FIRST }, { "lastname", U_LAST }, { "team", U_TEAM },
	{ "userrolename", U_TEAM }, { "teams", U_TEAM }, { NULL, U_COUNT }
};

struct uimp {
	struct fc_ctx *ctx;
	const struct import_options *o;
	struct import_summary *s;
	struct fc_error *err;
	int col[U_COUNT];	/* the column of each, or -1 */
	size_t ncols;
	char delim;		/* the file's, once the reader has decided */
	struct csv_reader *rd;
	struct buf rej;
	int fatal;
};

static void squash(const char *h, char *out, size_t n)
{
	size_t k = 0;
	for (; *h && k + 1 < n; h++)
		if (!strchr(" _-.", *h))
			out[k++] = (char)tolower((unsigned char)*h);
	out[k] = '\0';
}

static void ureject(struct uimp *u, const struct csv_record *rec,
		    const char *reason)
{
	u->s->rejected++;
	if (json_array_size(u->s->rejects) < IMPORT_REJECTS_KEPT)
		json_array_append_new(u->s->rejects, json_pack("{s:I, s:I, s:s}",
			"row", (json_int_t)rec->index, "line", (json_int_t)rec->line,
			"reason", reason));
	if (!u->o->rejected)
		return;
	for (size_t i = 0; i < rec->nfields; i++)
		csv_write_field_n(&u->rej, rec->fields[i], rec->lens[i], u->delim,
				  CSV_WRITE_SAFE);
	for (size_t i = rec->nfields; i < u->ncols; i++)
		csv_write_field_n(&u->rej, "", 0, u->delim, CSV_WRITE_SAFE);
	csv_write_field_n(&u->rej, reason, strlen(reason), u->delim,
			  CSV_WRITE_SAFE);
	csv_write_row_end(&u->rej);
}

static int uheader(struct uimp *u, const struct csv_record *rec)
{
	u->ncols = rec->nfields;
	for (int c = 0; c < U_COUNT; c++)
		u->col[c] = -1;
	for (size_t i = 0; i < rec->nfields; i++) {
		char h[64];
		int found = 0;
		squash(rec->fields[i], h, sizeof(h));
		for (int k = 0; user_headers[k].header; k++)
			if (!strcmp(h, user_headers[k].header) &&
			    u->col[user_headers[k].col] < 0) {
				u->col[user_headers[k].col] = (int)i;
				found = 1;
			}
		if (!found)
			json_array_append_new(u->s->ignored,
					      json_string(rec->fields[i]));
	}
	if (u->col[U_EMAIL] < 0 && u->col[U_NAME] < 0 && u->col[U_LAST] < 0)
		return fc_fail(u->err, FC_EINVAL, NULL, "a users file needs an "
			       "Email or a Name column");
	if (u->o->rejected && ftell(u->o->rejected) <= 0) {
		for (size_t i = 0; i < rec->nfields; i++)
			csv_write_field_n(&u->rej, rec->fields[i], rec->lens[i],
					  u->delim, CSV_WRITE_SAFE);
		csv_write_field_n(&u->rej, "reason", 6, u->delim, CSV_WRITE_SAFE);
		csv_write_row_end(&u->rej);
	}
	return 0;
}

/* The trimmed value of column C of REC (new string), or NULL when empty. */
static char *cell(struct uimp *u, const struct csv_record *rec, enum ucol c)
{
	if (u->col[c] < 0 || (size_t)u->col[c] >= rec->nfields)
		return NULL;
	size_t n = rec->lens[u->col[c]];
	const char *v = csv_unguard(rec->fields[u->col[c]], &n);
	char *t = import_trim_dup(v, n);
	if (!*t) {
		free(t);
		return NULL;
	}
	return t;
}

static int user_by_email(struct fc_ctx *ctx, const char *email, int64_t *id,
			 struct fc_error *err)
{
	int rc = db_query_int(ctx->db, id, "SELECT id FROM users WHERE org_id = ? "
			      "AND lower(email) = lower(?)", "is", ctx->org_id,
			      email);
	if (rc == FC_ENOTFOUND) {
		*id = 0;
		return 0;
	}
	return rc ? db_error(ctx->db, err) : 0;
}

/* Records that EXT, the other CRM's id, is user ID (a new pairing replaces
 * an older one). */
static int key_set(struct fc_ctx *ctx, const char *ext, int64_t id,
		   struct fc_error *err)
{
	int64_t have = 0;
	int rc = import_key_get(ctx, "user", ext, &have, err);
	if (rc || have == id)
		return rc;
	if (have && db_run(ctx->db, "DELETE FROM import_keys WHERE org_id = ? AND "
			   "entity = 'user' AND ext_id = ?", "is", ctx->org_id,
			   ext) < 0)
		return db_error(ctx->db, err);
	return import_key_put(ctx, "user", ext, id, err);
}

/* One row: *OUT 0 created, 1 matched, 2 known by its id already. */
static int urow(struct uimp *u, const struct csv_record *rec, int *out,
		struct fc_error *err)
{
	char *ext = cell(u, rec, U_EXT), *email = cell(u, rec, U_EMAIL);
	char *name = cell(u, rec, U_NAME), *first = cell(u, rec, U_FIRST);
	char *last = cell(u, rec, U_LAST), *team = cell(u, rec, U_TEAM);
	struct buf full = BUF_INIT;
	int64_t id = 0;
	int rc = 0;

	if (name)
		buf_adds(&full, name);
	else if (first || last)
		buf_addf(&full, "%s%s%s", first ? first : "", first && last ? " " :
			 "", last ? last : "");
	if (ext && strlen(ext) > USER_REF_MAX) {
		rc = fc_fail(err, FC_EINVAL, "id", "the id is longer than %d bytes",
			     USER_REF_MAX);
		goto out;
	}
	if (email && !value_email_valid(email)) {
		rc = fc_fail(err, FC_EINVAL, "email", "'%s' is not an e-mail "
			     "address", email);
		goto out;
	}
	if (ext && (rc = import_key_get(u->ctx, "user", ext, &id, err)))
		goto out;
	if (id) {
		*out = 2;
		goto out;
	}
	*out = 1;
	if (email && (rc = user_by_email(u->ctx, email, &id, err)))
		goto out;
	if (!id && full.len) {
		rc = user_find(u->ctx, "name", full.s, &id, err);
		if (rc == FC_ENOTFOUND) {
			rc = 0;
			id = 0;
		}
		if (rc)
			goto out;
	}
	if (!id) {
		if (!email) {
			rc = fc_fail(err, FC_EINVAL, "email", "no user '%s' and no "
				     "e-mail to create one with", full.s ? full.s :
				     "");
			goto out;
		}
		/* inactive and without a password: nobody signs in as them
		 * until an admin sets one and makes them active */
		json_t *in = json_pack("{s:s, s:s, s:s, s:b}", "email", email,
				       "name", full.len ? full.s : email, "role",
				       USER_DEFAULT_ROLE, "active", 0);
		if (team)
			json_object_set_new(in, "team", json_string(team));
		rc = user_create(u->ctx, in, &id, err);
		json_decref(in);
		if (rc)
			goto out;
		*out = 0;
	}
	if (ext)
		rc = key_set(u->ctx, ext, id, err);
out:
	buf_release(&full);
	free(ext);
	free(email);
	free(name);
	free(first);
	free(last);
	free(team);
	return rc;
}

static int on_user(const struct csv_record *rec, void *data)
{
	struct uimp *u = data;
	struct fc_error e;
	int out = 0, rc;

	u->delim = u->rd->delim ? u->rd->delim : ',';
	if (rec->index == 0)
		return (u->fatal = uheader(u, rec));
	u->s->read++;
	if (u->s->read > IMPORT_USERS_MAX)
		return (u->fatal = fc_fail(u->err, FC_ELIMIT, NULL, "a users file "
					   "holds at most %d rows",
					   IMPORT_USERS_MAX));
	fc_error_clear(&e);
	if (import_row_begin(u->ctx))
		return (u->fatal = db_error(u->ctx->db, u->err));
	rc = urow(u, rec, &out, &e);
	import_row_end(u->ctx, rc != 0);
	if (rc == FC_ESTORE) {
		*u->err = e;
		return (u->fatal = rc);
	}
	if (rc)
		ureject(u, rec, e.message[0] ? e.message : fc_strerror(rc));
	else if (out == 0)
		u->s->imported++;
	else if (out == 1)
		u->s->updated++;
	else
		u->s->skipped++;
	return 0;
}

static int admin_only(struct fc_ctx *ctx, struct fc_error *err)
{
	if (ctx->user.role != ROLE_ADMIN)
		return fc_fail(err, FC_EFORBIDDEN, NULL, "importing users is for "
			       "admins");
	return 0;
}

/* Commits (or, in a dry run, rolls back) and writes the rejected rows. */
static int finish(struct fc_ctx *ctx, const struct import_options *o,
		  struct buf *rej, int rc, struct fc_error *err)
{
	if (rc || o->dry_run) {
		db_rollback(ctx->db);
	} else if (db_commit(ctx->db)) {
		return db_error(ctx->db, err);
	}
	if (!rc && o->rejected && rej->len &&
	    (fwrite(rej->s, 1, rej->len, o->rejected) != rej->len ||
	     fflush(o->rejected)))
		return fc_fail(err, FC_ESTORE, NULL, "cannot write the rejected "
			       "rows");
	return rc;
}

int import_users(struct fc_ctx *ctx, FILE *f, const struct import_options *o,
		 struct import_summary *s, struct fc_error *err)
{
	struct uimp u = { .ctx = ctx, .o = o, .s = s, .err = err };
	struct csv_reader rd;
	struct csv_reader_options ropt = { .delim = o->delim };
	int rc;

	if ((rc = admin_only(ctx, err)))
		return rc;
	if (o->preset && !import_preset_find(o->preset))
		return fc_fail(err, FC_EUSAGE, "preset", "unknown preset '%s' (see "
			       "fulcrum help import)", o->preset);
	buf_init(&u.rej, 0);
	if ((rc = import_connection_prepare(ctx, err)))
		goto out;
	if (db_begin(ctx->db, 1)) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	csv_reader_init(&rd, &ropt, on_user, &u, err);
	u.rd = &rd;
	rc = csv_reader_feed_file(&rd, f);
	if (u.fatal)
		rc = u.fatal;
	if (!rc && rd.nrecords == 0)
		rc = fc_fail(err, FC_EINVAL, NULL, "the file is empty: a users file "
			     "needs a header row");
	csv_reader_release(&rd);
	rc = finish(ctx, o, &u.rej, rc, err);
out:
	buf_release(&u.rej);
	return rc > 0 ? FC_EINVAL : rc;
}

int import_owner_map(struct fc_ctx *ctx, const char *spec,
		     const struct import_options *o, struct import_summary *s,
		     struct fc_error *err)
{
	struct pair *p = NULL;
	size_t np = 0;
	struct buf rej = BUF_INIT;
	int rc;

	if ((rc = admin_only(ctx, err)))
		return rc;
	if ((rc = import_pairs_parse(spec, "--owner-map", &p, &np, err)))
		return rc;
	buf_init(&rej, 0);
	if (o->rejected && ftell(o->rejected) <= 0)
		buf_adds(&rej, "their owner,user,reason\r\n");
	if (db_begin(ctx->db, 1)) {
		rc = db_error(ctx->db, err);
		goto out;
	}
	for (size_t i = 0; i < np && !rc; i++) {
		struct fc_error e;
		int64_t id = 0;
		fc_error_clear(&e);
		s->read++;
		int r = user_find(ctx, "user", p[i].to, &id, &e);
		if (!r)
			r = key_set(ctx, p[i].from, id, &e);
		if (r == FC_ESTORE) {
			*err = e;
			rc = r;
			break;
		}
		if (!r) {
			s->updated++;
			continue;
		}
		s->rejected++;
		if (json_array_size(s->rejects) < IMPORT_REJECTS_KEPT)
			json_array_append_new(s->rejects, json_pack("{s:I, s:I, s:s}",
				"row", (json_int_t)(i + 1), "line", (json_int_t)(i + 1),
				"reason", e.message));
		csv_write_field_n(&rej, p[i].from, strlen(p[i].from), ',', CSV_WRITE_SAFE);
		csv_write_field_n(&rej, p[i].to, strlen(p[i].to), ',', CSV_WRITE_SAFE);
		csv_write_field_n(&rej, e.message, strlen(e.message), ',', CSV_WRITE_SAFE);
		csv_write_row_end(&rej);
	}
	rc = finish(ctx, o, &rej, rc, err);
out:
	buf_release(&rej);
	import_pairs_free(p, np);
	return rc;
}
