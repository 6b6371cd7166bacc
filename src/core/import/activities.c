/* Another CRM's activities: Salesforce Task.csv and Event.csv, HubSpot
 * engagements (calls, e-mails, meetings, notes, tasks), Pipedrive
 * activities. A done activity becomes an interaction on its contact and
 * deal, dated, owned and of its kind, with subject and notes; whether it
 * ended in an agreed next step is not known, and the interaction says so
 * (agreement_known 0) instead of claiming one. An open activity becomes the
 * agreed next step of its deal (or of its contact, without a deal), unless
 * one the other CRM or a person gave is there already: a deal has one (R1).
 * The contact, deal and account are the other CRM's ids of records
 * imported before (import_keys) or, for Pipedrive, their names; the owner is
 * the user recorded for the other CRM's id (import/users.c). A row's own id
 * is recorded too, so importing the file again skips what is in.
 * Rows commit in batches of IMPORT_BATCH_DEFAULT, each in a savepoint. */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "core/deal-internal.h"
#include "core/import/internal.h"
#include "core/next-step.h"
#include "core/record.h"
#include "core/refresh-defer.h"
#include "core/user.h"
#include "io/csv-reader.h"
#include "io/value-parse.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/xmalloc.h"
#include "util/banned.h"

enum acol {
	A_EXT, A_KIND, A_TYPE, A_SUBJECT, A_NOTES, A_DATE, A_START, A_STATUS,
	A_CLOSED, A_DONE, A_OWNER, A_WHO, A_WHAT, A_CONTACT, A_DEAL, A_ACCOUNT,
	A_CONTACT_NAME, A_DEAL_NAME, A_ACCOUNT_NAME, A_CALL_TYPE,
	A_CALL_RESULT, A_CALL_SECONDS, A_EVENT, A_COUNT
};

/* Headers, compared lower-cased without spaces, '_', '-', '.', '(' and
 * ')'. Salesforce Task and Event; HubSpot engagements; Pipedrive's
 * "Activity - ..." columns. docs: `fulcrum help import`. */
static const struct { const char *header; enum acol col; } act_headers[] = {
	/* Salesforce */
	{ "id", A_EXT }, { "tasksubtype", A_KIND }, { "eventsubtype", A_KIND },
	{ "type", A_TYPE }, { "subject", A_SUBJECT }, { "description", A_NOTES },
	{ "activitydate", A_DATE }, { "activitydatetime", A_START },
	{ "startdatetime", A_START }, { "status", A_STATUS },
	{ "isclosed", A_CLOSED }, { "ownerid", A_OWNER }, { "whoid", A_WHO },
	{ "whatid", A_WHAT }, { "accountid", A_ACCOUNT },
	{ "calltype", A_CALL_TYPE }, { "calldisposition", A_CALL_RESULT },
	{ "calldurationinseconds", A_CALL_SECONDS },
	{ "durationinminutes", A_EVENT },
	/* HubSpot */
	{ "recordid", A_EXT }, { "activityid", A_EXT }, { "engagementid", A_EXT },
	{ "activitytype", A_KIND }, { "engagementtype", A_KIND },
	{ "calltitle", A_SUBJECT }, { "meetingname", A_SUBJECT },
	{ "emailsubject", A_SUBJECT }, { "tasktitle", A_SUBJECT },
	{ "callnotes", A_NOTES }, { "meetingdescription", A_NOTES },
	{ "notebody", A_NOTES }, { "emailbody", A_NOTES }, { "tasknotes", A_NOTES },
	{ "activitydate", A_DATE }, { "meetingstarttime", A_START },
	{ "taskstatus", A_STATUS }, { "callstatus", A_STATUS },
	{ "activityassignedto", A_OWNER }, { "assignedto", A_OWNER },
	{ "hubspotowner", A_OWNER }, { "associatedcontactids", A_CONTACT },
	{ "associatedcontactid", A_CONTACT }, { "associateddealids", A_DEAL },
	{ "associateddealid", A_DEAL }, { "associatedcompanyids", A_ACCOUNT },
	{ "associatedcompanyid", A_ACCOUNT }, { "calloutcome", A_CALL_RESULT },
	{ "calldirection", A_CALL_TYPE }, { "calldurationseconds", A_CALL_SECONDS },
	/* Pipedrive */
	{ "activityid", A_EXT }, { "activitytype", A_KIND },
	{ "activitysubject", A_SUBJECT }, { "activitynote", A_NOTES },
	{ "activityduedate", A_DATE }, { "activitydone", A_DONE },
	{ "activityassignedtouser", A_OWNER }, { "activityperson", A_CONTACT_NAME },
	{ "activitydeal", A_DEAL_NAME }, { "activityorganization", A_ACCOUNT_NAME },
	/* plain */
	{ "kind", A_KIND }, { "notes", A_NOTES }, { "date", A_DATE },
	{ "done", A_DONE }, { "owner", A_OWNER }, { "contact", A_CONTACT_NAME },
	{ "deal", A_DEAL_NAME }, { "account", A_ACCOUNT_NAME },
	{ "contactref", A_CONTACT }, { "dealref", A_DEAL },
	{ "accountref", A_ACCOUNT }, { "externalid", A_EXT },
	{ NULL, A_COUNT }
};

struct aimp {
	struct fc_ctx *ctx;
	const struct import_options *o;
	struct import_summary *s;
	struct fc_error *err;
	struct csv_reader *rd;
	int col[A_COUNT];
	size_t ncols;
	int in_tx, batch_rows, fatal;
	struct refresh_defer refresh;	/* the batch's index, at its commit */
	char owner[USER_REF_MAX + 1];	/* the row's owner, as the file says */
	const char *kind;	/* a file of one kind (HubSpot's calls, meetings,
				   e-mails): its columns' word, else NULL */
	struct buf rej;
	char today[DATE_LEN];
};

static void squash(const char *h, char *out, size_t n)
{
	size_t k = 0;
	for (; *h && k + 1 < n; h++)
		if (!strchr(" _-.()", *h))
			out[k++] = (char)tolower((unsigned char)*h);
	out[k] = '\0';
}

static char delim_of(struct aimp *a)
{
	return a->rd->delim ? a->rd->delim : ',';
}

/* A row not imported, with REASON, into the rows-not-imported file; counted
 * as rejected, or as skipped when SKIPPED. */
static void anote(struct aimp *a, const struct csv_record *rec,
		  const char *reason, int skipped)
{
	char d = delim_of(a);
	if (skipped) {
		a->s->skipped++;
	} else {
		a->s->rejected++;
		if (json_array_size(a->s->rejects) < IMPORT_REJECTS_KEPT)
			json_array_append_new(a->s->rejects, json_pack(
				"{s:I, s:I, s:s}", "row", (json_int_t)rec->index,
				"line", (json_int_t)rec->line, "reason", reason));
	}
	if (!a->o->rejected)
		return;
	for (size_t i = 0; i < rec->nfields; i++)
		csv_write_field_n(&a->rej, rec->fields[i], rec->lens[i], d,
				  CSV_WRITE_SAFE);
	for (size_t i = rec->nfields; i < a->ncols; i++)
		csv_write_field_n(&a->rej, "", 0, d, CSV_WRITE_SAFE);
	csv_write_field_n(&a->rej, reason, strlen(reason), d, CSV_WRITE_SAFE);
	csv_write_row_end(&a->rej);
}

static int aheader(struct aimp *a, const struct csv_record *rec)
{
	a->ncols = rec->nfields;
	for (int c = 0; c < A_COUNT; c++)
		a->col[c] = -1;
	for (size_t i = 0; i < rec->nfields; i++) {
		char h[64];
		int found = 0;
		squash(rec->fields[i], h, sizeof(h));
		int titled = 0;	/* names the activity's subject or notes */
		for (int k = 0; act_headers[k].header; k++)
			if (!strcmp(h, act_headers[k].header) &&
			    a->col[act_headers[k].col] < 0) {
				a->col[act_headers[k].col] = (int)i;
				found = 1;
				titled |= act_headers[k].col == A_SUBJECT ||
					  act_headers[k].col == A_NOTES ||
					  act_headers[k].col == A_START;
			}
		if (!found)
			json_array_append_new(a->s->ignored,
					      json_string(rec->fields[i]));
		/* "Call Title", "Meeting name", "Email subject": the file's kind */
		static const char *const words[] = { "call", "meeting", "email" };
		for (int w = 0; w < 3 && titled && !a->kind; w++)
			if (!strncmp(h, words[w], strlen(words[w])) &&
			    strlen(h) > strlen(words[w]) + 2)
				a->kind = words[w];
	}
	if (a->col[A_WHO] < 0 && a->col[A_WHAT] < 0 && a->col[A_CONTACT] < 0 &&
	    a->col[A_DEAL] < 0 && a->col[A_CONTACT_NAME] < 0 &&
	    a->col[A_DEAL_NAME] < 0)
		return fc_fail(a->err, FC_EINVAL, NULL, "an activities file needs "
			       "a column naming the contact or the deal (WhoId, "
			       "WhatId, Associated Contact IDs, Associated Deal IDs, "
			       "Activity - Person, Activity - Deal...)");
	if (a->o->rejected && ftell(a->o->rejected) <= 0) {
		for (size_t i = 0; i < rec->nfields; i++)
			csv_write_field_n(&a->rej, rec->fields[i], rec->lens[i],
					  delim_of(a), CSV_WRITE_SAFE);
		csv_write_field_n(&a->rej, "reason", 6, delim_of(a), CSV_WRITE_SAFE);
		csv_write_row_end(&a->rej);
	}
	return 0;
}

/* The row's fields, trimmed (NULL when empty). */
struct arow {
	char *v[A_COUNT];
};

static void arow_read(struct aimp *a, const struct csv_record *rec,
		      struct arow *r)
{
	for (int c = 0; c < A_COUNT; c++) {
		r->v[c] = NULL;
		if (a->col[c] < 0 || (size_t)a->col[c] >= rec->nfields)
			continue;
		size_t n = rec->lens[a->col[c]];
		const char *v = csv_unguard(rec->fields[a->col[c]], &n);
		char *t = import_trim_dup(v, n);
		if (*t)
			r->v[c] = t;
		else
			free(t);
	}
}

static void arow_free(struct arow *r)
{
	for (int c = 0; c < A_COUNT; c++)
		free(r->v[c]);
}

/* The first of a HubSpot list of ids ("12;34"). */
static void first_id(char *s)
{
	if (s)
		s[strcspn(s, ";,")] = '\0';
}

/* Our kind of the other CRM's KIND (a Task's subtype, an engagement's
 * type, a Pipedrive type) or TYPE: call, email, meeting or visit; NULL
 * for what is no talk with the customer (a note, a to-do). */
static const char *kind_of(const char *kind, const char *type, int event)
{
	static const char *const map[] = {
		"call=call", "calls=call", "phone=call", "email=email",
		"emails=email", "e-mail=email", "listemail=email",
		"incoming_email=email", "forwarded_email=email",
		"meeting=meeting", "meetings=meeting", "event=meeting",
		"lunch=meeting", "demo=meeting", "visit=visit", NULL };
	const char *tries[2] = { type, kind };
	for (int t = 0; t < 2; t++) {
		if (!tries[t])
			continue;
		for (int i = 0; map[i]; i++) {
			const char *eq = strchr(map[i], '=');
			if (strlen(tries[t]) == (size_t)(eq - map[i]) &&
			    !strncasecmp(map[i], tries[t], (size_t)(eq - map[i])))
				return eq + 1;
		}
	}
	return event ? "meeting" : NULL;
}

/* Whether the activity is done: Salesforce's Status Completed or IsClosed,
 * HubSpot's COMPLETED (a call, e-mail, meeting or note logged without a
 * status is done), Pipedrive's Done; an event without a status is done once
 * its day has passed. */
static int is_done(struct aimp *a, const struct arow *r, const char *day)
{
	const char *st = r->v[A_STATUS], *cl = r->v[A_CLOSED], *dn = r->v[A_DONE];
	if (dn)
		return !strcasecmp(dn, "done") || !strcasecmp(dn, "true") ||
		       !strcmp(dn, "1") || !strcasecmp(dn, "yes");
	if (cl && (!strcasecmp(cl, "true") || !strcmp(cl, "1")))
		return 1;
	if (st)
		return !strcasecmp(st, "completed") || !strcasecmp(st, "complete") ||
		       !strcasecmp(st, "done") || !strcasecmp(st, "closed");
	if (cl)
		return 0;
	return day[0] && strcmp(day, a->today) <= 0;
}

/* The activity's time: ISO "2024-03-05", "2024-03-05T14:22:10.000+0000",
 * "2024-03-05 14:22", or a date in the import's date format. */
static int when(struct aimp *a, const struct arow *r, char day[DATE_LEN],
		char at[TIME_LEN], struct fc_error *err)
{
	const char *s = r->v[A_START] ? r->v[A_START] : r->v[A_DATE];
	char hms[9] = "00:00:00";
	int32_t days;
	struct fc_error e;
	day[0] = at[0] = '\0';
	if (!s)
		return 0;
	size_t n = strlen(s);
	if (n >= 16 && (s[10] == 'T' || s[10] == ' ') && s[13] == ':') {
		memcpy(hms, s + 11, n >= 19 && s[16] == ':' ? 8 : 5);
		char d[DATE_LEN];
		snprintf(d, sizeof(d), "%.10s", s);
		for (int i = 0; i < 8; i++)
			if (i % 3 != 2 && (hms[i] < '0' || hms[i] > '9'))
				return fc_fail(err, FC_EINVAL, "date", "'%s' is not a "
					       "date", s);
		if (date_parse(d, &days))
			return fc_fail(err, FC_EINVAL, "date", "'%s' is not a date",
				       s);
	} else if (value_parse_date(s, (enum value_date_format)a->o->date_format,
				    &days, &e)) {
		return fc_fail(err, FC_EINVAL, "date", "'%s': %s", s, e.message);
	}
	date_format(days, day);
	snprintf(at, TIME_LEN, "%sT%.8sZ", day, hms);
	return 0;
}

/* A record of ENTITY by the other CRM's id REF, visible to the importer. */
static int by_ref(struct aimp *a, const char *entity, const char *ref,
		  int64_t *id, struct fc_error *err)
{
	int rc = import_key_get(a->ctx, entity, ref, id, err);
	/* a lead came in as a contact, under its id of a lead (lead.c) */
	if (!rc && !*id && !strcmp(entity, "contact"))
		rc = import_key_get(a->ctx, "lead", ref, id, err);
	if (!rc && *id && record_check_access(a->ctx, entity_find(entity), *id, 0,
					      NULL))
		*id = 0;
	return rc;
}

/* A record of TABLE whose COL is NAME (the first, by id), or 0. */
static int by_name(struct aimp *a, const struct entity *e, const char *sql,
		   const char *name, int64_t *id, struct fc_error *err)
{
	int rc = db_query_int(a->ctx->db, id, sql, "is", a->ctx->org_id, name);
	if (rc == FC_ENOTFOUND) {
		*id = 0;
		return 0;
	}
	if (rc)
		return db_error(a->ctx->db, err);
	if (*id && record_check_access(a->ctx, e, *id, 0, NULL))
		*id = 0;
	return 0;
}

/* The row's contact and deal; a row naming one the import does not know is
 * rejected saying which file to import first. */
static int links(struct aimp *a, struct arow *r, int64_t *contact,
		 int64_t *deal, struct fc_error *err)
{
	int64_t account = 0;
	int rc = 0;
	*contact = *deal = 0;
	first_id(r->v[A_CONTACT]);
	first_id(r->v[A_DEAL]);
	first_id(r->v[A_ACCOUNT]);
	const char *who = r->v[A_WHO] ? r->v[A_WHO] : r->v[A_CONTACT];
	if (who) {
		if ((rc = by_ref(a, "contact", who, contact, err)))
			return rc;
		if (!*contact)
			return fc_fail(err, FC_EINVAL, "contact", "unknown contact "
				       "'%s': import its contacts (or leads) first",
				       who);
	}
	if (r->v[A_WHAT]) {	/* Salesforce: an opportunity or an account */
		if ((rc = by_ref(a, "deal", r->v[A_WHAT], deal, err)) ||
		    (!*deal && (rc = by_ref(a, "account", r->v[A_WHAT], &account,
					    err))))
			return rc;
		if (!*deal && !account)
			return fc_fail(err, FC_EINVAL, "deal", "unknown record '%s' "
				       "(WhatId): import its opportunities or "
				       "accounts first", r->v[A_WHAT]);
	}
	if (r->v[A_DEAL]) {
		if ((rc = by_ref(a, "deal", r->v[A_DEAL], deal, err)))
			return rc;
		if (!*deal)
			return fc_fail(err, FC_EINVAL, "deal", "unknown deal '%s': "
				       "import the deals first", r->v[A_DEAL]);
	}
	if (!*deal && r->v[A_DEAL_NAME]) {
		if ((rc = by_name(a, &entity_deal, "SELECT MIN(id) FROM deals WHERE "
				  "org_id = ? AND title = ?", r->v[A_DEAL_NAME],
				  deal, err)))
			return rc;
		if (!*deal)
			return fc_fail(err, FC_EINVAL, "deal", "unknown deal '%s': "
				       "import the deals first", r->v[A_DEAL_NAME]);
	}
	if (!*contact && r->v[A_CONTACT_NAME]) {
		if ((rc = by_name(a, &entity_contact, "SELECT MIN(id) FROM contacts "
				  "WHERE org_id = ? AND name = ?",
				  r->v[A_CONTACT_NAME], contact, err)))
			return rc;
		if (!*contact)
			return fc_fail(err, FC_EINVAL, "contact", "unknown contact "
				       "'%s': import the people first",
				       r->v[A_CONTACT_NAME]);
	}
	if (!*contact && !*deal)
		return fc_fail(err, FC_EINVAL, "contact", "no contact or deal: an "
			       "activity of an account alone has nobody to be with");
	return 0;
}

/* The owner: the user recorded for the other CRM's id, else the user of
 * that e-mail or name; else the importer, counted in owners_unknown. */
static int owner(struct aimp *a, const char *ref, int64_t *id,
		 struct fc_error *err)
{
	struct fc_error e;
	*id = a->ctx->user.id;
	if (!ref)
		return 0;
	int64_t u = 0;
	int rc = import_key_get(a->ctx, "user", ref, &u, err);
	if (!rc && !u) {
		rc = user_find(a->ctx, "owner", ref, &u, &e);
		if (rc == FC_ENOTFOUND || rc == FC_EINVAL) {
			rc = 0;
			u = 0;
		} else if (rc) {
			*err = e;
		}
	}
	if (rc)
		return rc;
	if (u)
		*id = u;
	else
		import_owner_unknown(a->s, ref);
	return 0;
}

/* The interaction's notes: the other CRM's notes, then what a call
 * recorded (its type, result and length), which Fulcrum has no field for. */
static void notes_of(const struct arow *r, struct buf *out)
{
	if (r->v[A_NOTES])
		buf_adds(out, r->v[A_NOTES]);
	if (r->v[A_CALL_TYPE] || r->v[A_CALL_RESULT] || r->v[A_CALL_SECONDS]) {
		buf_addf(out, "%sCall", out->len ? "\n" : "");
		if (r->v[A_CALL_TYPE])
			buf_addf(out, " (%s)", r->v[A_CALL_TYPE]);
		if (r->v[A_CALL_RESULT])
			buf_addf(out, ": %s", r->v[A_CALL_RESULT]);
		if (r->v[A_CALL_SECONDS])
			buf_addf(out, ", %s s", r->v[A_CALL_SECONDS]);
	}
}

enum verdict { V_IMPORTED, V_KNOWN, V_NEXT_TAKEN, V_NOT_A_TALK };

static int done_row(struct aimp *a, struct arow *r, const char *kind,
		    const char *at, int64_t contact, int64_t deal, int64_t uid,
		    int64_t *id, struct fc_error *err)
{
	struct buf notes = BUF_INIT;
	json_t *in = json_pack("{s:s, s:s, s:b}", "kind", kind, "at", at,
			       "planned", 0);
	if (contact)
		json_object_set_new(in, "contact_id", json_integer(contact));
	if (deal)
		json_object_set_new(in, "deal_id", json_integer(deal));
	if (r->v[A_SUBJECT]) {
		char purpose[501];
		snprintf(purpose, sizeof(purpose), "%s", r->v[A_SUBJECT]);
		json_object_set_new(in, "purpose", json_string(purpose));
	}
	notes_of(r, &notes);
	if (notes.len)
		json_object_set_new(in, "notes", json_string(notes.s));
	/* written as it was: no agreement is claimed, the step it happened
	 * in is not known, and no next step or comfort follows from it */
	json_t *extra = json_pack("{s:I, s:b, s:b}", "owner_id", (json_int_t)uid,
				  "agreement", 0, "agreement_known", 0);
	int rc = record_create(a->ctx, &entity_interaction, in, extra, id, err);
	json_decref(in);
	json_decref(extra);
	buf_release(&notes);
	return rc;
}

/* An open activity as the next step of DEAL (or CONTACT): only where the
 * deal's is the import's own placeholder, or the contact has none. */
static int open_row(struct aimp *a, struct arow *r, const char *day,
		    int64_t contact, int64_t deal, int64_t *id,
		    enum verdict *v, struct fc_error *err)
{
	char what[501], current[501] = "", due[DATE_LEN];
	struct db_stmt *st;
	int rc;
	snprintf(what, sizeof(what), "%s", r->v[A_SUBJECT] ? r->v[A_SUBJECT] :
		 "Follow up");
	snprintf(due, sizeof(due), "%s", day[0] && strcmp(day, a->today) > 0 ?
		 day : a->today);
	st = db_prepare(a->ctx->db, deal ? "SELECT what FROM next_steps WHERE "
			"org_id = ? AND deal_id = ? AND status = 'open'" :
			"SELECT what FROM next_steps WHERE org_id = ? AND "
			"contact_id = ? AND deal_id IS NULL AND status = 'open'");
	if (!st)
		return db_error(a->ctx->db, err);
	db_bindf(st, "ii", a->ctx->org_id, deal ? deal : contact);
	rc = db_step(st);
	if (rc > 0)
		snprintf(current, sizeof(current), "%s", db_col_text(st, 0));
	db_done(st);
	if (rc < 0)
		return db_error(a->ctx->db, err);
	if (current[0] && strcmp(current, IMPORT_REVIEW_STEP)) {
		*v = V_NEXT_TAKEN;
		return fc_fail(err, FC_ECONFLICT, "next_step", "the %s's agreed next "
			       "step is already '%s' (one at a time, R1)",
			       deal ? "deal" : "contact", current);
	}
	if (deal) {
		char status[16] = "";
		st = db_prepare(a->ctx->db, "SELECT status FROM deals WHERE org_id = "
				"? AND id = ?");
		if (!st)
			return db_error(a->ctx->db, err);
		db_bindf(st, "ii", a->ctx->org_id, deal);
		if ((rc = db_step(st)) > 0)
			snprintf(status, sizeof(status), "%s", db_col_text(st, 0));
		db_done(st);
		if (rc < 0)
			return db_error(a->ctx->db, err);
		if (strcmp(status, "open")) {
			*v = V_NEXT_TAKEN;
			return fc_fail(err, FC_ECONFLICT, "next_step", "the deal is %s: "
				       "a closed deal takes no next step", status);
		}
	}
	json_t *spec = json_pack("{s:s, s:s, s:s}", "what", what, "due", due,
				 "type", "other");
	if (deal) {
		rc = next_step_set(a->ctx, deal, spec, id, err);
	} else {
		rc = next_step_write(a->ctx, NULL, contact, spec, 0, id, err);
	}
	json_decref(spec);
	return rc;
}

static int arow_run(struct aimp *a, const struct csv_record *rec,
		    enum verdict *v, struct fc_error *err)
{
	struct arow r;
	char day[DATE_LEN], at[TIME_LEN];
	int64_t contact, deal, uid, id = 0, known = 0;
	int rc;
	const char *entity;

	*v = V_IMPORTED;
	arow_read(a, rec, &r);
	snprintf(a->owner, sizeof(a->owner), "%s", r.v[A_OWNER] ? r.v[A_OWNER] :
		 "");
	if ((rc = when(a, &r, day, at, err)))
		goto out;
	int done = is_done(a, &r, day);
	int event = a->col[A_EVENT] >= 0 || a->col[A_START] >= 0;
	const char *kind = kind_of(r.v[A_KIND], r.v[A_TYPE], event && done);
	if (!kind && !r.v[A_KIND] && !r.v[A_TYPE])
		kind = a->kind;
	entity = done ? "interaction" : "next_step";
	if (r.v[A_EXT] && (rc = import_key_get(a->ctx, entity, r.v[A_EXT], &known,
					       err)))
		goto out;
	if (known) {
		*v = V_KNOWN;
		goto out;
	}
	if (done && !kind) {
		*v = V_NOT_A_TALK;
		rc = fc_fail(err, FC_EINVAL, "kind", "a done '%s' is no call, "
			     "e-mail, meeting or visit: not an interaction",
			     r.v[A_KIND] ? r.v[A_KIND] : r.v[A_TYPE] ?
			     r.v[A_TYPE] : "activity");
		goto out;
	}
	if (done && !at[0]) {
		rc = fc_fail(err, FC_EINVAL, "date", "a done activity needs its "
			     "date");
		goto out;
	}
	if ((rc = links(a, &r, &contact, &deal, err)) ||
	    (rc = owner(a, r.v[A_OWNER], &uid, err)))
		goto out;
	if (done)
		rc = done_row(a, &r, kind, at, contact, deal, uid, &id, err);
	else
		rc = open_row(a, &r, day, contact, deal, &id, v, err);
	if (!rc && r.v[A_EXT])
		rc = import_key_put(a->ctx, entity, r.v[A_EXT], id, err);
out:
	arow_free(&r);
	return rc;
}

static int acommit(struct aimp *a)
{
	if (!a->in_tx)
		return 0;
	a->in_tx = 0;
	a->batch_rows = 0;
	if (a->o->dry_run) {
		db_rollback(a->ctx->db);
		refresh_defer_forget(&a->refresh);
	} else if (refresh_defer_flush(a->ctx, &a->refresh, a->err)) {
		db_rollback(a->ctx->db);
		return FC_ESTORE;
	} else if (db_commit(a->ctx->db)) {
		return db_error(a->ctx->db, a->err);
	}
	if (a->o->rejected && a->rej.len &&
	    (fwrite(a->rej.s, 1, a->rej.len, a->o->rejected) != a->rej.len ||
	     fflush(a->o->rejected)))
		return fc_fail(a->err, FC_ESTORE, NULL, "cannot write the rejected "
			       "rows");
	buf_clear(&a->rej);
	return 0;
}

static int on_activity(const struct csv_record *rec, void *data)
{
	struct aimp *a = data;
	struct fc_error e;
	enum verdict v;
	int rc;

	if (rec->index == 0)
		return (a->fatal = aheader(a, rec));
	a->s->read++;
	if (!a->in_tx) {
		if (db_begin(a->ctx->db, 1))
			return (a->fatal = db_error(a->ctx->db, a->err));
		a->in_tx = 1;
		if (refresh_defer_begin(a->ctx, &a->refresh, a->err))
			return (a->fatal = FC_ESTORE);
	}
	fc_error_clear(&e);
	if (import_row_begin(a->ctx))
		return (a->fatal = db_error(a->ctx->db, a->err));
	rc = arow_run(a, rec, &v, &e);
	import_row_end(a->ctx, rc != 0);
	if (rc == FC_ESTORE) {
		*a->err = e;
		return (a->fatal = rc);
	}
	import_tally_owner(a->s, a->owner, rc ? (v == V_NEXT_TAKEN || v ==
			   V_NOT_A_TALK ? "skipped" : "rejected") : v == V_KNOWN ?
			   "skipped" : "imported");
	if (!rc && v == V_KNOWN)
		a->s->skipped++;
	else if (!rc)
		a->s->imported++;
	else
		anote(a, rec, e.message[0] ? e.message : fc_strerror(rc),
		      v == V_NEXT_TAKEN || v == V_NOT_A_TALK);
	/* a dry run is one transaction, rolled back at the end */
	if (!a->o->dry_run &&
	    ++a->batch_rows >= (a->o->batch > 0 ? a->o->batch :
				IMPORT_BATCH_DEFAULT) && (rc = acommit(a)))
		return (a->fatal = rc);
	return 0;
}

int import_activities(struct fc_ctx *ctx, FILE *f,
		      const struct import_options *o, struct import_summary *s,
		      struct fc_error *err)
{
	struct aimp a = { .ctx = ctx, .o = o, .s = s, .err = err };
	struct csv_reader rd;
	struct csv_reader_options ropt = { .delim = o->delim };
	int rc = 0;

	if (ctx->user.role == ROLE_REP)
		return fc_fail(err, FC_EFORBIDDEN, NULL, "imports are for managers "
			       "and admins");
	if (o->preset && !import_preset_find(o->preset))
		return fc_fail(err, FC_EUSAGE, "preset", "unknown preset '%s' (see "
			       "fulcrum help import)", o->preset);
	ctx_today(ctx, a.today);
	buf_init(&a.rej, 0);
	if ((rc = import_connection_prepare(ctx, err)))
		goto out;
	csv_reader_init(&rd, &ropt, on_activity, &a, err);
	a.rd = &rd;
	rc = csv_reader_feed_file(&rd, f);
	if (a.fatal)
		rc = a.fatal;
	if (!rc && rd.nrecords == 0)
		rc = fc_fail(err, FC_EINVAL, NULL, "the file is empty: an activities "
			     "file needs a header row");
	csv_reader_release(&rd);
	if (!rc)
		rc = acommit(&a);
out:
	if (a.in_tx)
		db_rollback(ctx->db);
	refresh_defer_forget(&a.refresh);
	buf_release(&a.rej);
	return rc > 0 ? FC_EINVAL : rc;
}
