/* A whole export folder of another CRM, in the order its records refer to
 * each other: users, accounts, contacts, leads, deals, the deals' stage
 * history, activities; each file with the system's preset. The answer is
 * the reconciliation: per file and per owner, rows read, imported, merged,
 * skipped and rejected, so that every row is accounted for. A CSV of the
 * folder that no step reads is listed too, its rows skipped. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/import/internal.h"
#include "core/user.h"
#include "io/csv-reader.h"
#include "util/xmalloc.h"
#include "util/banned.h"

enum fstep { S_USERS, S_ACCOUNTS, S_CONTACTS, S_LEADS, S_DEALS, S_HISTORY,
	    S_ACTIVITIES };
static const char *const step_names[] = { "users", "accounts", "contacts",
	"leads", "deals", "history", "activities" };

struct plan { const char *file; enum fstep step; };

/* Each system's files, in the order they are imported. */
static const struct plan salesforce_plan[] = {
	{ "User.csv", S_USERS }, { "Account.csv", S_ACCOUNTS },
	{ "Contact.csv", S_CONTACTS }, { "Lead.csv", S_LEADS },
	{ "Opportunity.csv", S_DEALS },
	{ "OpportunityHistory.csv", S_HISTORY }, { "Task.csv", S_ACTIVITIES },
	{ "Event.csv", S_ACTIVITIES }, { NULL, 0 }
};
static const struct plan hubspot_plan[] = {
	{ "owners.csv", S_USERS }, { "companies.csv", S_ACCOUNTS },
	{ "contacts.csv", S_CONTACTS }, { "deals.csv", S_DEALS },
	/* the deals export's "Date entered" columns are its history */
	{ "deals.csv", S_HISTORY }, { "calls.csv", S_ACTIVITIES },
	{ "emails.csv", S_ACTIVITIES }, { "meetings.csv", S_ACTIVITIES },
	{ "notes.csv", S_ACTIVITIES }, { "tasks.csv", S_ACTIVITIES },
	{ NULL, 0 }
};
static const struct plan pipedrive_plan[] = {
	{ "users.csv", S_USERS }, { "organizations.csv", S_ACCOUNTS },
	{ "people.csv", S_CONTACTS }, { "deals.csv", S_DEALS },
	{ "activities.csv", S_ACTIVITIES }, { NULL, 0 }
};

static const struct { const char *system; const struct plan *plan; } plans[] = {
	{ "salesforce", salesforce_plan }, { "hubspot", hubspot_plan },
	{ "pipedrive", pipedrive_plan }, { NULL, NULL }
};

#define FOLDER_FILES_MAX 200	/* CSV files of a folder that are listed */
#define FOLDER_PATH_MAX 4096

struct found {
	char *names[FOLDER_FILES_MAX];	/* the folder's CSV files */
	int used[FOLDER_FILES_MAX];	/* a step read it */
	size_t n;
};

static int list_folder(const char *dir, struct found *f, struct fc_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return fc_fail(err, FC_ENOTFOUND, NULL, "cannot open the folder "
			       "'%s': %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcasecmp(e->d_name + n - 4, ".csv"))
			continue;
		/* the rows an earlier run left out, not a file of the export */
		if (n > 13 && !strcasecmp(e->d_name + n - 13, ".rejected.csv"))
			continue;
		if (f->n >= FOLDER_FILES_MAX) {
			closedir(d);
			return fc_fail(err, FC_ELIMIT, NULL, "the folder holds more "
				       "than %d CSV files", FOLDER_FILES_MAX);
		}
		f->names[f->n++] = xstrdup(e->d_name);
	}
	closedir(d);
	/* in name order, so the table reads the same on every machine */
	for (size_t i = 1; i < f->n; i++)
		for (size_t j = i; j > 0 && strcmp(f->names[j - 1], f->names[j]) > 0;
		     j--) {
			char *t = f->names[j];
			f->names[j] = f->names[j - 1];
			f->names[j - 1] = t;
		}
	return 0;
}

static int find(const struct found *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcasecmp(f->names[i], name))
			return (int)i;
	return -1;
}

static int count_row(const struct csv_record *rec, void *data)
{
	if (rec->index > 0)
		++*(int64_t *)data;
	return 0;
}

/* The data rows of the CSV at PATH. */
static int count_rows(const char *path, int64_t *rows, struct fc_error *err)
{
	FILE *f = fopen(path, "rb");
	struct csv_reader rd;
	int rc = 0;
	*rows = 0;
	if (!f)
		return fc_fail(err, FC_ENOTFOUND, NULL, "cannot open '%s': %s", path,
			       strerror(errno));
	csv_reader_init(&rd, NULL, count_row, rows, err);
	rc = csv_reader_feed_file(&rd, f);
	csv_reader_release(&rd);
	fclose(f);
	return rc;
}

/* {"file", "kind", "read", "imported", "merged", "skipped", "rejected",
 * "flagged", "note", "rejects": null} of one file (flagged rows, likely
 * duplicates, are among the imported). */
static json_t *file_row(const char *file, const char *kind,
			const struct import_summary *s, const char *note)
{
	json_t *r = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "file", file,
			      "kind", kind, "read", (json_int_t)s->read,
			      "imported", (json_int_t)s->imported,
			      "merged", (json_int_t)s->updated,
			      "skipped", (json_int_t)s->skipped,
			      "rejected", (json_int_t)s->rejected);
	json_object_set_new(r, "flagged", json_integer(s->flagged));
	json_object_set_new(r, "note", note ? json_string(note) : json_null());
	json_object_set_new(r, "rejects", json_null());
	return r;
}

/* The name of the user the file's owner OWNER is, as the table shows it. */
static char *owner_label(struct fc_ctx *ctx, const char *owner)
{
	struct fc_error e;
	int64_t id = 0;
	char *name = NULL;
	if (!*owner)
		return xstrdup("(no owner in the file)");
	if (import_key_get(ctx, "user", owner, &id, &e) == 0 && !id &&
	    user_find(ctx, "owner", owner, &id, &e))
		id = 0;
	if (id) {
		struct db_stmt *st = db_prepare(ctx->db, "SELECT name FROM users "
						"WHERE org_id = ? AND id = ?");
		if (st) {
			db_bindf(st, "ii", ctx->org_id, id);
			if (db_step(st) > 0)
				name = xstrdup(db_col_text(st, 0));
			db_done(st);
		}
	}
	return name ? name : xasprintf("unknown owner '%s'", owner);
}

/* Adds S's rows by owner into OWNERS ({label: {counts}}). */
static void owners_add(struct fc_ctx *ctx, json_t *owners,
		       const struct import_summary *s)
{
	const char *key;
	json_t *t;
	json_object_foreach(s->by_owner, key, t) {
		char *label = owner_label(ctx, key);
		json_t *o = json_object_get(owners, label);
		if (!o) {
			o = json_pack("{s:s, s:i, s:i, s:i, s:i, s:i}", "owner", label,
				      "read", 0, "imported", 0, "merged", 0,
				      "skipped", 0, "rejected", 0);
			json_object_set_new(owners, label, o);
		}
		static const char *const from[] = { "read", "imported", "updated",
			"skipped", "rejected" };
		static const char *const to[] = { "read", "imported", "merged",
			"skipped", "rejected" };
		for (int i = 0; i < 5; i++)
			json_object_set_new(o, to[i], json_integer(
				json_integer_value(json_object_get(o, to[i])) +
				json_integer_value(json_object_get(t, from[i]))));
		free(label);
	}
}

/* Runs STEP on the file at PATH into S. */
static int run_step(struct fc_ctx *ctx, enum fstep step, const char *path,
		    struct import_options *o, struct import_summary *s,
		    struct fc_error *err)
{
	FILE *f = fopen(path, "rb");
	int rc;
	if (!f)
		return fc_fail(err, FC_ENOTFOUND, NULL, "cannot open '%s': %s", path,
			       strerror(errno));
	switch (step) {
	case S_USERS:
		rc = import_users(ctx, f, o, s, err);
		break;
	case S_ACTIVITIES:
		rc = import_activities(ctx, f, o, s, err);
		break;
	default:
		/* leads come in as contacts to engage (lead.c) */
		o->kind = step == S_ACCOUNTS ? IMPORT_ACCOUNTS :
			  step == S_CONTACTS || step == S_LEADS ? IMPORT_CONTACTS :
			  step == S_DEALS ? IMPORT_DEALS : IMPORT_HISTORY;
		o->leads = step == S_LEADS;
		rc = import_csv(ctx, f, o, s, err);
		break;
	}
	fclose(f);
	return rc;
}

/* The owner map's pairs, a row of the table of their own. */
static int map_owners(struct fc_ctx *ctx, const char *spec, json_t *files,
		      struct fc_error *err)
{
	struct import_options o = { 0 };
	struct import_summary s;
	import_summary_init(&s);
	int rc = import_owner_map(ctx, spec, &o, &s, err);
	if (!rc) {
		json_t *row = file_row("--owner-map", "owners", &s, NULL);
		if (json_array_size(s.rejects)) {
			json_object_set_new(row, "note", json_string(json_string_value(
				json_object_get(json_array_get(s.rejects, 0),
						"reason"))));
		}
		json_array_append_new(files, row);
	}
	import_summary_release(&s);
	return rc;
}

int import_folder(struct fc_ctx *ctx, const char *system, const char *dir,
		  const struct import_options *base, const char *owner_map,
		  const char *rejects_dir, json_t **out, struct fc_error *err)
{
	const struct plan *plan = NULL;
	struct found f;
	json_t *files = json_array(), *owners = json_object();
	int rc = 0, mapped = 0;

	*out = NULL;
	memset(&f, 0, sizeof(f));
	for (int i = 0; plans[i].system; i++)
		if (!strcmp(plans[i].system, system))
			plan = plans[i].plan;
	if (!plan) {
		rc = fc_fail(err, FC_EUSAGE, NULL, "no export folder of '%s' "
			     "(salesforce, hubspot, pipedrive)", system);
		goto out;
	}
	if (ctx->user.role != ROLE_ADMIN) {
		rc = fc_fail(err, FC_EFORBIDDEN, NULL, "importing a whole export, "
			     "its users with it, is for admins");
		goto out;
	}
	if (base->dry_run) {
		/* each file refers to the records of the files before it */
		rc = fc_fail(err, FC_EUSAGE, "dry_run", "a folder's files refer to "
			     "each other, so a dry run of one cannot check the next: "
			     "import into a copy of the database instead");
		goto out;
	}
	if ((rc = list_folder(dir, &f, err)))
		goto out;
	for (const struct plan *p = plan; p->file && !rc; p++) {
		int at = find(&f, p->file);
		char path[FOLDER_PATH_MAX], rej[FOLDER_PATH_MAX];
		struct import_options o = *base;
		struct import_summary s;
		FILE *rf = NULL;
		/* the owner map after the users it may name, before any owner */
		if (owner_map && p->step != S_USERS && !mapped++ &&
		    (rc = map_owners(ctx, owner_map, files, err)))
			break;
		if (at < 0)
			continue;
		f.used[at] = 1;
		snprintf(path, sizeof(path), "%s/%s", dir, f.names[at]);
		import_summary_init(&s);
		o.preset = system;
		rej[0] = '\0';
		if (rejects_dir) {
			size_t n = strlen(f.names[at]) - 4;
			snprintf(rej, sizeof(rej), "%s/%.*s%s.rejected.csv", rejects_dir,
				 (int)n, f.names[at], p->step == S_HISTORY ?
				 "-history" : "");
			if (!(rf = fopen(rej, "w"))) {
				rc = fc_fail(err, FC_ESTORE, NULL, "cannot write '%s': %s",
					     rej, strerror(errno));
				import_summary_release(&s);
				break;
			}
			o.rejected = rf;
		}
		rc = run_step(ctx, p->step, path, &o, &s, err);
		int noted = s.rejected || json_array_size(s.decisions) ||
			    (p->step == S_ACTIVITIES && s.skipped);
		if (rf) {
			if (fclose(rf) && !rc)
				rc = fc_fail(err, FC_ESTORE, NULL, "cannot write '%s'", rej);
			if (!noted)
				remove(rej);
		}
		/* a deals export's history is a row per "Date entered" date */
		int dated = p->step == S_HISTORY &&
			    s.imported + s.updated + s.skipped + s.rejected != s.read;
		if (dated)
			s.read = s.imported + s.updated + s.skipped + s.rejected;
		if (!rc) {
			json_t *row = file_row(f.names[at], step_names[p->step], &s,
					       dated ? "each 'Date entered' date is a "
					       "row of the history" : NULL);
			json_object_set_new(row, "rejects", noted && rej[0] ?
					    json_string(rej) : json_null());
			json_array_append_new(files, row);
			owners_add(ctx, owners, &s);
		} else {
			/* which file stopped it */
			char msg[sizeof(err->message)];
			snprintf(msg, sizeof(msg), "%s", err->message);
			snprintf(err->message, sizeof(err->message), "%.100s: %.400s",
				 f.names[at], msg);
		}
		import_summary_release(&s);
	}
	for (size_t i = 0; i < f.n && !rc; i++) {
		struct import_summary s;
		char path[FOLDER_PATH_MAX];
		if (f.used[i])
			continue;
		import_summary_init(&s);
		snprintf(path, sizeof(path), "%s/%s", dir, f.names[i]);
		if (!(rc = count_rows(path, &s.read, err))) {
			s.skipped = s.read;
			json_array_append_new(files, file_row(f.names[i], "none", &s,
				"no step of the import reads this file"));
		}
		import_summary_release(&s);
	}
	if (!rc) {
		json_t *list = json_array(), *o;
		const char *k;
		json_object_foreach(owners, k, o)
			json_array_append(list, o);
		*out = json_pack("{s:s, s:O, s:o, s:b}", "system", system, "files",
				 files, "owners", list, "dry_run", base->dry_run);
	}
out:
	for (size_t i = 0; i < f.n; i++)
		free(f.names[i]);
	json_decref(files);
	json_decref(owners);
	return rc;
}
