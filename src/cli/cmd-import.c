/* fulcrum import accounts|contacts|deals|history FILE.csv, import vcard
 * FILE.vcf, import json FILE ("-": standard input): reads the file, runs the
 * import service (core/import.h) with a progress bar, writes rejected rows
 * where --rejects says (by default beside the input, else in the current
 * folder) and prints the summary. Options and presets: the usage text in
 * commands.c. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "core/duplicate.h"
#include "core/import/import.h"
#include "util/buf.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define IMPORT_FILE_MAX ((size_t)512 << 20)	/* vCard and JSON read whole */
#define MAP_FILE_MAX ((size_t)1 << 20)
/* A CSV on standard input is kept in a temporary file (its hash is read
 * before the rows, for --resume), up to this size. */
#define STDIN_CSV_MAX ((int64_t)4 << 30)

/* The options of a CSV import, of a vCard import, and of a restore. */
static const struct opt_spec import_specs[] = {
	{ "map", 1, "'Their Column=field,...'" }, { "map-file", 1, "FILE" },
	{ "preset", 1, "NAME" }, { "stage-map", 1, "'Their Stage=STEP,...'" },
	{ "delimiter", 1, "CHAR|tab" }, { "date-format", 1, "iso|us|eu" },
	{ "dry-run", 0, NULL }, { "on-duplicate", 1, "skip|update|error" },
	{ "resume", 0, NULL }, { "batch", 1, "N" }, { "rejects", 1, "FILE" },
	{ "allow-duplicates", 0, NULL }, { "leads", 0, NULL },
	{ "keep-unmapped", 0, NULL }, { "preview", 1, "N" }, { NULL, 0, NULL }
};
/* The options of a users import, and of an activities import. */
static const struct opt_spec users_specs[] = {
	{ "preset", 1, "NAME" }, { "owner-map", 1, "FILE" },
	{ "delimiter", 1, "CHAR|tab" }, { "dry-run", 0, NULL },
	{ "rejects", 1, "FILE" }, { NULL, 0, NULL }
};
static const struct opt_spec activities_specs[] = {
	{ "preset", 1, "NAME" }, { "delimiter", 1, "CHAR|tab" },
	{ "date-format", 1, "iso|us|eu" }, { "dry-run", 0, NULL },
	{ "batch", 1, "N" }, { "rejects", 1, "FILE" }, { NULL, 0, NULL }
};
static const struct opt_spec vcard_specs[] = {
	{ "on-duplicate", 1, "skip|update|error" }, { "dry-run", 0, NULL },
	{ "rejects", 1, "FILE" }, { "allow-duplicates", 0, NULL },
	{ NULL, 0, NULL }
};

static int is_stdio(const char *path)
{
	return !strcmp(path, "-");
}

static int read_file(const char *path, size_t max, struct buf *out,
		     struct fc_error *err)
{
	FILE *f = is_stdio(path) ? stdin : fopen(path, "rb");
	char chunk[65536];
	size_t n;
	if (!f)
		return fc_fail(err, FC_ENOTFOUND, NULL, "cannot open '%s': %s", path,
			       strerror(errno));
	buf_init(out, max);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(out, chunk, n)) {
			if (f != stdin)
				fclose(f);
			return fc_fail(err, FC_ELIMIT, NULL, "'%s' is larger than %zu "
				       "bytes", path, max);
		}
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad)
		return fc_fail(err, FC_ESTORE, NULL, "cannot read '%s'", path);
	return 0;
}

/* Where rejected rows go: --rejects (GIVEN), else FILE.rejected.csv beside
 * the input, else -- when the input's folder cannot be written or the input
 * is standard input (KIND.rejected.csv) -- in the current folder. */
static char *rejected_path(const char *given, const char *in, const char *kind)
{
	if (given)
		return xstrdup(given);
	if (is_stdio(in))
		return xasprintf("%s.rejected.csv", kind);
	size_t n = strlen(in);
	const char *dot = strrchr(in, '.'), *slash = strrchr(in, '/');
	if (dot && (!slash || dot > slash) && dot != in)
		n = (size_t)(dot - in);
	char *dir = slash ? xstrndup(in, (size_t)(slash - in) + 1) : xstrdup(".");
	int writable = !access(dir, W_OK);
	free(dir);
	if (!writable && slash)
		return xasprintf("%.*s.rejected.csv", (int)(n - (size_t)(slash + 1 - in)),
				 slash + 1);
	return xasprintf("%.*s.rejected.csv", (int)n, in);
}

/* Standard input as a temporary file that can be read twice. */
static FILE *stdin_copy(struct fc_error *err)
{
	FILE *f = tmpfile();
	char chunk[65536];
	size_t n;
	int64_t total = 0;
	if (!f) {
		fc_fail(err, FC_ESTORE, NULL, "cannot keep standard input: %s",
			strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		total += (int64_t)n;
		if (total > STDIN_CSV_MAX) {
			fclose(f);
			fc_fail(err, FC_ELIMIT, NULL, "standard input is larger than "
				"%" PRId64 " bytes", STDIN_CSV_MAX);
			return NULL;
		}
		if (fwrite(chunk, 1, n, f) != n)
			break;
	}
	if (ferror(stdin) || ferror(f) || fflush(f)) {
		fclose(f);
		fc_fail(err, FC_ESTORE, NULL, "cannot read standard input");
		return NULL;
	}
	rewind(f);
	return f;
}

static void on_progress(void *data, int64_t bytes)
{
	progress_update(data, bytes);
}

/* The summary goes to OUT: standard output, or standard error when the
 * rejected rows go to standard output. */
static void print_summary(struct cli *cli, FILE *out,
			  const struct import_summary *s, int dry_run,
			  const char *rejpath)
{
	if (cli->json) {
		json_t *j = import_summary_json(s, dry_run);
		char *t = json_dumps(j, JSON_INDENT(2));
		fprintf(out, "%s\n", t);
		free(t);
		json_decref(j);
		return;
	}
	if (cli->quiet)
		return;
	char flagged[64] = "";
	if (s->flagged)	/* imported, and listed by `fulcrum duplicates` */
		snprintf(flagged, sizeof(flagged), " (%" PRId64 " flagged as likely "
			 "duplicates)", s->flagged);
	fprintf(out, "%sread %" PRId64 ", imported %" PRId64 "%s, updated %" PRId64
	       ", skipped %" PRId64 ", rejected %" PRId64 "\n",
	       dry_run ? "dry run (nothing kept): " : "", s->read, s->imported,
	       flagged, s->updated, s->skipped, s->rejected);
	if (s->resumed)
		fprintf(out, "resumed: %" PRId64 " rows were already imported by the "
		       "earlier run\n", s->resumed);
	if (s->rejected && rejpath)
		fprintf(out, "rejected rows with their reasons: %s\n", rejpath);
	else if (json_array_size(s->decisions) && rejpath)
		fprintf(out, "rows skipped, merged or flagged, with why: %s\n",
			rejpath);
	/* a likely duplicate gets a line each: it is rejected only to ask
	 * (core/duplicate.h) */
	static const char dup[] = "refused (" DUPLICATE_RULE "):";
	size_t i;
	json_t *rej;
	int dups = 0;
	json_array_foreach(s->rejects, i, rej) {
		const char *why = json_string_value(json_object_get(rej, "reason"));
		if (!why || strncmp(why, dup, sizeof(dup) - 1))
			continue;
		fprintf(out, "line %" JSON_INTEGER_FORMAT ": %s\n",
			json_integer_value(json_object_get(rej, "line")), why);
		dups++;
	}
	if (dups)
		fprintf(out, "likely duplicates are imported with --allow-duplicates\n");
	if (json_object_size(s->owners_unknown)) {
		const char *ref;
		json_t *n;
		int first = 1;
		fprintf(out, "owners the file names but no user is (import users or "
			"--owner-map first); their rows are yours:");
		json_object_foreach(s->owners_unknown, ref, n) {
			fprintf(out, "%s '%s' (%" JSON_INTEGER_FORMAT " row%s)", first ?
				"" : ",", ref, json_integer_value(n),
				json_integer_value(n) == 1 ? "" : "s");
			first = 0;
		}
		fprintf(out, "\n");
	}
	if (json_array_size(s->ignored)) {
		fprintf(out, "columns not imported:");
		json_t *v;
		json_array_foreach(s->ignored, i, v)
			fprintf(out, "%s '%s'", i ? "," : "", json_string_value(v));
		fprintf(out, "\n");
	}
}

static int import_json_file(struct cli *cli, const char *path)
{
	struct fc_error err;
	json_error_t jerr;
	int64_t org = 0;
	int rc;
	fc_error_clear(&err);
	json_t *j = is_stdio(path) ? json_loadf(stdin, JSON_REJECT_DUPLICATES,
						&jerr) :
		    json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!j) {
		fprintf(stderr, "fulcrum: '%s' line %d column %d: %s\n", path, jerr.line,
			jerr.column, jerr.text);
		return EXIT_REFUSED;
	}
	rc = import_json(&cli->ctx, j, &org, &err);
	json_decref(j);
	if (rc)
		return cli_fail(cli, &err);
	out_done(cli, NULL, "restored organisation %" PRId64 " from '%s'", org, path);
	return EXIT_OK;
}

/* import users FILE and/or --owner-map FILE: the other CRM's users, then
 * the pairs of the owner map, in one summary; import activities FILE: the
 * other CRM's activities, the rows it skips and rejects with their reasons
 * in the rejects file. */
static int import_users_run(struct cli *cli, const char *sub,
			    const struct opts *o)
{
	int activities = !strcmp(sub, "activities");
	struct import_options io;
	struct import_summary s;
	struct fc_error err;
	struct buf map = BUF_INIT;
	const char *mapfile = opt_get(o, "owner-map"), *v;
	FILE *in = NULL, *rej = NULL;
	char *rejpath = NULL;
	int rc = EXIT_OK;

	memset(&io, 0, sizeof(io));
	import_summary_init(&s);
	fc_error_clear(&err);
	if (o->npos > 1 || (o->npos == 0 && !mapfile)) {
		rc = cli_usage(cli, "import", "give the file: import %s FILE%s", sub,
			       activities ? "" : " (or --owner-map FILE)");
		goto done;
	}
	if ((rc = ctx_act_as(&cli->ctx, cli->as, &err))) {
		rc = cli_fail(cli, &err);
		goto done;
	}
	static const char *const names[] = { "preset", "delimiter", "dry-run",
					     "date-format", "batch", NULL };
	for (const char *const *n = names; *n; n++)
		if (opt_has(o, *n) && import_option_set(&io, *n, opt_get(o, *n),
							&err)) {
			rc = cli_usage(cli, "import", "%s", err.message);
			goto done;
		}
	rejpath = rejected_path(opt_get(o, "rejects"), o->npos ? o->pos[0] :
				mapfile, sub);
	if (!(rej = is_stdio(rejpath) ? stdout : fopen(rejpath, "w"))) {
		fprintf(stderr, "fulcrum: cannot write '%s': %s\n", rejpath,
			strerror(errno));
		rc = EXIT_STORE;
		goto done;
	}
	io.rejected = rej;
	if (o->npos) {
		v = o->pos[0];
		if (!(in = is_stdio(v) ? stdin : fopen(v, "rb"))) {
			fprintf(stderr, "fulcrum: cannot open '%s': %s\n", v,
				strerror(errno));
			rc = EXIT_NOTFOUND;
			goto done;
		}
		rc = activities ? import_activities(&cli->ctx, in, &io, &s, &err) :
		     import_users(&cli->ctx, in, &io, &s, &err);
	}
	if (!rc && mapfile) {
		if ((rc = read_file(mapfile, MAP_FILE_MAX, &map, &err)) == 0)
			rc = import_owner_map(&cli->ctx, map.s ? map.s : "", &io, &s,
					      &err);
	}
	if (rc) {
		rc = cli_fail(cli, &err);
		goto done;
	}
	int noted = s.rejected || (activities && s.skipped);
	print_summary(cli, rej == stdout ? stderr : stdout, &s, io.dry_run,
		      noted && rej != stdout ? rejpath : NULL);
	rc = s.rejected ? EXIT_REFUSED : EXIT_OK;
done:
	if (rej && rej != stdout) {
		fclose(rej);
		if (!s.rejected && !(activities && s.skipped) && rejpath)
			unlink(rejpath);
	} else if (rej) {
		fflush(stdout);
	}
	if (in && in != stdin)
		fclose(in);
	free(rejpath);
	buf_release(&map);
	import_summary_release(&s);
	return rc;
}

static const struct opt_spec folder_specs[] = {
	{ "rejects", 1, "DIR" }, { "owner-map", 1, "FILE" }, { "date-format", 1, "iso|us|eu" },
	{ "on-duplicate", 1, "skip|update|error" }, { "allow-duplicates", 0, NULL },
	{ "stage-map", 1, "'Their Stage=STEP,...'" }, { NULL, 0, NULL }
};

static void print_counts(FILE *out, const char *name, int width, json_t *r)
{
	fprintf(out, "%-*s", width, name);
	static const char *const cols[] = { "read", "imported", "merged",
		"skipped", "rejected" };
	for (int i = 0; i < 5; i++)
		fprintf(out, "  %8" JSON_INTEGER_FORMAT,
			json_integer_value(json_object_get(r, cols[i])));
	fprintf(out, "\n");
}

/* The reconciliation of a folder: a row per file, then per owner. */
static void print_folder(struct cli *cli, json_t *rep)
{
	json_t *r;
	size_t i;
	int width = 24;
	if (cli->json) {
		char *t = json_dumps(rep, JSON_INDENT(2));
		printf("%s\n", t);
		free(t);
		return;
	}
	json_array_foreach(json_object_get(rep, "files"), i, r) {
		int n = (int)strlen(json_string_value(json_object_get(r, "file"))) +
			(int)strlen(json_string_value(json_object_get(r, "kind"))) + 3;
		if (n > width)
			width = n;
	}
	json_array_foreach(json_object_get(rep, "owners"), i, r) {
		int n = (int)strlen(json_string_value(json_object_get(r, "owner")));
		if (n > width)
			width = n;
	}
	printf("%-*s  %8s  %8s  %8s  %8s  %8s\n", width, "file", "read",
	       "imported", "merged", "skipped", "rejected");
	json_array_foreach(json_object_get(rep, "files"), i, r) {
		char name[600];
		snprintf(name, sizeof(name), "%s (%s)", json_string_value(
			json_object_get(r, "file")), json_string_value(
			json_object_get(r, "kind")));
		print_counts(stdout, name, width, r);
	}
	printf("\n%-*s  %8s  %8s  %8s  %8s  %8s\n", width, "owner", "read",
	       "imported", "merged", "skipped", "rejected");
	json_array_foreach(json_object_get(rep, "owners"), i, r)
		print_counts(stdout, json_string_value(json_object_get(r, "owner")),
			     width, r);
	json_array_foreach(json_object_get(rep, "files"), i, r) {
		const char *note = json_string_value(json_object_get(r, "note"));
		const char *rej = json_string_value(json_object_get(r, "rejects"));
		const char *file = json_string_value(json_object_get(r, "file"));
		if (note)
			printf("%s: %s\n", file, note);
		if (rej)
			printf("%s: rows not imported, with their reasons: %s\n", file,
			       rej);
	}
}

/* import salesforce|hubspot|pipedrive DIR: a whole export folder. */
static int import_folder_run(struct cli *cli, const char *sub,
			     const struct opts *o)
{
	struct import_options io;
	struct fc_error err;
	json_t *rep = NULL;
	int rc;

	memset(&io, 0, sizeof(io));
	fc_error_clear(&err);
	if (o->npos != 1)
		return cli_usage(cli, "import", "give the folder: import %s DIR", sub);
	if ((rc = ctx_act_as(&cli->ctx, cli->as, &err)))
		return cli_fail(cli, &err);
	static const char *const names[] = { "date-format", "on-duplicate",
					     "allow-duplicates", "stage-map",
					     NULL };
	for (const char *const *n = names; *n; n++)
		if (opt_has(o, *n) && import_option_set(&io, *n, opt_get(o, *n),
							&err))
			return cli_usage(cli, "import", "%s", err.message);
	/* rejected rows beside the files, else in the current folder */
	const char *rejdir = opt_get(o, "rejects");
	if (!rejdir)
		rejdir = access(o->pos[0], W_OK) ? "." : o->pos[0];
	struct buf map = BUF_INIT;
	const char *mapfile = opt_get(o, "owner-map");
	if (mapfile && (rc = read_file(mapfile, MAP_FILE_MAX, &map, &err))) {
		buf_release(&map);
		return cli_fail(cli, &err);
	}
	rc = import_folder(&cli->ctx, sub, o->pos[0], &io, mapfile ?
			   (map.s ? map.s : "") : NULL, rejdir, &rep, &err);
	buf_release(&map);
	if (rc)
		return cli_fail(cli, &err);
	print_folder(cli, rep);
	int rejected = 0;
	json_t *r;
	size_t i;
	json_array_foreach(json_object_get(rep, "files"), i, r)
		rejected |= json_integer_value(json_object_get(r, "rejected")) > 0;
	json_decref(rep);
	return rejected ? EXIT_REFUSED : EXIT_OK;
}

/* What the import would do with a preview row, in words. */
static const char *check_verb(const char *outcome)
{
	static const char *const verbs[][2] = {
		{ "imported", "import" }, { "flagged", "import, flagged as a likely "
		"duplicate" }, { "skipped", "skip" }, { "updated", "merge into" },
		{ "rejected", "reject" },
	};
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(verbs[i][0], outcome))
			return verbs[i][1];
	return outcome;
}

/* import KIND FILE --preview N: the columns' fields and what the import
 * with the options given would do with each of the first N rows
 * (core/import.h, import_preview_check), nothing kept. IN is the file. */
static int import_preview_run(struct cli *cli, FILE *in,
			      const struct import_options *io,
			      const struct opts *o)
{
	struct fc_error err;
	json_t *out = NULL, *checks = NULL, *c;
	int64_t rows;
	size_t i;

	fc_error_clear(&err);
	if (opt_int(cli, o, "preview", &rows, 5))
		return EXIT_USAGE;
	if (rows < 0 || rows > IMPORT_PREVIEW_ROWS_MAX)
		return cli_usage(cli, "import", "--preview must be 0-%d",
				 IMPORT_PREVIEW_ROWS_MAX);
	if (io->kind == IMPORT_HISTORY)
		return cli_usage(cli, "import", "--preview is for accounts, contacts, "
				 "leads and deals");
	if (import_preview(in, io, (int)rows, &out, &err))
		return cli_fail(cli, &err);
	rewind(in);
	if (import_preview_check(&cli->ctx, in, io, (int)rows, &checks, &err)) {
		json_decref(out);
		return cli_fail(cli, &err);
	}
	json_object_set_new(out, "checks", checks);
	if (cli->json) {
		char *t = json_dumps(out, JSON_INDENT(2));
		printf("%s\n", t);
		free(t);
		json_decref(out);
		return EXIT_OK;
	}
	printf("columns:");
	json_array_foreach(json_object_get(out, "columns"), i, c) {
		const char *field = json_string_value(json_object_get(c, "field"));
		printf("%s %s -> %s", i ? "," : "",
		       json_string_value(json_object_get(c, "header")),
		       field && strcmp(field, "ignore") ? field : "(not imported)");
	}
	printf("\n");
	json_array_foreach(checks, i, c) {
		json_t *row = json_array_get(json_object_get(out, "rows"), i);
		json_t *rec = json_object_get(c, "record");
		const char *why = json_string_value(json_object_get(c, "reason"));
		const char *first = json_string_value(json_array_get(row, 0));
		printf("row %zu (%s): %s", i + 1, first ? first : "",
		       check_verb(json_string_value(json_object_get(c, "outcome"))));
		if (json_is_object(rec)) {
			const char *name = json_string_value(json_object_get(rec, "name"));
			printf(" %s '%s' (#%" JSON_INTEGER_FORMAT ")",
			       json_string_value(json_object_get(rec, "kind")),
			       name ? name : "", json_integer_value(json_object_get(rec,
								       "id")));
		}
		if (why)
			printf(": %s", why);
		printf("\n");
	}
	json_decref(out);
	return EXIT_OK;
}

/* import KIND FILE [options]: SUB is the kind. */
static int import_run(struct cli *cli, const char *sub, const struct opts *given)
{
	struct opts o = *given;
	struct import_options io;
	struct import_summary s;
	struct fc_error err;
	struct buf data = BUF_INIT, mapfile = BUF_INIT;
	struct progress bar = { 0 };
	FILE *in = NULL, *rej = NULL;
	char *rejpath = NULL, hash[65];
	const char *v;
	int rc, kind = -1;

	memset(&io, 0, sizeof(io));
	import_summary_init(&s);
	fc_error_clear(&err);
	if (o.npos != 1) {
		rc = cli_usage(cli, "import", "give the file: import %s FILE", sub);
		goto done;
	}
	const char *what = sub, *path = o.pos[0];
	if (!strcmp(what, "json")) {
		rc = import_json_file(cli, path);
		goto done;
	}
	/* everything but a restore acts as a user of an existing organisation */
	if ((rc = ctx_act_as(&cli->ctx, cli->as, &err))) {
		rc = cli_fail(cli, &err);
		goto done;
	}
	if (!strcmp(what, "leads")) {	/* another CRM's leads: contacts */
		what = "contacts";
		io.leads = 1;
	}
	if (strcmp(what, "vcard") && (kind = import_kind_parse(what)) < 0) {
		rc = cli_usage(cli, "import", "cannot import '%s': accounts, contacts, "
			       "deals, history, vcard or json", what);
		goto done;
	}
	io.kind = kind < 0 ? IMPORT_CONTACTS : (enum import_kind)kind;
	/* every option but --map-file is the core's, named as in the API */
	for (const char *const *n = import_option_names; *n; n++) {
		char flag[32];
		size_t k = 0;
		for (; (*n)[k] && k + 1 < sizeof(flag); k++)
			flag[k] = (*n)[k] == '_' ? '-' : (*n)[k];
		flag[k] = '\0';
		if (opt_has(&o, flag) &&
		    import_option_set(&io, flag, opt_get(&o, flag), &err)) {
			rc = cli_usage(cli, "import", "%s", err.message);
			goto done;
		}
	}
	if ((v = opt_get(&o, "map-file"))) {
		if (io.map) {
			rc = cli_usage(cli, "import", "give --map or --map-file, not both");
			goto done;
		}
		if ((rc = read_file(v, MAP_FILE_MAX, &mapfile, &err))) {
			rc = cli_fail(cli, &err);
			goto done;
		}
		/* one pair a line; a map file of one line still splits on commas */
		io.map = mapfile.s;
	}

	rejpath = rejected_path(opt_get(&o, "rejects"), path, what);
	int rej_stdout = is_stdio(rejpath);
	if (!strcmp(what, "vcard")) {
		if ((rc = read_file(path, IMPORT_FILE_MAX, &data, &err))) {
			rc = cli_fail(cli, &err);
			goto done;
		}
		if (!(rej = rej_stdout ? stdout : fopen(rejpath, "w"))) {
			fprintf(stderr, "fulcrum: cannot write '%s': %s\n", rejpath,
				strerror(errno));
			rc = EXIT_STORE;
			goto done;
		}
		io.rejected = rej;
		rc = import_vcard(&cli->ctx, data.s, data.len, &io, &s, &err);
	} else {
		struct stat stt;
		if (is_stdio(path) && !(in = stdin_copy(&err))) {
			rc = cli_fail(cli, &err);
			goto done;
		}
		if (!in && !(in = fopen(path, "rb"))) {
			fprintf(stderr, "fulcrum: cannot open '%s': %s\n", path,
				strerror(errno));
			rc = EXIT_NOTFOUND;
			goto done;
		}
		if (opt_has(&o, "preview")) {
			rc = import_preview_run(cli, in, &io, &o);
			goto done;
		}
		if ((rc = import_hash_stream(in, hash, &err))) {
			rc = cli_fail(cli, &err);
			goto done;
		}
		io.input_hash = hash;
		if (!(rej = rej_stdout ? stdout :
		      fopen(rejpath, io.resume ? "a" : "w"))) {
			fprintf(stderr, "fulcrum: cannot write '%s': %s\n", rejpath,
				strerror(errno));
			rc = EXIT_STORE;
			goto done;
		}
		fseek(rej, 0, SEEK_END);
		io.rejected = rej;
		progress_start(cli, &bar, "importing",
			       fstat(fileno(in), &stt) ? 1 : (int64_t)stt.st_size);
		io.progress = on_progress;
		io.progress_data = &bar;
		rc = import_csv(&cli->ctx, in, &io, &s, &err);
		progress_end(&bar);
	}
	if (rc) {
		if (s.committed > 0 && !io.dry_run)
			fprintf(stderr, "fulcrum: import stopped: rows 1-%" PRId64 " are "
				"committed; run the same command with --resume to import "
				"the rest\n", s.committed);
		rc = cli_fail(cli, &err);
		goto done;
	}
	print_summary(cli, rej_stdout ? stderr : stdout, &s, io.dry_run,
		      !rej_stdout ? rejpath : NULL);
	rc = s.rejected ? EXIT_REFUSED : EXIT_OK;
done:
	if (rej == stdout) {
		fflush(stdout);
	} else if (rej) {
		long size = ftell(rej);
		fclose(rej);
		/* no row rejected or decided (only the header): leave no file
		 * behind */
		if (!s.rejected && !json_array_size(s.decisions) && !io.resume &&
		    rejpath && size >= 0)
			unlink(rejpath);
	}
	if (in)
		fclose(in);
	free(rejpath);
	buf_release(&data);
	buf_release(&mapfile);
	import_summary_release(&s);
	return rc;
}

const struct subcmd import_subcmds[] = {
	{ "accounts", import_run, import_specs, "FILE.csv", "accounts from CSV" },
	{ "contacts", import_run, import_specs, "FILE.csv", "contacts from CSV" },
	{ "leads", import_run, import_specs, "FILE.csv", "another CRM's leads, "
	  "as contacts to engage" },
	{ "deals", import_run, import_specs, "FILE.csv", "deals, with their "
	  "history, from CSV" },
	{ "history", import_run, import_specs, "FILE.csv", "deals' stage history "
	  "(deal,stage,date) replayed into their steps" },
	{ "users", import_users_run, users_specs, "FILE.csv", "another CRM's "
	  "users (new ones inactive), so its owner ids resolve" },
	{ "activities", import_users_run, activities_specs, "FILE.csv",
	  "another CRM's tasks, events, calls: interactions and next steps" },
	{ "salesforce", import_folder_run, folder_specs, "DIR", "a Salesforce "
	  "export folder, users to activities, reconciled" },
	{ "hubspot", import_folder_run, folder_specs, "DIR", "a folder of "
	  "HubSpot exports, the same way" },
	{ "pipedrive", import_folder_run, folder_specs, "DIR", "a folder of "
	  "Pipedrive exports, the same way" },
	{ "vcard", import_run, vcard_specs, "FILE.vcf", "contacts from vCard" },
	{ "json", import_run, NULL, "FILE.json", "a whole backup, into an empty "
	  "database" },
	{ "rates", cmd_import_rates, NULL, "FILE.csv", "exchange rates: "
	  "currency,date,rate (admins)" },
	{ NULL, NULL, NULL, NULL, NULL }
};
